// Code blocks wider than the column scroll sideways; a keyboard user can scroll one only if it
// can take focus. Each block that overflows here becomes a focusable region named after its
// language (axe-core: scrollable-region-focusable). Blocks that fit stay out of the Tab order.

export function focusableScrollers(): void {
  for (const pre of document.querySelectorAll<HTMLElement>('.sl-markdown-content pre')) {
    if (pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex')) continue;
    pre.tabIndex = 0;
    pre.setAttribute('role', 'region');
    pre.setAttribute('aria-label', `Code${pre.dataset.language ? ` (${pre.dataset.language})` : ''}, scrolls sideways`);
  }
}

/**
 * Starlight's search button is labelled "Search" but shows "Search Ctrl K": a speech user who
 * says what they see would not match it (axe-core: label-content-name-mismatch). Its name
 * becomes what it shows.
 */
export function searchButtonName(): void {
  for (const button of document.querySelectorAll<HTMLElement>('button[data-open-modal][aria-label]')) {
    const shown = (button.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (shown) button.setAttribute('aria-label', shown);
  }
}
