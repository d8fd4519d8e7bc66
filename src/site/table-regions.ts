// Every table of a page in a scrolling region a keyboard can reach: a wide table scrolls inside
// its own box instead of widening the page, and the box is focusable (tabindex=0) and named
// (role=region, aria-label) so it is announced and scrolls with the arrow keys. Done on the
// rendered HTML (src/middleware.ts), so Markdown, MDX and components are all covered.

const decode = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

const attribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Wraps each table not already in a region; the label is the section's heading and the columns. */
export function wrapTables(html: string): string {
  let heading = '';
  let depth = 0;
  // Headings and tables in document order; a region already in the HTML (QuotasTable) is left alone.
  return html.replace(/<h[2-4][^>]*>([\s\S]*?)<\/h[2-4]>|<div class="table-region"|<table\b[\s\S]*?<\/table>/g, (match, headingHtml: string | undefined) => {
    if (headingHtml !== undefined) {
      heading = decode(headingHtml);
      return match;
    }
    if (match.startsWith('<div')) {
      depth++;
      return match;
    }
    if (depth > 0) {
      depth--;
      return match;
    }
    const head = /<thead[\s\S]*?<\/thead>/.exec(match)?.[0] ?? '';
    const columns = [...head.matchAll(/<th\b[^>]*>([\s\S]*?)<\/th>/g)].map((m) => decode(m[1]!)).filter(Boolean);
    const label = `${heading ? `${heading}: ` : ''}table${columns.length ? ` of ${columns.join(', ')}` : ''}`;
    return `<div class="table-region" role="region" tabindex="0" aria-label="${attribute(label)}">${match}</div>`;
  });
}
