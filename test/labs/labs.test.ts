// Proves every lab is gradable as shipped, with the author's check (`npm run lab -- --check`,
// src/grader/author-check.ts): the record, hints, README commands and files of each lab; for each
// language, the starter fails exactly the checks lab.ts names (or Lambda refuses it as lab.ts
// says) and the solution passes all. Each starter and solution is graded once, as `npm run lab` does.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { solutionProblems, starterProblems, staticProblems } from '../../src/grader/author-check.ts';
import { loadCatalogue } from '../../src/grader/catalogue.ts';
import { gradeLab } from '../../src/grader/grade.ts';
import { allLanguages, runtimeFor } from '../../src/grader/languages.ts';
import { useService } from '../support/service.ts';
import '../support/go-cache.ts';
import '../support/java-cache.ts';

const labsRoot = fileURLToPath(new URL('../../labs/', import.meta.url));
const catalogue = await loadCatalogue(labsRoot);
const numbers = catalogue.map((e) => e.number);
/** Languages whose toolchain this machine has; the others' lab tests are skipped (CI requires all: test/requirements.test.ts). */
const installed = new Map(await Promise.all(allLanguages.map(async (language) => [language, Boolean((await runtimeFor(language)).toolchain)] as const)));

describe('labs', () => {
  const service = useService();

  it('finds the course labs', () => {
    expect(numbers).toEqual(expect.arrayContaining([1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });

  for (const entry of catalogue) {
    describe(entry.slug, () => {
      it('has hints in the learner\'s language only, README commands that parse, and no stray files', () => {
        expect(staticProblems(entry, numbers)).toEqual([]);
      });

      for (const language of entry.lab.languages) {
        if (!installed.get(language)) {
          it.skip(`${language}: its toolchain is not installed (npm run doctor)`, () => {});
          continue;
        }
        const grade = async (kind: 'starter' | 'solution') => {
          const { runtime } = await runtimeFor(language);
          return gradeLab({ service: service(), lab: entry.lab, language, runtime, codeFolder: join(entry.folder, kind, language) });
        };

        it(`the ${language} starter fails the checks lab.ts names, and only those`, async () => {
          expect(starterProblems(entry, language, await grade('starter'))).toEqual([]);
        });

        it(`the ${language} solution passes every check`, async () => {
          expect(solutionProblems(language, await grade('solution'))).toEqual([]);
        });
      }
    });
  }
});
