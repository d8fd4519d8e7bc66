// Metric math, the arithmetic part: an expression over the ids of other queries (m1, e1) and
// numbers with + - * / and parentheses, computed timestamp by timestamp where every series it
// names has a value ("errors / invocations * 100" for an error rate). Functions (SUM, METRICS,
// FILL, ...) are not emulated and are refused by name.
// Source: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
// ("Metric math syntax and functions": arithmetic operators, ids starting with a lowercase letter;
// a time series combined with a scalar applies to each datapoint).

export type Series = Map<number, number>;

type Node = { kind: 'number'; value: number } | { kind: 'id'; name: string } | { kind: 'neg'; of: Node } | { kind: 'op'; op: '+' | '-' | '*' | '/'; left: Node; right: Node };

export class MetricMathError extends Error {}

function tokens(text: string): string[] {
  const out: string[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/()]))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) throw new MetricMathError(`The expression ${JSON.stringify(text)} has ${JSON.stringify(text.slice(at).trim()[0])} where a number, an id or + - * / ( ) was expected.`);
    out.push(match[1] ?? match[2] ?? match[3]!);
    at = pattern.lastIndex;
  }
  return out;
}

/** Parses an expression; `known` are the ids it may name. */
export function parseExpression(text: string, known: ReadonlySet<string>): Node {
  const call = /([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(text);
  if (call) throw new MetricMathError(`The function ${call[1]}() is not emulated here: metric math in this course takes ids, numbers, + - * / and parentheses.`);
  const list = tokens(text);
  let i = 0;
  const peek = () => list[i];
  const primary = (): Node => {
    const token = list[i++];
    if (token === undefined) throw new MetricMathError(`The expression ${JSON.stringify(text)} ends where a number or an id was expected.`);
    if (token === '(') {
      const inner = sum();
      if (list[i++] !== ')') throw new MetricMathError(`The expression ${JSON.stringify(text)} misses a closing parenthesis.`);
      return inner;
    }
    if (token === '-') return { kind: 'neg', of: primary() };
    if (/^\d/.test(token)) return { kind: 'number', value: Number(token) };
    if (/^[A-Za-z_]/.test(token)) {
      if (!known.has(token)) throw new MetricMathError(`The expression ${JSON.stringify(text)} names ${token}, which is not the Id of another query here (${[...known].join(', ') || 'none'}).`);
      return { kind: 'id', name: token };
    }
    throw new MetricMathError(`The expression ${JSON.stringify(text)} has ${JSON.stringify(token)} where a number or an id was expected.`);
  };
  const product = (): Node => {
    let left = primary();
    while (peek() === '*' || peek() === '/') left = { kind: 'op', op: list[i++] as '*' | '/', left, right: primary() };
    return left;
  };
  const sum = (): Node => {
    let left = product();
    while (peek() === '+' || peek() === '-') left = { kind: 'op', op: list[i++] as '+' | '-', left, right: product() };
    return left;
  };
  const root = sum();
  if (i < list.length) throw new MetricMathError(`The expression ${JSON.stringify(text)} has ${JSON.stringify(list[i])} after its end.`);
  return root;
}

/** The ids an expression names. */
export function idsIn(node: Node): string[] {
  if (node.kind === 'id') return [node.name];
  if (node.kind === 'neg') return idsIn(node.of);
  if (node.kind === 'op') return [...idsIn(node.left), ...idsIn(node.right)];
  return [];
}

/** The expression's series: at each timestamp where every named series has a value (division by zero gives no value). */
export function evaluateExpression(node: Node, series: ReadonlyMap<string, Series>): Series {
  const names = [...new Set(idsIn(node))];
  const out: Series = new Map();
  if (names.length === 0) return out;
  const stamps = [...series.get(names[0]!)!.keys()].filter((t) => names.every((n) => series.get(n)!.has(t)));
  const at = (n: Node, t: number): number => {
    if (n.kind === 'number') return n.value;
    if (n.kind === 'id') return series.get(n.name)!.get(t)!;
    if (n.kind === 'neg') return -at(n.of, t);
    const l = at(n.left, t);
    const r = at(n.right, t);
    return n.op === '+' ? l + r : n.op === '-' ? l - r : n.op === '*' ? l * r : l / r;
  };
  for (const t of stamps.sort((a, b) => a - b)) {
    const value = at(node, t);
    if (Number.isFinite(value)) out.set(t, value);
  }
  return out;
}
