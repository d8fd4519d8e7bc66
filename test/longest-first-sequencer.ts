// The order test files start in: longest first, across all four projects, so the workers finish
// together. Vitest's own order runs project by project (labs, runtime, site, unit, by name), which
// left the site's browser files, the longest of all, to start last and run alone for minutes.
//
// A file's length is its duration in Vitest's results cache (node_modules/.vite/vitest, written
// by every run), else, on a fresh clone, the estimate below, else unknown (started last, larger
// files first). Files that failed last time still start first, as in Vitest's own order.

import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each long file took in a full `npm test` (four workers on a busy 2-core machine,
 * 2026-12-07): only the order on a fresh clone depends on them, so they need to be roughly right,
 * not current.
 */
const firstRunEstimateSeconds: Record<string, number> = {
  'test/labs/java.test.ts': 170,
  'test/site/site-quality-dark-narrow.test.ts': 109,
  'test/labs/dotnet.test.ts': 92,
  'test/site/site-quality.test.ts': 89,
  'test/labs/nodejs.test.ts': 75,
  'test/bench.test.ts': 65,
  'test/grader/lab-command.test.ts': 57,
  'test/labs/python.test.ts': 54,
  'test/grader/lab-course.test.ts': 54,
  'test/labs/go.test.ts': 53,
  'test/labs/ruby.test.ts': 45,
  'test/site/site.test.ts': 35,
  'test/grader/endpoint-target.test.ts': 35,
  'test/runtime/go-build.test.ts': 29,
  'test/conformance/runtime-clients.test.ts': 27,
  'test/site/samples.test.ts': 26,
  'test/runtime/java-build.test.ts': 25,
  'test/site/lab-page.test.ts': 21,
  'test/grader/stuck-function.test.ts': 19,
  'test/runtime/build-cache-sharing.test.ts': 16,
  'test/runtime/containment.test.ts': 16,
  'test/grader/unit-tests.test.ts': 15,
};

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const sizes = new Map(await Promise.all(files.map(async (spec) => [spec.moduleId, await stat(spec.moduleId).then((s) => s.size, () => 0)] as const)));
    const known = (spec: TestSpecification) => {
      const cached = this.ctx.cache.getTestSpecificationResult(spec);
      if (cached) return { failed: cached.failed, ms: cached.duration };
      const estimate = firstRunEstimateSeconds[relative(root, spec.moduleId)];
      return { failed: false, ms: estimate === undefined ? undefined : estimate * 1000 };
    };
    const facts = new Map(files.map((spec) => [spec, known(spec)]));
    return [...files].sort((a, b) => {
      const fa = facts.get(a)!;
      const fb = facts.get(b)!;
      if (fa.failed !== fb.failed) return fa.failed ? -1 : 1;
      if (fa.ms !== undefined && fb.ms !== undefined) return fb.ms - fa.ms;
      if (fa.ms !== undefined || fb.ms !== undefined) return fa.ms !== undefined ? -1 : 1;
      return sizes.get(b.moduleId)! - sizes.get(a.moduleId)!;
    });
  }
}
