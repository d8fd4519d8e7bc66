// `npm run lab -- --check`: the author's check of every lab, printed per lab and language.

import { EmbeddedLabTarget } from '../grader/embedded-target.ts';
import { gradedProblems, staticProblems } from '../grader/author-check.ts';
import type { CourseSession } from '../grader/course-session.ts';
import type { Style } from '../grader/reporters/terminal.ts';

export async function runAuthorCheck(session: CourseSession, s: Style): Promise<number> {
  const numbers = session.catalogue.map((e) => e.number);
  const target = await EmbeddedLabTarget.start();
  let failures = 0;
  const report = (label: string, problems: string[]) => {
    if (problems.length === 0) console.log(`  ${s.green('✓')} ${label}`);
    else console.log(`  ${s.red('✗')} ${label}\n${problems.map((p) => `      ${p}`).join('\n')}`);
    failures += problems.length;
  };
  try {
    for (const entry of session.catalogue) {
      console.log(s.bold(`Lab ${entry.number} · ${entry.lab.title}`));
      report('record, hints, README commands and files', staticProblems(entry, numbers));
      for (const language of entry.lab.languages) {
        const { runtime, toolchain } = await session.runtime(language);
        if (!toolchain) {
          console.log(`  ${s.dim(`- ${language}: toolchain not installed, not graded (npm run doctor)`)}`);
          continue;
        }
        report(`${language}: the starter fails what lab.ts names, the solution passes`, await gradedProblems(target, entry, language, runtime));
      }
    }
  } finally {
    await target.close();
  }
  console.log(failures === 0 ? `\n${s.green('Every lab checks out.')}` : `\n${s.red(`${failures} problem${failures === 1 ? '' : 's'}.`)}`);
  return failures === 0 ? 0 : 1;
}
