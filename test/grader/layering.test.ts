// The grader reaches functions only through a target (DESIGN.md), so the same checks run on the
// embedded runtime, on an endpoint and on AWS. The rule, for every file under src/grader and labs/:
//
//   From src/runtime it may import only
//     src/runtime/types.ts    (the shapes Lambda's API uses),
//     src/runtime/errors.ts   (the errors the service throws, to report them in Lambda's words),
//     src/runtime/limits.ts   (the quotas, each with its source),
//     src/runtime/clock.ts    (the services' clock a lab's stack runs on, which a check advances),
//     src/runtime/service.ts  (the public entry: the service, for the embedded target, and the
//                              few helpers it exports for deployers: zipFolder, findRuntime, ...).
//   Nothing else of the runtime (its registry, environments, key service, HTTP module) is reachable.
//   And the runtime, the endpoint and the template code never import the grader.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/cli.ts';

const allowedRuntimeFiles = new Set(['src/runtime/types.ts', 'src/runtime/errors.ts', 'src/runtime/limits.ts', 'src/runtime/clock.ts', 'src/runtime/service.ts']);

function sources(folder: string): string[] {
  return readdirSync(join(projectRoot, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|mts|mjs|js)$/.test(f) && !f.split(/[\\/]/).includes('node_modules'))
    .map((f) => join(projectRoot, folder, f));
}

/** Every relative import of a file (static, dynamic and `import type`), as project paths. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.map((s) => relative(projectRoot, resolve(file, '..', s)).split('\\').join('/'));
}

const offences = (files: string[], wrong: (path: string) => boolean) =>
  files.flatMap((file) => imports(file).filter(wrong).map((path) => `${relative(projectRoot, file)} imports ${path}`));

describe('the grader reaches functions only through a target', () => {
  const graderAndLabs = () => [...sources('src/grader'), ...sources('labs').filter((f) => f.endsWith('.ts') && !f.includes('/starter/') && !f.includes('/solution/'))];

  it('src/grader and labs/ import from src/runtime only types.ts, errors.ts, limits.ts, clock.ts and the public service.ts', () => {
    expect(offences(graderAndLabs(), (path) => path.startsWith('src/runtime/') && !allowedRuntimeFiles.has(path))).toEqual([]);
  });

  it('src/runtime, src/endpoint and src/template never import the grader', () => {
    const below = [...sources('src/runtime'), ...sources('src/endpoint'), ...sources('src/template')];
    expect(offences(below, (path) => path.startsWith('src/grader/'))).toEqual([]);
  });

  it('the scan sees the imports it judges, the allowed and the refused', () => {
    // The embedded target imports the service; a line importing the runtime's registry would be refused.
    expect(imports(join(projectRoot, 'src/grader/embedded-target.ts'))).toContain('src/runtime/service.ts');
    const refused = offences([join(projectRoot, 'src/runtime/service.ts')], (path) => path.startsWith('src/runtime/') && !allowedRuntimeFiles.has(path));
    expect(refused.some((line) => line.includes('src/runtime/registry/'))).toBe(true);
    expect(graderAndLabs().some((f) => f.endsWith('labs/08-configure-dont-hardcode/lab.ts'))).toBe(true);
  });
});
