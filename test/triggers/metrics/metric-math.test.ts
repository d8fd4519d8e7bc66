// Metric math's arithmetic: precedence, scalars, timestamps where every series has a value, and
// refusals that say what is not emulated or not known.

import { describe, expect, it } from 'vitest';
import { evaluateExpression, MetricMathError, parseExpression } from '../../../src/triggers/metrics/metric-math.ts';
import { checkQueries, MetricQueryError } from '../../../src/triggers/metrics/metric-queries.ts';

const series = new Map([
  ['errors', new Map([[0, 1], [60, 0], [120, 3]])],
  ['calls', new Map([[0, 4], [60, 0], [180, 5]])],
]);
const known = new Set(series.keys());

describe('metric math', () => {
  it('computes per timestamp with * and / before + and -, scalars applied to each datapoint', () => {
    expect([...evaluateExpression(parseExpression('errors / calls * 100', known), series)]).toEqual([[0, 25]]);
    expect([...evaluateExpression(parseExpression('1 + errors * 2', known), series)]).toEqual([[0, 3], [60, 1], [120, 7]]);
    expect([...evaluateExpression(parseExpression('-(errors - 1) / 2', known), series)]).toEqual([[0, -0], [60, 0.5], [120, -1]]);
  });

  it('a timestamp missing from a named series, or a division by zero, gives no value there', () => {
    const out = evaluateExpression(parseExpression('errors / calls', known), series);
    expect(out.has(60)).toBe(false);
    expect(out.has(120)).toBe(false);
  });

  it('refuses functions, unknown ids and broken syntax, saying which', () => {
    const refused = (text: string) => {
      try {
        parseExpression(text, known);
      } catch (error) {
        expect(error).toBeInstanceOf(MetricMathError);
        return (error as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refused('FILL(errors, 0)')).toMatch(/The function FILL\(\) is not emulated here/);
    expect(refused('errors / m9')).toMatch(/names m9, which is not the Id of another query here \(errors, calls\)/);
    expect(refused('(errors + 1')).toMatch(/misses a closing parenthesis/);
    expect(refused('errors % 2')).toMatch(/has "%" where a number, an id or/);
  });

  it('a query may name only the queries before it, each Id once', () => {
    const stat = (Id: string) => ({ Id, MetricStat: { Metric: { Namespace: 'Lab', MetricName: 'X' }, Period: 60, Stat: 'Sum' } });
    expect(checkQueries([stat('a'), { Id: 'b', Expression: 'a * 2' }], 'q.')).toHaveLength(2);
    expect(() => checkQueries([{ Id: 'b', Expression: 'a * 2' }, stat('a')], 'q.')).toThrow(MetricQueryError);
    expect(() => checkQueries([stat('a'), stat('a')], 'q.')).toThrow(/q.2.Id a is used twice/);
    expect(() => checkQueries([{ Id: 'A1', Expression: '1' }], 'q.')).toThrow(/must start with a lowercase letter/);
  });
});
