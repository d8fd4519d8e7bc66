// UpdateItem's UpdateExpression: SET (path = value, value + value, value - value, if_not_exists,
// list_append), REMOVE, ADD (numbers and sets) and DELETE (from sets), each section once, every
// right-hand side read from the item as it was before the update, key attributes untouchable,
// overlapping paths refused.
// Source: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
// Messages follow DynamoDB's ValidationExceptions [obs].

import { normalizeNumber, sameValue, typeOf, type AttributeValue, type Item } from './attribute-values.ts';
import { getAt, overlaps, readPath, removeAt, setAt, showPath, type DocumentPath } from './document-paths.ts';
import { Reader, tokenize, type Placeholders } from './expressions.ts';
import { TableError } from './table-error.ts';

type Value =
  | { kind: 'value'; value: AttributeValue }
  | { kind: 'path'; path: DocumentPath }
  | { kind: 'if_not_exists'; path: DocumentPath; fallback: Value }
  | { kind: 'list_append'; first: Value; second: Value }
  | { kind: 'arithmetic'; operator: '+' | '-'; left: Value; right: Value };

type Action =
  | { section: 'SET'; path: DocumentPath; value: Value }
  | { section: 'REMOVE'; path: DocumentPath }
  | { section: 'ADD' | 'DELETE'; path: DocumentPath; value: AttributeValue };

const sections = ['SET', 'REMOVE', 'ADD', 'DELETE'] as const;
const invalid = (message: string) => new TableError('ValidationException', `Invalid UpdateExpression: ${message}`);
const typeNames: Record<string, string> = { S: 'STRING', N: 'NUMBER', B: 'BINARY', BOOL: 'BOOLEAN', NULL: 'NULL', M: 'MAP', L: 'LIST', SS: 'SET', NS: 'SET', BS: 'SET' };

export function parseUpdate(expression: string, placeholders: Placeholders): Action[] {
  const parameter = 'UpdateExpression';
  if (expression.trim() === '') throw invalid('The expression can not be empty;');
  const read = new Reader(tokenize(expression, parameter), parameter);
  const seen = new Set<string>();
  const actions: Action[] = [];
  const term = (): Value => {
    const token = read.peek();
    if (token.kind === 'value') return { kind: 'value', value: placeholders.value(read.next(), parameter) };
    if (token.kind === 'name' && (token.text === 'if_not_exists' || token.text === 'list_append')) {
      read.next();
      read.expect('(');
      if (token.text === 'if_not_exists') {
        const path = readPath(read, placeholders, parameter);
        read.expect(',');
        const fallback = term();
        read.expect(')');
        return { kind: 'if_not_exists', path, fallback };
      }
      const first = term();
      read.expect(',');
      const second = term();
      read.expect(')');
      return { kind: 'list_append', first, second };
    }
    return { kind: 'path', path: readPath(read, placeholders, parameter) };
  };
  while (read.peek().kind !== 'end') {
    const keyword = read.next();
    const section = keyword.text.toUpperCase() as (typeof sections)[number];
    if (keyword.kind !== 'name' || !sections.includes(section)) read.fail(keyword, 'expected SET, REMOVE, ADD or DELETE');
    if (seen.has(section)) throw invalid(`The "${section}" section can only be used once in an update expression;`);
    seen.add(section);
    do {
      if (read.peek().text === ',') read.next();
      const path = readPath(read, placeholders, parameter);
      if (section === 'REMOVE') actions.push({ section, path });
      else if (section === 'SET') {
        read.expect('=');
        const left = term();
        const sign = read.peek().text;
        if (sign === '+' || sign === '-') {
          read.next();
          actions.push({ section, path, value: { kind: 'arithmetic', operator: sign, left, right: term() } });
        } else actions.push({ section, path, value: left });
      } else actions.push({ section, path, value: placeholders.value(read.next(), parameter) });
    } while (read.peek().text === ',');
  }
  return actions;
}

function addNumbers(a: string, b: string, subtract: boolean): string {
  // Exact decimal arithmetic on up to 38 digits: scale both to integers, add as BigInt.
  const scale = (n: string) => {
    const [whole, fraction = ''] = n.replace('-', '').split('.');
    return { digits: BigInt(`${whole}${fraction}`) * (n.startsWith('-') ? -1n : 1n), places: fraction.length };
  };
  const x = scale(normalizeNumber(a));
  const y = scale(normalizeNumber(b));
  const places = Math.max(x.places, y.places);
  const sum = x.digits * 10n ** BigInt(places - x.places) + (subtract ? -1n : 1n) * y.digits * 10n ** BigInt(places - y.places);
  const text = (sum < 0n ? -sum : sum).toString().padStart(places + 1, '0');
  const body = places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
  return normalizeNumber(`${sum < 0n ? '-' : ''}${body}`);
}

function resolve(value: Value, item: Item | undefined): AttributeValue {
  switch (value.kind) {
    case 'value':
      return value.value;
    case 'path': {
      const found = getAt(item, value.path);
      if (!found) throw new TableError('ValidationException', `The provided expression refers to an attribute that does not exist in the item (${showPath(value.path)})`);
      return found;
    }
    case 'if_not_exists':
      return getAt(item, value.path) ?? resolve(value.fallback, item);
    case 'list_append': {
      const first = resolve(value.first, item);
      const second = resolve(value.second, item);
      for (const v of [first, second]) if (!v.L) throw invalid(`Incorrect operand type for operator or function; operator or function: list_append, operand type: ${typeNames[typeOf(v)]}`);
      return { L: [...first.L!, ...second.L!] };
    }
    case 'arithmetic': {
      const left = resolve(value.left, item);
      const right = resolve(value.right, item);
      if (left.N === undefined || right.N === undefined) throw new TableError('ValidationException', 'An operand in the update expression has an incorrect data type');
      return { N: addNumbers(left.N, right.N, value.operator === '-') };
    }
  }
}

/** The item after the actions (a new object), and the top-level attributes they touched. */
export function applyUpdate(actions: Action[], old: Item | undefined, key: Item): { item: Item; touched: string[] } {
  for (const action of actions) {
    if (action.path[0].name in key) throw new TableError('ValidationException', `One or more parameter values were invalid: Cannot update attribute ${action.path[0].name}. This attribute is part of the key`);
  }
  for (let i = 0; i < actions.length; i++) {
    for (let j = i + 1; j < actions.length; j++) {
      if (overlaps(actions[i]!.path, actions[j]!.path)) {
        throw invalid(`Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [${showPath(actions[i]!.path)}], path two: [${showPath(actions[j]!.path)}]`);
      }
    }
  }
  // Every right-hand side reads the item as it was before this update.
  const values = actions.map((a) => (a.section === 'SET' ? resolve(a.value, old) : undefined));
  const item: Item = structuredClone(old ?? key);
  actions.forEach((action, i) => {
    if (action.section === 'SET') return setAt(item, action.path, values[i]!);
    if (action.section === 'REMOVE') return removeAt(item, action.path);
    const current = getAt(item, action.path);
    const operand = action.value;
    const setKind = ['SS', 'NS', 'BS'].find((k) => k in operand) as 'SS' | 'NS' | 'BS' | undefined;
    if (action.section === 'ADD' && operand.N !== undefined) {
      if (current && current.N === undefined) throw invalid(`Incorrect operand type for operator or function; operator: ADD, operand type: ${typeNames[typeOf(current)]}`);
      return setAt(item, action.path, { N: addNumbers(current?.N ?? '0', operand.N, false) });
    }
    if (!setKind) throw invalid(`Incorrect operand type for operator or function; operator: ${action.section}, operand type: ${typeNames[typeOf(operand)]}`);
    if (current && !(setKind in current)) throw invalid(`Incorrect operand type for operator or function; operator: ${action.section}, operand type: ${typeNames[typeOf(current)]}`);
    const members = (current?.[setKind] ?? []) as string[];
    const given = operand[setKind] as string[];
    const same = (a: string, b: string) => sameValue({ [setKind === 'SS' ? 'S' : setKind === 'NS' ? 'N' : 'B']: a }, { [setKind === 'SS' ? 'S' : setKind === 'NS' ? 'N' : 'B']: b });
    const next = action.section === 'ADD' ? [...members, ...given.filter((g) => !members.some((m) => same(m, g)))] : members.filter((m) => !given.some((g) => same(m, g)));
    if (next.length === 0) removeAt(item, action.path);
    else setAt(item, action.path, { [setKind]: next });
  });
  return { item, touched: [...new Set(actions.map((a) => a.path[0].name))] };
}
