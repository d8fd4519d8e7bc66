// Condition expressions (ConditionExpression on writes, FilterExpression on Query and Scan):
// comparisons = <> < <= > >=, BETWEEN, IN, the functions attribute_exists, attribute_not_exists,
// attribute_type, begins_with, contains and size, joined by NOT, AND, OR (that precedence) and
// parentheses; evaluated on an item as DynamoDB evaluates them: a missing attribute is unequal to
// everything (so <> is true) and fails every other comparison, values of different types are
// unequal and unordered, and a failed write condition is ConditionalCheckFailedException.
// Sources: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
// <> on a missing attribute is true [obs] (nubo-db/dynoxide PR 8, ExtendDB/extenddb PR 5, checked on DynamoDB).

import { compareKeyValues, sameValue, typeOf, type AttributeValue, type Item } from './attribute-values.ts';
import { getAt, readPath, type DocumentPath } from './document-paths.ts';
import { Reader, tokenize, type Placeholders } from './expressions.ts';
import { TableError } from './table-error.ts';

type Operand = { kind: 'path'; path: DocumentPath } | { kind: 'value'; value: AttributeValue } | { kind: 'size'; path: DocumentPath };

export type Condition =
  | { kind: 'compare'; operator: string; left: Operand; right: Operand }
  | { kind: 'between'; operand: Operand; low: Operand; high: Operand }
  | { kind: 'in'; operand: Operand; list: Operand[] }
  | { kind: 'function'; name: string; path: DocumentPath; argument?: Operand }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; condition: Condition };

const functions = ['attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains'];
const comparators = ['=', '<>', '<', '<=', '>', '>='];

export function parseCondition(expression: string, placeholders: Placeholders, parameter: string): Condition {
  if (expression.trim() === '') throw new TableError('ValidationException', `Invalid ${parameter}: The expression can not be empty;`);
  const read = new Reader(tokenize(expression, parameter), parameter);
  const word = (w: string) => read.isWord(w);
  const operand = (): Operand => {
    const token = read.peek();
    if (token.kind === 'value') return { kind: 'value', value: placeholders.value(read.next(), parameter) };
    if (token.kind === 'name' && token.text === 'size') {
      read.next();
      read.expect('(');
      const path = readPath(read, placeholders, parameter);
      read.expect(')');
      return { kind: 'size', path };
    }
    return { kind: 'path', path: readPath(read, placeholders, parameter) };
  };
  const primary = (): Condition => {
    if (read.peek().text === '(') {
      read.next();
      const inner = or();
      read.expect(')');
      return inner;
    }
    const token = read.peek();
    if (token.kind === 'name' && functions.includes(token.text)) {
      read.next();
      read.expect('(');
      const path = readPath(read, placeholders, parameter);
      let argument: Operand | undefined;
      if (token.text !== 'attribute_exists' && token.text !== 'attribute_not_exists') {
        read.expect(',');
        argument = operand();
      }
      read.expect(')');
      return { kind: 'function', name: token.text, path, ...(argument ? { argument } : {}) };
    }
    const left = operand();
    if (word('BETWEEN')) {
      read.next();
      const low = operand();
      read.expect('AND');
      return { kind: 'between', operand: left, low, high: operand() };
    }
    if (word('IN')) {
      read.next();
      read.expect('(');
      const list = [operand()];
      while (read.peek().text === ',') {
        read.next();
        list.push(operand());
      }
      read.expect(')');
      return { kind: 'in', operand: left, list };
    }
    const operator = read.next();
    if (!comparators.includes(operator.text)) read.fail(operator, `expected a comparator (${comparators.join(' ')}), BETWEEN or IN`);
    return { kind: 'compare', operator: operator.text, left, right: operand() };
  };
  const not = (): Condition => {
    if (!word('NOT')) return primary();
    read.next();
    return { kind: 'not', condition: not() };
  };
  const and = (): Condition => {
    let left = not();
    while (word('AND')) {
      read.next();
      left = { kind: 'and', left, right: not() };
    }
    return left;
  };
  function or(): Condition {
    let left = and();
    while (word('OR')) {
      read.next();
      left = { kind: 'or', left, right: and() };
    }
    return left;
  }
  const condition = or();
  if (read.peek().kind !== 'end') read.fail(read.peek(), 'expected the end of the expression, AND or OR');
  return condition;
}

/** The top-level attributes a condition reads (a Query's filter may not name a key attribute). */
export function conditionAttributes(condition: Condition): string[] {
  const ofOperand = (o: Operand) => (o.kind === 'value' ? [] : [o.path[0].name]);
  switch (condition.kind) {
    case 'compare':
      return [...ofOperand(condition.left), ...ofOperand(condition.right)];
    case 'between':
      return [condition.operand, condition.low, condition.high].flatMap(ofOperand);
    case 'in':
      return [condition.operand, ...condition.list].flatMap(ofOperand);
    case 'function':
      return [condition.path[0].name, ...(condition.argument ? ofOperand(condition.argument) : [])];
    case 'not':
      return conditionAttributes(condition.condition);
    default:
      return [...conditionAttributes(condition.left), ...conditionAttributes(condition.right)];
  }
}

function sizeOf(value: AttributeValue | undefined): AttributeValue | undefined {
  if (!value) return undefined;
  const n = value.S !== undefined ? [...value.S].length : value.B !== undefined ? Buffer.from(value.B, 'base64').length : (value.SS ?? value.NS ?? value.BS ?? value.L)?.length ?? (value.M ? Object.keys(value.M).length : undefined);
  return n === undefined ? undefined : { N: String(n) };
}

const orderable = (v: AttributeValue) => ['S', 'N', 'B'].includes(typeOf(v));

function compare(operator: string, a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (!a || !b) return operator === '<>';
  if (operator === '=') return sameValue(a, b);
  if (operator === '<>') return !sameValue(a, b);
  if (typeOf(a) !== typeOf(b) || !orderable(a)) return false;
  const order = compareKeyValues(typeOf(a) as 'S' | 'N' | 'B', a, b);
  return operator === '<' ? order < 0 : operator === '<=' ? order <= 0 : operator === '>' ? order > 0 : order >= 0;
}

function contains(container: AttributeValue | undefined, operand: AttributeValue | undefined): boolean {
  if (!container || !operand) return false;
  if (container.S !== undefined) return operand.S !== undefined && container.S.includes(operand.S);
  if (container.SS) return operand.S !== undefined && container.SS.includes(operand.S);
  if (container.NS) return operand.N !== undefined && container.NS.some((n) => compare('=', { N: n }, operand));
  if (container.BS) return operand.B !== undefined && container.BS.some((b) => Buffer.from(b, 'base64').equals(Buffer.from(operand.B!, 'base64')));
  if (container.L) return container.L.some((member) => sameValue(member, operand));
  return false;
}

export function evaluate(condition: Condition, item: Item | undefined): boolean {
  const value = (o: Operand): AttributeValue | undefined => (o.kind === 'value' ? o.value : o.kind === 'size' ? sizeOf(getAt(item, o.path)) : getAt(item, o.path));
  switch (condition.kind) {
    case 'compare':
      return compare(condition.operator, value(condition.left), value(condition.right));
    case 'between': {
      const v = value(condition.operand);
      return compare('>=', v, value(condition.low)) && compare('<=', v, value(condition.high));
    }
    case 'in': {
      const v = value(condition.operand);
      return condition.list.some((o) => compare('=', v, value(o)));
    }
    case 'function': {
      const v = getAt(item, condition.path);
      const arg = condition.argument ? value(condition.argument) : undefined;
      switch (condition.name) {
        case 'attribute_exists':
          return v !== undefined;
        case 'attribute_not_exists':
          return v === undefined;
        case 'attribute_type':
          return v !== undefined && arg?.S === typeOf(v);
        case 'begins_with':
          if (v?.S !== undefined && arg?.S !== undefined) return v.S.startsWith(arg.S);
          if (v?.B !== undefined && arg?.B !== undefined) return Buffer.from(v.B, 'base64').subarray(0, Buffer.from(arg.B, 'base64').length).equals(Buffer.from(arg.B, 'base64'));
          return false;
        default:
          return contains(v, arg);
      }
    }
    case 'not':
      return !evaluate(condition.condition, item);
    case 'and':
      return evaluate(condition.left, item) && evaluate(condition.right, item);
    default:
      return evaluate(condition.left, item) || evaluate(condition.right, item);
  }
}

/** `item`: the item as it is, for ReturnValuesOnConditionCheckFailure ALL_OLD. */
export const conditionalCheckFailed = (item?: Item) => new TableError('ConditionalCheckFailedException', 'The conditional request failed', item ? { Item: item } : {});
