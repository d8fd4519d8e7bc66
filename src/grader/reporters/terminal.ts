// What a learner reads in the terminal: ✓ or ✗ per check as it finishes, and for a ✗ what
// was expected, what came back and a hint; a load error once, first; then the score.

import { inspect } from 'node:util';
import type { CheckResult, LabResult } from '../grade.ts';

export interface Style {
  green(text: string): string;
  red(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export function style(colour: boolean): Style {
  const wrap = (code: number, reset: number) => (text: string) => (colour ? `\x1b[${code}m${text}\x1b[${reset}m` : text);
  return { green: wrap(32, 39), red: wrap(31, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

const show = (value: unknown) =>
  typeof value === 'string' ? value : inspect(value, { depth: 6, breakLength: 100, colors: false, maxStringLength: 500 });

const indent = (text: string, by: string) => text.split('\n').map((l) => by + l).join('\n');

export function checkLine(result: CheckResult, s: Style): string {
  if (result.status === 'passed') return `  ${s.green('✓')} ${result.name}`;
  const lines = [`  ${s.red('✗')} ${result.name}`];
  if (result.message) lines.push(`      ${result.message}`);
  lines.push(`      ${s.dim('expected:')}`, indent(show(result.expected), '        '));
  lines.push(`      ${s.dim('got:')}`, indent(show(result.actual), '        '));
  if (result.hint) lines.push(`      ${s.bold('hint:')} ${result.hint}`);
  return lines.join('\n');
}

export function summary(result: LabResult, s: Style): string {
  if (result.status === 'error' && result.error) {
    const e = result.error;
    const where = e.file ? ` (${e.file}${e.line ? `, line ${e.line}` : ''})` : '';
    // Say which step stopped: the compiler, Lambda's configuration checks, or loading the code.
    const what =
      e.errorType === 'CodeBuildError'
        ? 'Your code did not compile'
        : e.message.startsWith('Lambda refused')
          ? 'Lambda did not accept the function'
          : e.errorType === undefined
            ? 'The lab could not be deployed'
            : 'Your code did not load';
    const body = e.errorType === 'CodeBuildError' && e.details ? e.details : e.message;
    return [`  ${s.red('!')} ${what}${where}:`, indent(body.trimEnd(), '      '), '', `  No checks ran. Fix the error above and grade again.`].join('\n');
  }
  const passed = result.checks.filter((c) => c.status === 'passed').length;
  const total = result.checks.length;
  const score = `${passed}/${total} checks passed`;
  return result.status === 'passed' ? `\n  ${s.green(s.bold(`All ${total} checks passed.`))}` : `\n  ${s.red(score)}`;
}
