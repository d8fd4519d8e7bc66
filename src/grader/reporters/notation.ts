// How expected and actual values are written for a learner: as JSON, the notation of every
// Lambda event and response whatever the language (not as JavaScript objects), with a space
// after each colon and comma as Python's json.dumps writes it. Prose (a string) stays prose.

const missing = '(missing)';
const flatLimit = 90;

function flat(value: unknown): string {
  if (value === undefined) return missing;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (Array.isArray(value)) return `[${value.map(flat).join(', ')}]`;
  const members = Object.entries(value).map(([key, member]) => `${JSON.stringify(key)}: ${flat(member)}`);
  return `{${members.join(', ')}}`;
}

function indented(value: unknown, depth: number): string {
  const one = flat(value);
  if (one.length + depth * 2 <= flatLimit || value === null || typeof value !== 'object') return one;
  const pad = '  '.repeat(depth + 1);
  const close = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => pad + indented(item, depth + 1)).join(',\n')}\n${close}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, member]) => `${pad}${JSON.stringify(key)}: ${indented(member, depth + 1)}`).join(',\n')}\n${close}}`;
}

/** A value as JSON text, on one line when it fits; a string is shown as it is (it is a description or a log line). */
export function asJson(value: unknown): string {
  return typeof value === 'string' ? value : indented(value, 0);
}
