// JUnit XML, the format most CI systems render: one testsuite per lab, one testcase per check.

import { stuckMessage, type LabResult } from '../grade.ts';
import { asJson } from './notation.ts';

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\x00-\x08\x0B\x0C\x0E-\x1F]/g, '');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

interface Suite {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  ms: number;
}

function suiteOf(result: LabResult, title: string): Suite {
  const suite = `lab ${result.lab}: ${title} (${result.language})`;
  const failures = result.checks.filter((c) => c.status === 'failed').length;
  const errors = result.status === 'error' ? 1 : 0;
  const skipped = result.checks.filter((c) => c.status === 'skipped').length;
  const cases = result.checks.map((c) => {
    const open = `    <testcase classname="${escape(`lab${result.lab}.${result.language}`)}" name="${escape(c.name)}" time="${seconds(c.durationMs)}"`;
    if (c.status === 'passed') return `${open}/>`;
    if (c.status === 'skipped') return `${open}>\n      <skipped message="${escape(`not run: ${result.stopped ? stuckMessage(result.stopped) : 'the run stopped early'}`)}"/>\n    </testcase>`;
    const detail = `expected: ${asJson(c.expected)}\nactual: ${asJson(c.actual)}${c.hint ? `\nhint: ${c.hint}` : ''}`;
    return `${open}>\n      <failure message="${escape(c.message ?? 'failed')}">${escape(detail)}</failure>\n    </testcase>`;
  });
  if (result.error) {
    cases.push(
      `    <testcase classname="${escape(`lab${result.lab}.${result.language}`)}" name="code loads" time="0">\n      <error message="${escape(result.error.message)}">${escape(result.error.details ?? result.error.message)}</error>\n    </testcase>`,
    );
  }
  const xml = [`  <testsuite name="${escape(suite)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(result.durationMs)}">`, ...cases, '  </testsuite>'].join('\n');
  return { xml, tests: cases.length, failures, errors, skipped, ms: result.durationMs };
}

/** One testsuite per graded lab (and language), in one document: `--all` writes several. */
export function toJUnit(results: Array<{ result: LabResult; title: string }>): string {
  const suites = results.map(({ result, title }) => suiteOf(result, title));
  const sum = (key: 'tests' | 'failures' | 'errors' | 'skipped' | 'ms') => suites.reduce((total, s) => total + s[key], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${sum('tests')}" failures="${sum('failures')}" errors="${sum('errors')}" skipped="${sum('skipped')}" time="${seconds(sum('ms'))}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}
