import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('lambda-dojo doctor', () => {
  it('shows what each runtime identifier runs on here: the toolchain path and version, and whether the version matches', async () => {
    const r = await cli(['doctor'], { env: { NO_COLOR: '1' } });
    expect(r.exitCode).toBe(0);
    const node = escape(process.versions.node);
    // The family line: version and the binary that runs, as an absolute path.
    expect(r.stdout).toMatch(new RegExp(`✓ nodejs\\s+${node}\\s+${escape(process.execPath)}`));
    const major = process.versions.node.split('.')[0];
    expect(r.stdout).toMatch(new RegExp(`nodejs${major}\\.x\\s+matches`));
    for (const other of ['20', '22', '24'].filter((m) => m !== major)) expect(r.stdout).toMatch(new RegExp(`nodejs${other}\\.x\\s+runs on ${node}`));
    expect(r.stdout).toMatch(/✓ python\s+3\.\d+\.\d+\s+\//);
    expect(r.stdout).toMatch(/python3\.14\s+(matches|runs on 3\.\d+\.\d+)/);
  });

  it('says how this machine holds the processes of an environment', async () => {
    const r = await cli(['doctor'], { env: { NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/^Containment: (namespaces|subreaper|plain) \(/m);
    const plain = await cli(['doctor'], { env: { NO_COLOR: '1', LAMBDA_DOJO_ISOLATION: 'plain' } });
    expect(plain.stdout).toMatch(/^Containment: plain \(/m);
  });

  it('says which runtimes Lambda has deprecated, since when, and where that is written', async () => {
    const r = await cli(['doctor'], { env: { NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/nodejs20\.x\s+.*deprecated since 2026-04-30/);
    expect(r.stdout).toMatch(/python3\.9\s+.*deprecated since 2025-12-15/);
    expect(r.stdout).toMatch(/dotnet8\s+.*deprecated since 2026-11-10/);
    expect(r.stdout).toMatch(/dotnet10\s+.*supported until 2028-11-14/);
    expect(r.stdout).toContain('https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html');
  });

  it('names the install command for a toolchain the machine lacks', async () => {
    // Only Node's own folder on PATH: python3 cannot be found.
    const r = await cli(['doctor'], { env: { NO_COLOR: '1', PATH: dirname(process.execPath) } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/✗ python\s+missing/);
    expect(r.stdout).toContain('sudo apt-get install python3 (Debian, Ubuntu) or brew install python (macOS)');
  });
});
