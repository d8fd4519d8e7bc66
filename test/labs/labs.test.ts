// Proves every lab is gradable as shipped: for each lab and language, the starter fails at
// least one check (or Lambda refuses its configuration, or it does not load) and the solution
// passes all of them. Grades exactly as `npm run lab` does, through src/grader.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/grader/catalogue.ts';
import { gradeLab, type LabResult } from '../../src/grader/grade.ts';
import { allLanguages, runtimeFor } from '../../src/grader/languages.ts';
import { useService } from '../support/service.ts';
import '../support/go-cache.ts';

const labsRoot = fileURLToPath(new URL('../../labs/', import.meta.url));
const catalogue = await loadCatalogue(labsRoot);
/** Languages whose toolchain this machine has; the others' lab tests are skipped (CI requires all: test/requirements.test.ts). */
const installed = new Map(await Promise.all(allLanguages.map(async (language) => [language, Boolean((await runtimeFor(language)).toolchain)] as const)));

const summary = (result: LabResult) =>
  result.error
    ? `did not load or deploy: ${result.error.message}`
    : result.checks.map((c) => `${c.status === 'passed' ? '✓' : '✗'} ${c.name}${c.status === 'failed' ? `: ${c.message} (got ${JSON.stringify(c.actual)})` : ''}`).join('\n');

describe('labs', () => {
  const service = useService();

  it('finds the course labs', () => {
    expect(catalogue.map((e) => e.number)).toEqual(expect.arrayContaining([1, 2, 3, 4]));
  });

  for (const { slug, folder, lab } of catalogue) {
    describe(slug, () => {
      it('has checks with unique names, each with a description and a hint', () => {
        expect(lab.checks.length).toBeGreaterThan(0);
        expect(new Set(lab.checks.map((c) => c.name)).size).toBe(lab.checks.length);
        for (const check of lab.checks) expect(check.description && check.hint, check.name).toBeTruthy();
      });

      for (const language of lab.languages) {
        if (!installed.get(language)) {
          it.skip(`${language}: its toolchain is not installed (npm run doctor)`, () => {});
          continue;
        }
        const codeOf = (kind: 'starter' | 'solution') => join(folder, kind, language);
        const grade = async (kind: 'starter' | 'solution') => {
          const { runtime } = await runtimeFor(language);
          return gradeLab({ service: service(), lab, language, runtime, codeFolder: codeOf(kind) });
        };

        it(`ships a ${language} starter and solution with the entry file`, () => {
          for (const kind of ['starter', 'solution'] as const) {
            expect(existsSync(join(codeOf(kind), lab.entryFile[language] ?? '(no entry file in lab.ts)')), `${kind}/${language}`).toBe(true);
          }
        });

        it(`the ${language} starter fails at least one check`, async () => {
          const result = await grade('starter');
          expect(result.status, summary(result)).not.toBe('passed');
        });

        it(`the ${language} solution passes every check`, async () => {
          const result = await grade('solution');
          expect(summary(result)).toBe(lab.checks.map((c) => `✓ ${c.name}`).join('\n'));
        });
      }
    });
  }
});
