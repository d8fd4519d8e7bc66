import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';

describe('lambda-dojo doctor', () => {
  it('lists each runtime family with the local toolchain version', async () => {
    const r = await cli(['doctor'], { env: { NO_COLOR: '1' } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`✓ nodejs\\s+${process.versions.node.replaceAll('.', '\\.')}\\s+nodejs20\\.x, nodejs22\\.x, nodejs24\\.x`));
    expect(r.stdout).toMatch(/✓ python\s+3\.\d+\.\d+/);
  });

  it('names the install command for a toolchain the machine lacks', async () => {
    // Only Node's own folder on PATH: python3 cannot be found.
    const r = await cli(['doctor'], { env: { NO_COLOR: '1', PATH: dirname(process.execPath) } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/✗ python\s+missing/);
    expect(r.stdout).toContain('sudo apt-get install python3 (Debian, Ubuntu) or brew install python (macOS)');
  });
});
