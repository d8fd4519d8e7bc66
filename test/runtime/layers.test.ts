// Layers: published once, immutable, extracted into each environment's /opt in order, on each
// runtime's search path; refused when they break Lambda's rules.

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mountNamespacesAvailable } from '../../src/runtime/host/mount-namespace.ts';
import { zipFolder } from '../../src/runtime/registry/zip.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { json, useService } from '../support/service.ts';

const [node, python] = runtimesUnderTest.map((r) => r.runtime) as [string, string];
const work = mkdtempSync(join(tmpdir(), 'dojo-layers-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
/** Makes a folder from { 'relative/path': content }; content starting with #! becomes executable. */
function folder(files: Record<string, string>): string {
  const root = join(work, `folder-${++n}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
    if (content.startsWith('#!')) chmodSync(join(root, path), 0o755);
  }
  return root;
}

describe('layers', () => {
  const service = useService();
  const publish = async (name: string, files: Record<string, string>, extra = {}) =>
    service().publishLayerVersion({ LayerName: name, Content: { ZipFile: zipFolder(folder(files)) }, ...extra });
  const fn = async (runtime: string, files: Record<string, string>, handler: string, Layers: string[]) => {
    const FunctionName = `layers-${++n}`;
    await service().createFunction({ FunctionName, Runtime: runtime, Handler: handler, Code: { Directory: folder(files) }, Layers });
    return FunctionName;
  };

  it('publishes numbered, immutable versions from a zip or a folder', async () => {
    const v1 = await publish('shared', { 'python/shared.py': 'WORD = "one"\n' });
    expect(v1).toMatchObject({ Version: 1, LayerVersionArn: 'arn:aws:lambda:us-east-1:123456789012:layer:shared:1', LayerArn: 'arn:aws:lambda:us-east-1:123456789012:layer:shared' });
    expect(v1.Content.CodeSize).toBe('WORD = "one"\n'.length);
    const v2 = service().publishLayerVersion({ LayerName: 'shared', Content: { Directory: folder({ 'python/shared.py': 'WORD = "two"\n' }) } });
    expect(v2.Version).toBe(2);
    const code = { 'app.py': 'import shared\ndef handler(event, context):\n    return shared.WORD\n' };
    expect(json((await service().invoke({ FunctionName: await fn(python, code, 'app.handler', [v1.LayerVersionArn]) })).Payload)).toBe('one');
    expect(json((await service().invoke({ FunctionName: await fn(python, code, 'app.handler', [v2.LayerVersionArn]) })).Payload)).toBe('two');
    expect(service().listLayerVersions('shared').map((l) => l.Version)).toEqual([1, 2]);
  });

  it('puts layer code on each runtime\'s search path, bin on PATH and lib on LD_LIBRARY_PATH', async () => {
    const layer = await publish('toolbox', {
      'nodejs/node_modules/greet/index.js': 'module.exports = (name) => `hi ${name}`;\n',
      'python/lib/python3.99/site-packages/ignored.py': '',
      [`python/lib/python${python.slice(6)}/site-packages/greet.py`]: 'def greet(name):\n    return "hi " + name\n',
      'bin/shout': '#!/bin/sh\necho "$1" | tr a-z A-Z\n',
    });
    const nodeFn = await fn(node, {
      'index.mjs': "import { createRequire } from 'node:module';\nimport { execFileSync } from 'node:child_process';\nconst require = createRequire(import.meta.url);\nexport const handler = async () => ({ greeting: require('greet')('ada'), shout: execFileSync('shout', ['quiet'], { encoding: 'utf8' }).trim(), lib: process.env.LD_LIBRARY_PATH });\n",
    }, 'index.handler', [layer.LayerVersionArn]);
    const out = json((await service().invoke({ FunctionName: nodeFn })).Payload);
    expect(out).toMatchObject({ greeting: 'hi ada', shout: 'QUIET' });
    expect(out.lib).toMatch(/opt\/lib$/);
    const pyFn = await fn(python, { 'app.py': 'from greet import greet\ndef handler(event, context):\n    return greet("grace")\n' }, 'app.handler', [layer.LayerVersionArn]);
    expect(json((await service().invoke({ FunctionName: pyFn })).Payload)).toBe('hi grace');
  });

  it('extracts layers in order: a later layer overwrites an earlier one\'s files', async () => {
    const first = await publish('base-settings', { 'nodejs/node_modules/settings/index.js': "module.exports = { from: 'first', onlyFirst: true };\n" });
    const second = await publish('override-settings', { 'nodejs/node_modules/settings/index.js': "module.exports = { from: 'second' };\n" });
    const code = { 'index.cjs': "exports.handler = async () => require('settings');\n" };
    expect(json((await service().invoke({ FunctionName: await fn(node, code, 'index.handler', [first.LayerVersionArn, second.LayerVersionArn]) })).Payload)).toEqual({ from: 'second' });
    expect(json((await service().invoke({ FunctionName: await fn(node, code, 'index.handler', [second.LayerVersionArn, first.LayerVersionArn]) })).Payload)).toEqual({ from: 'first', onlyFirst: true });
  });

  it.runIf(mountNamespacesAvailable())('shows the function a real /opt, and a temporary folder of its own that lasts while it is warm', async () => {
    const layer = await publish('plain-files', { 'config/app.json': '{"color":"teal"}' });
    const code = {
      'index.mjs':
        "import { readFileSync, readdirSync, writeFileSync } from 'node:fs';\nimport { tmpdir } from 'node:os';\nexport const handler = async (event) => { const before = readdirSync(tmpdir()); writeFileSync(`${tmpdir()}/mine.txt`, event.id); return { tmp: tmpdir(), config: JSON.parse(readFileSync('/opt/config/app.json', 'utf8')), before, after: readdirSync(tmpdir()) }; };\n",
    };
    const name = await fn(node, code, 'index.handler', [layer.LayerVersionArn]);
    const first = json((await service().invoke({ FunctionName: name, Payload: { id: 'a' } })).Payload);
    expect(first.config).toEqual({ color: 'teal' });
    expect(first).toMatchObject({ before: [], after: ['mine.txt'] });
    // /tmp itself is the function's own unless this project lives under /tmp (then TMPDIR points into the sandbox).
    const projectUnderTmp = process.cwd().startsWith('/tmp/') || process.execPath.startsWith('/tmp/');
    if (!projectUnderTmp) expect(first.tmp).toBe('/tmp');
    const warm = json((await service().invoke({ FunctionName: name, Payload: { id: 'b' } })).Payload);
    expect(warm.before).toEqual(['mine.txt']);
    await service().updateFunctionConfiguration(name, { Description: 'new environments' });
    const fresh = json((await service().invoke({ FunctionName: name, Payload: { id: 'c' } })).Payload);
    expect(fresh.before).toEqual([]);
  });

  it.each([
    ['more than 5 layers', () => Array.from({ length: 6 }, (_, i) => `arn:aws:lambda:us-east-1:123456789012:layer:many-${i}:1`), /Cannot reference more than 5 layers: this function lists 6/],
    ['a layer that does not exist', () => ['arn:aws:lambda:us-east-1:123456789012:layer:ghost:3'], /Layer version arn:aws:lambda:us-east-1:123456789012:layer:ghost:3 does not exist/],
    ['a layer ARN without a version', () => ['arn:aws:lambda:us-east-1:123456789012:layer:shared'], /does not exist\. .*ends in :<version>/],
  ])('refuses a function with %s', async (_label, layers, message) => {
    for (let i = 0; i < 6; i++) await publish(`many-${i}`, { [`f${i}.txt`]: 'x' });
    await expect(fn(node, { 'index.mjs': 'export const handler = async () => 1;\n' }, 'index.handler', layers())).rejects.toMatchObject({ name: 'InvalidParameterValueException', message: expect.stringMatching(message) });
  });

  it('refuses two versions of one layer, and a CompatibleRuntimes entry that is not a runtime', async () => {
    const a1 = await publish('twice', { 'a.txt': '1' });
    const a2 = await publish('twice', { 'a.txt': '2' });
    const code = { 'index.mjs': 'export const handler = async () => 1;\n' };
    await expect(fn(node, code, 'index.handler', [a1.LayerVersionArn, a2.LayerVersionArn])).rejects.toThrow(/Two versions of the same layer .*layer:twice\) are not allowed/);
    await expect(publish('bad-runtimes', { 'a.txt': '1' }, { CompatibleRuntimes: ['cobol1'] })).rejects.toThrow(/CompatibleRuntimes lists cobol1, not a runtime Lambda has/);
  });

  it('accepts a layer whose CompatibleRuntimes leave out the function\'s runtime, as Lambda does', async () => {
    // Lambda uses CompatibleRuntimes only to filter layer listings (API_PublishLayerVersion).
    const pythonOnly = await publish('py-only', { 'bin/hello': '#!/bin/sh\necho from-the-layer\n' }, { CompatibleRuntimes: [python] });
    expect(pythonOnly.CompatibleRuntimes).toEqual([python]);
    const code = { 'index.mjs': "import { execFileSync } from 'node:child_process';\nexport const handler = async () => execFileSync('hello', { encoding: 'utf8' }).trim();\n" };
    const name = await fn(node, code, 'index.handler', [pythonOnly.LayerVersionArn]);
    expect(json((await service().invoke({ FunctionName: name })).Payload)).toBe('from-the-layer');
  });

  it('refuses a file that is not a zip, an entry escaping the folder, and a bad name', async () => {
    const text = join(work, 'notes.txt');
    writeFileSync(text, 'hello');
    expect(() => service().publishLayerVersion({ LayerName: 'notzip', Content: { ZipFile: text } })).toThrow(/Could not unzip the uploaded file: .*notes\.txt is not a zip file/);
    const evil = join(work, 'evil.zip');
    execFileSync('python3', ['-c', "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], 'w')\nz.writestr('../../escape.txt', 'x')\nz.close()", evil]);
    expect(() => service().publishLayerVersion({ LayerName: 'evil', Content: { ZipFile: evil } })).toThrow(/climbs out of its folder, \.\.\/\.\.\/escape\.txt/);
    expect(() => service().publishLayerVersion({ LayerName: 'has space', Content: { ZipFile: evil } })).toThrow(/Value 'has space' at 'layerName'/);
  });

  it('refuses function code and layers that unzip to more than 250 MB together', async () => {
    const big = join(work, 'big-layer');
    mkdirSync(big);
    writeFileSync(join(big, 'data.bin'), Buffer.alloc(200 * 1024 * 1024));
    const layer = service().publishLayerVersion({ LayerName: 'big', Content: { Directory: big } });
    rmSync(big, { recursive: true });
    const code = folder({ 'index.mjs': 'export const handler = async () => 1;\n' });
    writeFileSync(join(code, 'more.bin'), Buffer.alloc(60 * 1024 * 1024));
    await expect(service().createFunction({ FunctionName: 'too-big', Runtime: node, Handler: 'index.handler', Code: { Directory: code }, Layers: [layer.LayerVersionArn] })).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringMatching(/Function code combined with layers exceeds the maximum allowed size of 262144000 bytes\. The actual size is 272629\d+ bytes/),
    });
    rmSync(code, { recursive: true });
    expect(readFileSync(join(work, 'notes.txt'), 'utf8')).toBe('hello');
  });
});
