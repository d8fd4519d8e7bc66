// DynamoDB's attribute values as its JSON protocol carries them ({"S": "x"}, {"N": "1.5"},
// {"M": {...}}): checked as DynamoDB checks them, numbers normalised as DynamoDB stores them,
// ordered as a sort key orders them, and sized as DynamoDB sizes an item.
// Sources: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
// Messages follow DynamoDB's own (as its ValidationExceptions show them in SDK issues) [obs].

import { TableError } from './table-error.ts';

export interface AttributeValue {
  S?: string;
  N?: string;
  B?: string;
  BOOL?: boolean;
  NULL?: boolean;
  M?: Record<string, AttributeValue>;
  L?: AttributeValue[];
  SS?: string[];
  NS?: string[];
  BS?: string[];
}

export type Item = Record<string, AttributeValue>;
export type ScalarKeyType = 'S' | 'N' | 'B';

export const attributeTypes = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'] as const;
export type AttributeType = (typeof attributeTypes)[number];

/** 400 KB, names and values together. Source: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items */
export const maxItemBytes = 400 * 1024;

const invalid = (message: string) => new TableError('ValidationException', `One or more parameter values were invalid: ${message}`);

export function typeOf(value: AttributeValue): AttributeType {
  return Object.keys(value)[0] as AttributeType;
}

interface Decimal {
  negative: boolean;
  /** Significant digits, no leading or trailing zeros ("" for zero). */
  digits: string;
  /** value = digits x 10^exponent */
  exponent: number;
}

function parseDecimal(text: string): Decimal {
  const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new TableError('ValidationException', `The parameter cannot be converted to a numeric value: ${text}`);
  const fraction = match[3] ?? '';
  let digits = `${match[2]}${fraction}`.replace(/^0+/, '');
  let exponent = Number(match[4] ?? 0) - fraction.length;
  const trailing = /0+$/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(0, digits.length - trailing);
  exponent += trailing;
  return { negative: match[1] === '-' && digits !== '', digits, exponent: digits === '' ? 0 : exponent };
}

/**
 * A number as DynamoDB keeps it: up to 38 significant digits, magnitude from 1E-130 to below
 * 1E+126, leading and trailing zeros dropped ("01.50" is stored and returned as "1.5").
 */
export function normalizeNumber(text: string): string {
  const d = parseDecimal(text);
  if (d.digits === '') return '0';
  if (d.digits.length > 38) throw new TableError('ValidationException', `Attempting to store more than 38 significant digits in a Number: ${text}`);
  const order = d.digits.length + d.exponent - 1;
  if (order > 125) throw new TableError('ValidationException', `Number overflow. Attempting to store a number with magnitude larger than supported range: ${text}`);
  if (order < -130) throw new TableError('ValidationException', `Number underflow. Attempting to store a number with magnitude smaller than supported range: ${text}`);
  let body: string;
  if (d.exponent >= 0) body = d.digits + '0'.repeat(d.exponent);
  else {
    const point = d.digits.length + d.exponent;
    body = point > 0 ? `${d.digits.slice(0, point)}.${d.digits.slice(point)}` : `0.${'0'.repeat(-point)}${d.digits}`;
  }
  return d.negative ? `-${body}` : body;
}

export function compareNumbers(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const sign = (d: Decimal) => (d.digits === '' ? 0 : d.negative ? -1 : 1);
  if (sign(x) !== sign(y)) return Math.sign(sign(x) - sign(y));
  if (sign(x) === 0) return 0;
  const orderX = x.digits.length + x.exponent;
  const orderY = y.digits.length + y.exponent;
  let magnitude = orderX !== orderY ? Math.sign(orderX - orderY) : 0;
  if (magnitude === 0) {
    const width = Math.max(x.digits.length, y.digits.length);
    const dx = x.digits.padEnd(width, '0');
    const dy = y.digits.padEnd(width, '0');
    magnitude = dx < dy ? -1 : dx > dy ? 1 : 0;
  }
  return sign(x) * magnitude;
}

/** Sort-key order: numbers by value, strings by their UTF-8 bytes, binary by unsigned bytes. */
export function compareKeyValues(type: ScalarKeyType, a: AttributeValue, b: AttributeValue): number {
  if (type === 'N') return compareNumbers(a.N!, b.N!);
  if (type === 'S') return Buffer.compare(Buffer.from(a.S!, 'utf8'), Buffer.from(b.S!, 'utf8'));
  return Buffer.compare(Buffer.from(a.B!, 'base64'), Buffer.from(b.B!, 'base64'));
}

export function sameValue(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  if (type === 'N') return compareNumbers(a.N!, b.N!) === 0;
  return JSON.stringify(a) === JSON.stringify(b);
}

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Checks one value (recursively) and returns it normalised; `at` names it in messages. */
export function checkValue(value: unknown, at: string): AttributeValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TableError('ValidationException', `Supplied AttributeValue for ${at} is not an object such as {"S": "text"}: ${JSON.stringify(value)}`);
  }
  const keys = Object.keys(value);
  if (keys.length === 0) throw new TableError('ValidationException', `Supplied AttributeValue is empty, must contain exactly one of the supported datatypes (${at})`);
  if (keys.length > 1) throw new TableError('ValidationException', `Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes (${at}: ${keys.join(', ')})`);
  const type = keys[0]!;
  const v = (value as Record<string, unknown>)[type];
  const isString = (x: unknown): x is string => typeof x === 'string';
  const list = (name: string): unknown[] => {
    if (!Array.isArray(v)) throw invalid(`${type} of ${at} must be a list`);
    if (v.length === 0) throw invalid(`An ${name} set may not be empty (${at})`);
    return v;
  };
  const noDuplicates = (members: string[], shown: unknown[]) => {
    if (new Set(members).size !== members.length) throw invalid(`Input collection [${shown.join(', ')}] contains duplicates (${at}).`);
  };
  switch (type) {
    case 'S':
      if (!isString(v)) break;
      return { S: v };
    case 'N':
      if (!isString(v)) break;
      return { N: normalizeNumber(v) };
    case 'B':
      if (!isString(v) || !base64.test(v)) break;
      return { B: v };
    case 'BOOL':
      if (typeof v !== 'boolean') break;
      return { BOOL: v };
    case 'NULL':
      if (v !== true) throw invalid(`Null attribute value types must have the value of true (${at})`);
      return { NULL: true };
    case 'M': {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) break;
      const out: Record<string, AttributeValue> = {};
      for (const [name, member] of Object.entries(v)) out[name] = checkValue(member, `${at}.${name}`);
      return { M: out };
    }
    case 'L':
      if (!Array.isArray(v)) break;
      return { L: v.map((member, i) => checkValue(member, `${at}[${i}]`)) };
    case 'SS': {
      const members = list('string');
      if (!members.every(isString)) break;
      noDuplicates(members, members);
      return { SS: members };
    }
    case 'NS': {
      const members = list('number');
      if (!members.every(isString)) break;
      const normal = members.map(normalizeNumber);
      noDuplicates(normal, members);
      return { NS: normal };
    }
    case 'BS': {
      const members = list('binary');
      if (!members.every((m) => isString(m) && base64.test(m))) break;
      noDuplicates(members.map((m) => Buffer.from(m as string, 'base64').toString('hex')), members);
      return { BS: members as string[] };
    }
    default:
      throw new TableError('ValidationException', `Supplied AttributeValue has an unknown datatype ${type} at ${at}: DynamoDB's are ${attributeTypes.join(', ')}.`);
  }
  throw new TableError('ValidationException', `Supplied AttributeValue ${type} at ${at} has the wrong JSON type: ${JSON.stringify(v)}`);
}

export function checkItem(value: unknown, parameter: string): Item {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TableError('ValidationException', `${parameter} must be a map of attribute names to values, e.g. {"id": {"S": "a1"}}.`);
  const item: Item = {};
  for (const [name, member] of Object.entries(value)) {
    if (name === '') throw invalid(`An attribute name in ${parameter} is empty`);
    item[name] = checkValue(member, name);
  }
  return item;
}

function numberBytes(n: string): number {
  return Math.ceil(parseDecimal(n).digits.length / 2) + 1;
}

/** A value's size: strings in UTF-8 bytes, binary raw, numbers about one byte per two digits plus one, 3 bytes per list or map plus 1 per element. */
export function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S, 'utf8');
  if (value.N !== undefined) return numberBytes(value.N);
  if (value.B !== undefined) return Buffer.from(value.B, 'base64').length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s, 'utf8'), 0);
  if (value.NS) return value.NS.reduce((sum, n) => sum + numberBytes(n), 0);
  if (value.BS) return value.BS.reduce((sum, b) => sum + Buffer.from(b, 'base64').length, 0);
  if (value.L) return 3 + value.L.reduce((sum, member) => sum + 1 + valueBytes(member), 0);
  return 3 + Object.entries(value.M ?? {}).reduce((sum, [name, member]) => sum + 1 + Buffer.byteLength(name, 'utf8') + valueBytes(member), 0);
}

export function itemBytes(item: Item): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name, 'utf8') + valueBytes(value), 0);
}
