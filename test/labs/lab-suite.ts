// Proves every lab is gradable as shipped, one language per test file (so the files run in
// parallel), with the author's check (`npm run lab -- --check`, src/grader/author-check.ts): for
// each lab, the starter fails exactly the checks lab.ts names (or Lambda refuses it as lab.ts
// says) and the solution passes all. Each starter and solution is graded once, as `npm run lab` does.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { solutionProblems, starterProblems } from '../../src/grader/author-check.ts';
import { loadCatalogue } from '../../src/grader/catalogue.ts';
import { gradeLab } from '../../src/grader/grade.ts';
import { runtimeFor } from '../../src/grader/languages.ts';
import type { Language } from '../../src/grader/lab-types.ts';
import { useEmbeddedTarget } from '../support/target.ts';

const labsRoot = fileURLToPath(new URL('../../labs/', import.meta.url));
export const catalogue = await loadCatalogue(labsRoot);

/** The starter and solution of every lab that ships `language`; skipped, saying why, without its toolchain. */
export async function describeLabsIn(language: Language): Promise<void> {
  // A missing toolchain skips its tests here; CI requires all (test/requirements.test.ts).
  const { runtime, toolchain } = await runtimeFor(language);
  describe(`labs in ${language}`, () => {
    const target = useEmbeddedTarget();
    for (const entry of catalogue) {
      if (!entry.lab.languages.includes(language)) continue;
      describe(entry.slug, () => {
        if (!toolchain) {
          it.skip(`${language}: its toolchain is not installed (npm run doctor)`, () => {});
          return;
        }
        const grade = (kind: 'starter' | 'solution') => gradeLab({ target: target(), lab: entry.lab, language, runtime, codeFolder: join(entry.folder, kind, language) });

        it(`the ${language} starter fails the checks lab.ts names, and only those`, async () => {
          expect(starterProblems(entry, language, await grade('starter'))).toEqual([]);
        });

        it(`the ${language} solution passes every check`, async () => {
          expect(solutionProblems(language, await grade('solution'))).toEqual([]);
        });
      });
    }
  });
}
