// Results in the shape of Exercism's results.json, version 3
// (https://exercism.org/docs/building/tooling/test-runners/interface), each test extended with
// `expected` and `actual`, so a team's CI can read them.

import { stuckMessage, type LabResult } from '../grade.ts';
import type { Check } from '../lab-types.ts';

export function toResultsJson(result: LabResult, checks: Check[]): string {
  const status = result.status === 'passed' ? 'pass' : result.status === 'failed' ? 'fail' : 'error';
  const body = {
    version: 3,
    status,
    ...(result.error ? { message: result.error.message } : {}),
    lab: result.lab,
    language: result.language,
    tests: result.checks.map((c, i) => ({
      name: c.name,
      test_code: checks[i]?.description ?? '',
      // Exercism's statuses are pass, fail and error: a check the run never reached is an error.
      status: c.status === 'passed' ? 'pass' : c.status === 'failed' ? 'fail' : 'error',
      ...(c.status === 'skipped' ? { message: `Not run: ${result.stopped ? stuckMessage(result.stopped) : 'the run stopped early.'}` } : {}),
      ...(c.status === 'failed'
        ? { message: `${c.message}${c.hint ? `\nHint: ${c.hint}` : ''}`, expected: c.expected ?? null, actual: c.actual ?? null }
        : {}),
      task_id: i + 1,
    })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
