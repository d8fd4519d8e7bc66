// Zip files as Lambda takes them: ours read what Python's zipfile writes and the reverse;
// extraction refuses entries that would escape their folder.

import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractZip, readZip, zipFolder } from '../../src/runtime/registry/zip.ts';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'dojo-zip-test-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** Writes an archive with Python's zipfile: entries are [name, text, unix mode]. */
function pythonZip(entries: Array<[string, string, number]>): Buffer {
  const file = join(work, 'made-by-python.zip');
  const script = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for name, text, mode in json.loads(sys.argv[2]):
        info = zipfile.ZipInfo(name)
        info.create_system = 3
        info.external_attr = mode << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text)
`;
  execFileSync('python3', ['-c', script, file, JSON.stringify(entries)]);
  return readFileSync(file);
}

describe('zip files', () => {
  it('round-trips a folder with modes and links, and Python reads what we write', () => {
    const source = join(work, 'source');
    mkdirSync(join(source, 'bin'), { recursive: true });
    writeFileSync(join(source, 'bin', 'tool'), '#!/bin/sh\necho hi\n');
    chmodSync(join(source, 'bin', 'tool'), 0o755);
    writeFileSync(join(source, 'data.json'), JSON.stringify({ big: 'x'.repeat(10_000) }));
    symlinkSync('bin/tool', join(source, 'tool-link'));
    const archive = zipFolder(source);
    expect(archive.length).toBeLessThan(2_000); // deflated

    const out = join(work, 'out');
    extractZip(archive, out, 1_000_000);
    expect(readFileSync(join(out, 'data.json'), 'utf8')).toContain('xxxx');
    expect(statSync(join(out, 'bin', 'tool')).mode & 0o777).toBe(0o755);
    expect(readlinkSync(join(out, 'tool-link'))).toBe('bin/tool');

    const file = join(work, 'ours.zip');
    writeFileSync(file, archive);
    const listed = execFileSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print(sorted(z.namelist()))', file], { encoding: 'utf8' });
    expect(listed).toBe("None\n['bin/', 'bin/tool', 'data.json', 'tool-link']\n");
  });

  it('reads archives written by Python', () => {
    const entries = readZip(pythonZip([['python/lib.py', 'X = 1\n', 0o100644], ['bin/run', '#!/bin/sh\n', 0o100755]]));
    expect(entries.map((e) => [e.name, e.kind, e.mode.toString(8), e.data().toString()])).toEqual([
      ['python/lib.py', 'file', '644', 'X = 1\n'],
      ['bin/run', 'file', '755', '#!/bin/sh\n'],
    ]);
  });

  it.each([
    [[['../evil.txt', 'x', 0o100644]], /climbs out of its folder, \.\.\/evil\.txt/],
    [[['a/../../evil.txt', 'x', 0o100644]], /climbs out of its folder/],
    [[['/etc/evil', 'x', 0o100644]], /absolute path, \/etc\/evil/],
    [[['link', '/etc/passwd', 0o120777]], /symbolic link link → \/etc\/passwd, which points outside/],
    [[['sub/link', '../../outside', 0o120777]], /symbolic link sub\/link → \.\.\/\.\.\/outside/],
  ] as Array<[Array<[string, string, number]>, RegExp]>)('refuses %j and writes nothing', (entries, message) => {
    const out = join(work, 'out');
    expect(() => extractZip(pythonZip(entries), out, 1_000_000, 'layer.zip')).toThrow(message);
    expect(existsSync(join(work, 'evil.txt'))).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a file that is not a zip, and an archive over the size limit', () => {
    expect(() => readZip(Buffer.from('just some text'), 'notes.txt')).toThrow(/notes\.txt is not a zip file/);
    expect(() => extractZip(pythonZip([['big.txt', 'x'.repeat(5000), 0o100644]]), join(work, 'out'), 1000, 'big.zip')).toThrow(/big\.zip unzips to 5000 bytes, over the 1000-byte limit/);
  });
});
