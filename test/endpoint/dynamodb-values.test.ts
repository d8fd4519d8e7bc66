// DynamoDB's rules for attribute values, checked without a server: numbers as DynamoDB stores and
// orders them, sets without duplicates, and item sizes as DynamoDB counts them toward 400 KB.

import { describe, expect, it } from 'vitest';
import { checkValue, compareNumbers, itemBytes, normalizeNumber } from '../../src/triggers/tables/attribute-values.ts';
import { isReservedWord, reservedWordCount } from '../../src/triggers/tables/reserved-words.ts';

const error = (fn: () => unknown) => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
};

describe('numbers', () => {
  it('are stored without leading or trailing zeros, exponents written out', () => {
    expect(normalizeNumber('007.50')).toBe('7.5');
    expect(normalizeNumber('-0.000')).toBe('0');
    expect(normalizeNumber('1e3')).toBe('1000');
    expect(normalizeNumber('+12.5E-3')).toBe('0.0125');
    expect(normalizeNumber('.5')).toBe('0.5');
    expect(normalizeNumber('-120')).toBe('-120');
  });

  it('take 38 significant digits and magnitudes from 1E-130 to below 1E+126, and refuse the rest', () => {
    expect(normalizeNumber(`${'9'.repeat(38)}000`)).toBe(`${'9'.repeat(38)}000`);
    expect(error(() => normalizeNumber('1'.repeat(39)))).toMatch(/more than 38 significant digits/);
    expect(normalizeNumber('1E-130')).toBe(`0.${'0'.repeat(129)}1`);
    expect(error(() => normalizeNumber('1E-131'))).toMatch(/^Number underflow/);
    expect(error(() => normalizeNumber('9.99E+125'))).toBeUndefined();
    expect(error(() => normalizeNumber('1E+126'))).toMatch(/^Number overflow/);
    expect(error(() => normalizeNumber('12abc'))).toBe('The parameter cannot be converted to a numeric value: 12abc');
    expect(error(() => normalizeNumber(''))).toMatch(/cannot be converted/);
  });

  it('compare by value across signs, scales and exponents', () => {
    const sorted = ['-100', '-2.5', '-0.001', '0', '0.001', '2', '2.5', '10', '1e2'];
    const shuffled = [...sorted].reverse();
    expect(shuffled.sort(compareNumbers)).toEqual(sorted);
    expect(compareNumbers('10.0', '1e1')).toBe(0);
  });
});

describe('values', () => {
  it('hold exactly one type, NULL only true, and sets that are neither empty nor repeated', () => {
    expect(error(() => checkValue({ S: 'a', N: '1' }, 'x'))).toMatch(/^Supplied AttributeValue has more than one datatypes set/);
    expect(error(() => checkValue({}, 'x'))).toMatch(/^Supplied AttributeValue is empty/);
    expect(error(() => checkValue({ NULL: false }, 'x'))).toMatch(/Null attribute value types must have the value of true/);
    expect(error(() => checkValue({ SS: [] }, 'x'))).toMatch(/An string set may not be empty/);
    expect(error(() => checkValue({ NS: ['1', '1.0'] }, 'x'))).toMatch(/Input collection \[1, 1.0\] contains duplicates/);
    expect(error(() => checkValue({ S: 1 }, 'x'))).toMatch(/wrong JSON type/);
    expect(checkValue({ M: { n: { N: '01' } } }, 'x')).toEqual({ M: { n: { N: '1' } } });
  });

  it('size as DynamoDB counts them: names and UTF-8 values, numbers by digit pairs, 3 bytes per list or map and 1 per element', () => {
    expect(itemBytes({ id: { S: 'é' } })).toBe(2 + 2);
    expect(itemBytes({ n: { N: '12345' } })).toBe(1 + 3 + 1);
    expect(itemBytes({ b: { B: Buffer.from('abc').toString('base64') } })).toBe(1 + 3);
    expect(itemBytes({ ok: { BOOL: true }, no: { NULL: true } })).toBe(2 + 1 + 2 + 1);
    expect(itemBytes({ l: { L: [{ S: 'ab' }, { BOOL: false }] } })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(itemBytes({ m: { M: { k: { S: 'v' } } } })).toBe(1 + 3 + (1 + 1 + 1));
  });
});

describe('reserved words', () => {
  it('are the 573 of the DynamoDB guide, in any case: token, name, status and ttl among them', () => {
    expect(reservedWordCount).toBe(573);
    for (const word of ['token', 'Name', 'STATUS', 'ttl', 'user', 'data', 'at']) expect(isReservedWord(word)).toBe(true);
    for (const word of ['id', 'email', 'sensor', 'principalId']) expect(isReservedWord(word)).toBe(false);
  });
});
