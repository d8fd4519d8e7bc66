// What a learner reads in the terminal: ✓ or ✗ per check as it finishes, and for a ✗ what
// was expected, what came back and a hint; a load error once, first; then the score.

import type { CheckResult, LabResult } from '../grade.ts';
import { asJson } from './notation.ts';

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

const show = (value: unknown) => {
  const text = asJson(value);
  return text.length > 4000 ? `${text.slice(0, 4000)}\n… (${text.length - 4000} more characters)` : text;
};

const indent = (text: string, by: string) => text.split('\n').map((l) => by + l).join('\n');

export function checkLine(result: CheckResult, s: Style): string {
  if (result.status === 'passed') return `  ${s.green('✓')} ${result.name}`;
  if (result.status === 'skipped') return `  ${s.dim(`- ${result.name} (skipped: the function is stuck, see above)`)}`;
  const lines = [`  ${s.red('✗')} ${result.name}`];
  if (result.message) lines.push(indent(result.message, '      '));
  lines.push(`      ${s.dim('expected:')}`, indent(show(result.expected), '        '));
  lines.push(`      ${s.dim('got:')}`, indent(show(result.actual), '        '));
  if (result.hint) lines.push(`      ${s.bold('hint:')} ${result.hint.replace(/\n/g, '\n            ')}`);
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
  const skipped = result.checks.filter((c) => c.status === 'skipped').length;
  const total = result.checks.length;
  if (result.status === 'passed') return `\n  ${s.green(s.bold(`All ${total} checks passed.`))}`;
  const score = `${passed}/${total} checks passed`;
  if (!result.stopped) return `\n  ${s.red(score)}`;
  const { kind, check, limitSeconds } = result.stopped;
  const stuck = kind === 'init-timeout' ? `the init did not finish within ${limitSeconds} s` : `the handler did not return within ${limitSeconds} s`;
  const advice =
    kind === 'init-timeout'
      ? 'Look at the code outside your handler: a loop, a network call or a wait that never ends runs before any event arrives.'
      : 'Look for a loop that never ends, or a wait (a promise, a lock, a read) that nothing completes.';
  const skippedText = skipped ? ` The ${skipped} later check${skipped === 1 ? '' : 's'} that invoke${skipped === 1 ? 's' : ''} the function ${skipped === 1 ? 'was' : 'were'} skipped: ${skipped === 1 ? 'it' : 'each'} would only wait as long again.` : '';
  return [`\n  ${s.red(score)}${skipped ? s.dim(`, ${skipped} skipped`) : ''}`, `  ${s.bold('Stopped early:')} in "${check}", ${stuck}.${skippedText}`, `  ${advice}`].join('\n');
}
