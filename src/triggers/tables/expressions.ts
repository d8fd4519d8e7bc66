// The expressions a Query, GetItem or PutItem carries that the local table evaluates: the key
// condition (partition key equality, then one sort-key comparison: = < <= > >= BETWEEN
// begins_with) and a projection of top-level attributes; with ExpressionAttributeNames (#n) and
// ExpressionAttributeValues (:v), reserved words refused and unused placeholders refused, as
// DynamoDB refuses them.
// Sources: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeValues.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html (KeyConditionExpression)

import { checkValue, type AttributeValue } from './attribute-values.ts';
import { isReservedWord } from './reserved-words.ts';
import { TableError } from './table-error.ts';

export type KeyOperator = '=' | '<' | '<=' | '>' | '>=' | 'BETWEEN' | 'begins_with';

export interface KeyCondition {
  attribute: string;
  operator: KeyOperator;
  values: AttributeValue[];
}

export interface Token {
  kind: 'name' | 'placeholder' | 'value' | 'number' | 'symbol' | 'end';
  text: string;
  at: number;
}

export function tokenize(expression: string, parameter: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|<>|[=<>(),.[\]+-])|(\d+))/y;
  let at = 0;
  while (at < expression.length) {
    if (/^\s*$/.test(expression.slice(at))) break;
    pattern.lastIndex = at;
    const match = pattern.exec(expression);
    if (!match) {
      const shown = expression.slice(at).trimStart()[0];
      throw new TableError('ValidationException', `Invalid ${parameter}: Syntax error; token: "${shown}", near: "${expression.slice(Math.max(0, at - 8), at + 8).trim()}"`);
    }
    const start = at + match[0].length - (match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5])!.length;
    if (match[1]) tokens.push({ kind: 'placeholder', text: match[1], at: start });
    else if (match[2]) tokens.push({ kind: 'value', text: match[2], at: start });
    else if (match[3]) tokens.push({ kind: 'name', text: match[3], at: start });
    else if (match[5]) tokens.push({ kind: 'number', text: match[5], at: start });
    else tokens.push({ kind: 'symbol', text: match[4]!, at: start });
    at = pattern.lastIndex;
  }
  tokens.push({ kind: 'end', text: '<EOF>', at: expression.length });
  return tokens;
}

/** The request's placeholders, and which of them its expressions used (the rest are refused). */
export class Placeholders {
  private readonly names: Record<string, string>;
  private readonly values: Record<string, AttributeValue>;
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();

  constructor(names: unknown, values: unknown) {
    const map = (value: unknown, parameter: string): Record<string, unknown> => {
      if (value === undefined) return {};
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TableError('ValidationException', `${parameter} must be a map.`);
      if (Object.keys(value).length === 0) throw new TableError('ValidationException', `${parameter} must not be empty`);
      return value as Record<string, unknown>;
    };
    this.names = Object.fromEntries(Object.entries(map(names, 'ExpressionAttributeNames')).map(([k, v]) => [k, String(v)]));
    this.values = Object.fromEntries(Object.entries(map(values, 'ExpressionAttributeValues')).map(([k, v]) => [k, checkValue(v, k)]));
  }

  name(token: Token, parameter: string): string {
    if (token.kind === 'placeholder') {
      const name = this.names[token.text];
      if (name === undefined) throw new TableError('ValidationException', `Invalid ${parameter}: An expression attribute name used in the document path is not defined; attribute name: ${token.text}`);
      this.usedNames.add(token.text);
      return name;
    }
    if (token.kind !== 'name') throw new TableError('ValidationException', `Invalid ${parameter}: Syntax error; token: "${token.text}", expected an attribute name`);
    if (isReservedWord(token.text)) {
      throw new TableError('ValidationException', `Invalid ${parameter}: Attribute name is a reserved keyword; reserved keyword: ${token.text} (write #${token.text} in the expression and ExpressionAttributeNames {"#${token.text}": "${token.text}"})`);
    }
    return token.text;
  }

  value(token: Token, parameter: string): AttributeValue {
    if (token.kind !== 'value') throw new TableError('ValidationException', `Invalid ${parameter}: Syntax error; token: "${token.text}", expected a value placeholder such as :v`);
    const value = this.values[token.text];
    if (value === undefined) throw new TableError('ValidationException', `Invalid ${parameter}: An expression attribute value used in expression is not defined; attribute value: ${token.text}`);
    this.usedValues.add(token.text);
    return value;
  }

  /** DynamoDB refuses a request whose placeholders its expressions do not all use. */
  checkAllUsed(): void {
    const unusedNames = Object.keys(this.names).filter((n) => !this.usedNames.has(n));
    if (unusedNames.length > 0) throw new TableError('ValidationException', `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`);
    const unusedValues = Object.keys(this.values).filter((v) => !this.usedValues.has(v));
    if (unusedValues.length > 0) throw new TableError('ValidationException', `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`);
  }
}

export class Reader {
  private at = 0;
  private readonly tokens: Token[];
  private readonly parameter: string;
  constructor(tokens: Token[], parameter: string) {
    this.tokens = tokens;
    this.parameter = parameter;
  }
  peek(): Token {
    return this.tokens[this.at]!;
  }
  next(): Token {
    return this.tokens[Math.min(this.at++, this.tokens.length - 1)]!;
  }
  isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'name' && token.text.toUpperCase() === word;
  }
  expect(text: string): void {
    const token = this.next();
    if (token.text.toUpperCase() !== text.toUpperCase()) this.fail(token, `expected ${text}`);
  }
  fail(token: Token, why: string): never {
    throw new TableError('ValidationException', `Invalid ${this.parameter}: Syntax error; token: "${token.text}" at ${token.at}, ${why}`);
  }
}

/** Parses `pk = :p [AND sk <op> :s]` (parentheses allowed around each part) into its conditions. */
export function parseKeyCondition(expression: string, placeholders: Placeholders): KeyCondition[] {
  const parameter = 'KeyConditionExpression';
  if (expression.trim() === '') throw new TableError('ValidationException', 'Invalid KeyConditionExpression: The expression can not be empty;');
  const read = new Reader(tokenize(expression, parameter), parameter);
  const attribute = (): string => {
    const token = read.next();
    const name = placeholders.name(token, parameter);
    if (read.peek().text === '.' || read.peek().text === '[') read.fail(read.peek(), 'a key condition names key attributes only, never a nested path');
    return name;
  };
  const condition = (): KeyCondition => {
    if (read.peek().text === '(') {
      read.next();
      const inner = condition();
      read.expect(')');
      return inner;
    }
    if (read.peek().kind === 'name' && read.peek().text === 'begins_with') {
      read.next();
      read.expect('(');
      const name = attribute();
      read.expect(',');
      const value = placeholders.value(read.next(), parameter);
      read.expect(')');
      return { attribute: name, operator: 'begins_with', values: [value] };
    }
    const name = attribute();
    if (read.isWord('BETWEEN')) {
      read.next();
      const low = placeholders.value(read.next(), parameter);
      read.expect('AND');
      const high = placeholders.value(read.next(), parameter);
      return { attribute: name, operator: 'BETWEEN', values: [low, high] };
    }
    const operator = read.next();
    if (!['=', '<', '<=', '>', '>='].includes(operator.text)) {
      if (operator.text === '<>') throw new TableError('ValidationException', 'Invalid operator used in KeyConditionExpression: <>');
      read.fail(operator, 'expected one of = < <= > >= BETWEEN');
    }
    return { attribute: name, operator: operator.text as KeyOperator, values: [placeholders.value(read.next(), parameter)] };
  };
  const conditions = [condition()];
  if (read.isWord('AND')) {
    read.next();
    conditions.push(condition());
  }
  if (read.isWord('OR')) throw new TableError('ValidationException', 'Invalid operator used in KeyConditionExpression: OR');
  if (read.peek().kind !== 'end') read.fail(read.peek(), 'a key condition is one partition-key equality and at most one sort-key condition joined by AND');
  return conditions;
}

/** Parses a projection of top-level attributes ("id, #n, email") into their names. */
export function parseProjection(expression: string, placeholders: Placeholders): string[] {
  const parameter = 'ProjectionExpression';
  const read = new Reader(tokenize(expression, parameter), parameter);
  const names: string[] = [];
  for (;;) {
    names.push(placeholders.name(read.next(), parameter));
    const after = read.next();
    if (after.kind === 'end') return names;
    if (after.text === '.' || after.text === '[') {
      throw new TableError('ValidationException', `The local table projects top-level attributes only; ${JSON.stringify(expression)} names a nested path. Project the whole attribute and read the member in your code.`);
    }
    if (after.text !== ',') read.fail(after, 'expected , between attribute names');
  }
}
