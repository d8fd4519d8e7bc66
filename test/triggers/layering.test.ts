// Dependencies point one way (DESIGN.md): runtime <- triggers <- endpoint / template <- grader.
// The triggers (API Gateway, CloudFront, event sources, metrics) are clients of the Lambda port:
// from the runtime they take only its public leaves (types, limits, errors, the clock, the
// loopback HTTP module for their own listeners), and only the service port sees the service.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/cli.ts';

const runtimeLeaves = new Set(['src/runtime/types.ts', 'src/runtime/limits.ts', 'src/runtime/errors.ts', 'src/runtime/clock.ts', 'src/runtime/http/loopback.ts']);

function sources(folder: string): string[] {
  return readdirSync(join(projectRoot, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|mts)$/.test(f))
    .map((f) => join(projectRoot, folder, f));
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.map((s) => relative(projectRoot, resolve(file, '..', s)).split('\\').join('/'));
}

const offences = (files: string[], wrong: (path: string, file: string) => boolean) =>
  files.flatMap((file) => imports(file).filter((path) => wrong(path, relative(projectRoot, file))).map((path) => `${relative(projectRoot, file)} imports ${path}`));

describe('dependencies point one way', () => {
  it('src/triggers takes from the runtime only its public leaves; only the service port sees the service', () => {
    const wrong = (path: string, file: string) =>
      path.startsWith('src/runtime/') && !runtimeLeaves.has(path) && !(file === 'src/triggers/ports/service-port.ts' && path === 'src/runtime/service.ts');
    expect(offences(sources('src/triggers'), wrong)).toEqual([]);
  });

  it('src/triggers never imports the endpoint, the template, the grader, the CLI or the site', () => {
    const above = ['src/endpoint/', 'src/template/', 'src/grader/', 'src/cli/', 'src/site/'];
    expect(offences(sources('src/triggers'), (path) => above.some((a) => path.startsWith(a)))).toEqual([]);
  });

  it('src/endpoint and src/template never import the grader, the CLI or the site', () => {
    const above = ['src/grader/', 'src/cli/', 'src/site/'];
    expect(offences([...sources('src/endpoint'), ...sources('src/template')], (path) => above.some((a) => path.startsWith(a)))).toEqual([]);
  });

  it('the scan sees what it judges', () => {
    expect(imports(join(projectRoot, 'src/triggers/ports/service-port.ts'))).toContain('src/runtime/service.ts');
    expect(sources('src/triggers').length).toBeGreaterThan(5);
  });
});
