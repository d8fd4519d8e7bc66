// JUnit XML, the format most CI systems render: one testsuite per lab, one testcase per check.

import { stuckMessage, type LabResult } from '../grade.ts';
import { asJson } from './notation.ts';

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\x00-\x08\x0B\x0C\x0E-\x1F]/g, '');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function toJUnit(result: LabResult, title: string): string {
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
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${cases.length}" failures="${failures}" errors="${errors}" time="${seconds(result.durationMs)}">`,
    `  <testsuite name="${escape(suite)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(result.durationMs)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
