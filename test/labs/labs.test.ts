// The course's labs as a whole, with the author's check (`npm run lab -- --check`,
// src/grader/author-check.ts): the catalogue loads, and each lab's record, hints, README commands
// and files are right. Starters and solutions are graded per language, one file each (lab-suite.ts).

import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { staticProblems } from '../../src/grader/author-check.ts';
import { allLanguages } from '../../src/grader/languages.ts';
import { catalogue } from './lab-suite.ts';

const numbers = catalogue.map((e) => e.number);

describe('labs', () => {
  it('finds the course labs', () => {
    expect(numbers).toEqual(expect.arrayContaining([1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });

  it('grades every course language in a test file of its own', () => {
    const files = readdirSync(fileURLToPath(new URL('./', import.meta.url)));
    for (const language of allLanguages) expect(files).toContain(`${language}.test.ts`);
  });

  for (const entry of catalogue) {
    it(`${entry.slug} has hints in the learner's language only, README commands that parse, and no stray files`, () => {
      expect(staticProblems(entry, numbers)).toEqual([]);
    });
  }
});
