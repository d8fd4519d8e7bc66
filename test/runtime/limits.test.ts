import { describe, expect, it } from 'vitest';
import { formatBytes, limits, quotaRows } from '../../src/runtime/limits.ts';

describe('the quotas table', () => {
  it('carries a source for every quota', () => {
    for (const [name, quota] of Object.entries(limits)) {
      expect(quota.source, name).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });

  it('renders ranges, defaults and sizes for the lessons', () => {
    const rows = Object.fromEntries(quotaRows().map((r) => [r.name, r.value]));
    expect(rows.memorySize).toBe('128 to 10,240 MB (default 128 MB)');
    expect(rows.timeout).toBe('1 to 900 s (default 3 s)');
    expect(rows.functionNameLength).toBe('1 to 64 characters');
    expect(Object.values(rows).join('\n')).not.toMatch(/\b1 characters\b/);
    expect(rows.syncPayload).toBe('6 MB');
    expect(rows.environmentVariablesSize).toBe('4 KB');
    expect(formatBytes(250 * 1024 * 1024)).toBe('250 MB');
    expect(formatBytes(1000)).toBe('1,000 bytes');
  });

  it('says for every quota whether this runtime enforces it or only documents it, and the table shows it', () => {
    for (const [name, quota] of Object.entries(limits)) expect(['yes', 'namespaces', 'no'], name).toContain(quota.enforced);
    const rows = Object.fromEntries(quotaRows().map((r) => [r.name, r.enforced]));
    expect(rows.fileDescriptors).toBe('Yes');
    expect(rows.ephemeralStorage).toBe('On Linux with user namespaces');
    expect(rows.processesAndThreads).toBe('No, documented only');
  });
});
