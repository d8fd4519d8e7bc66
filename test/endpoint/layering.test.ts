// Dependencies point one way (DESIGN.md): runtime <- triggers <- endpoint/template <- grader <- cli
// and site. The endpoint and the template code reach the runtime only from above, and the runtime
// never imports them back.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/cli.ts';

function sources(folder: string): string[] {
  return readdirSync(join(projectRoot, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|mjs|js)$/.test(f))
    .map((f) => join(projectRoot, folder, f));
}

/** The project folders (src/<part>) a file imports from, by relative specifier. */
function importedParts(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.map((s) => relative(join(projectRoot, 'src'), resolve(file, '..', s)).split(/[\\/]/)[0]!);
}

describe('layering of the endpoint and the template code', () => {
  it('src/endpoint and src/template import only the runtime, the triggers and each other', () => {
    const allowed = new Set(['runtime', 'triggers', 'endpoint', 'template']);
    const offending = [...sources('src/endpoint'), ...sources('src/template')].flatMap((file) =>
      importedParts(file).filter((part) => !allowed.has(part)).map((part) => `${relative(projectRoot, file)} imports src/${part}`),
    );
    expect(offending).toEqual([]);
  });

  it('src/runtime imports neither the endpoint nor the template code', () => {
    const offending = sources('src/runtime').flatMap((file) =>
      importedParts(file).filter((part) => part === 'endpoint' || part === 'template').map((part) => `${relative(projectRoot, file)} imports src/${part}`),
    );
    expect(offending).toEqual([]);
  });

  it('finds the imports it checks (the scan is not empty)', () => {
    expect(importedParts(join(projectRoot, 'src/endpoint/server.ts'))).toContain('runtime');
  });
});
