// `npm run lab` with no number: every lab, with the learner's progress in every language it
// is offered in, and a course total.

import type { CourseSession, LanguageProgress } from '../grader/course-session.ts';
import type { Language } from '../grader/lab-types.ts';
import { allLanguages, languageNames } from '../grader/languages.ts';
import type { Style } from '../grader/reporters/terminal.ts';

const columnNames: Record<Language, string> = { nodejs: 'Node.js', python: 'Python', java: 'Java', dotnet: 'C#', go: 'Go', ruby: 'Ruby', provided: 'Custom' };

function cell(p: LanguageProgress | undefined, s: Style): { text: string; styled: string } {
  if (!p) return { text: '', styled: '' };
  const text =
    p.status === 'passed' ? '✓ passed' : p.status === 'error' ? '! no load' : p.status === 'failing' ? `✗ ${p.passed}/${p.total}` : '·';
  const styled = p.status === 'passed' ? s.green(text) : p.status === 'not started' ? s.dim(text) : s.red(text);
  return { text, styled };
}

export function printList(session: CourseSession, s: Style): number {
  const overview = session.overview();
  const remembered = session.progress().language;
  const columns = allLanguages.filter((language) => overview.some((o) => o.entry.lab.languages.includes(language)));
  const width = Math.max(20, ...overview.map((o) => o.entry.lab.title.length)) + 2;
  const pad = (text: string, styled: string, size: number) => styled + ' '.repeat(Math.max(1, size - text.length));
  const sizes = columns.map((language) => Math.max(columnNames[language].length, 9) + 2);
  console.log(`Lambda Dojo labs${remembered ? ` (your language: ${languageNames[remembered]}; change with --lang)` : ''}\n`);
  console.log(`   #  ${'Lab'.padEnd(width)}${columns.map((language, i) => pad(columnNames[language], s.bold(columnNames[language]), sizes[i]!)).join('')}`.trimEnd());
  for (const { entry, languages } of overview) {
    const cells = columns.map((language, i) => {
      const { text, styled } = cell(languages.find((l) => l.language === language), s);
      return pad(text, styled, sizes[i]!);
    });
    console.log(`  ${String(entry.number).padStart(2)}  ${entry.lab.title.padEnd(width)}${cells.join('')}`.trimEnd());
  }
  const total = session.total();
  const perLanguage = Object.entries(total.byLanguage).map(([language, t]) => `${languageNames[language as Language]} ${t.passed} of ${t.offered}`);
  console.log(`\nCourse: ${total.passed} of ${total.labs} labs passed${perLanguage.length ? ` (${perLanguage.join(', ')})` : ''}.`);
  console.log(s.dim('✓ passed · ✗ checks passed/total · ! code does not load · · not started; blank: not offered in that language'));
  console.log(`\nGrade one with: npm run lab <number>`);
  return 0;
}
