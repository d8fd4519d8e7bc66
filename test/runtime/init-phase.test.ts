// The init phase as Lambda logs and retries it: INIT_START on every cold start, a failed init
// run again inside the first invocation ("suppressed init"), and the error types the platform
// lines show. Sources: AWS's Runtime Interface Emulator (lambda/rapid/handlers.go,
// lambda/fatalerror/fatalerror.go); lambda-runtime-environment.html.

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportedErrorType } from '../../src/runtime/invoke/platform-log.ts';
import { LambdaService } from '../../src/runtime/service.ts';
import { json } from '../support/service.ts';

let service: LambdaService;
let folder: string;
let deployed = 0;

beforeAll(() => {
  service = new LambdaService();
  // Not under /tmp: a function sees a /tmp of its own, and the marker file must be shared.
  folder = mkdtempSync(join(existsSync('/var/tmp') ? '/var/tmp' : tmpdir(), 'dojo-init-phase-'));
});
afterAll(async () => {
  await service.shutdown();
  rmSync(folder, { recursive: true, force: true });
});

async function nodeFunction(source: string, variables: Record<string, string> = {}): Promise<string> {
  const code = join(folder, `fn-${++deployed}`);
  const name = `init-phase-${deployed}`;
  mkdirSync(code, { recursive: true });
  writeFileSync(join(code, 'index.mjs'), source);
  await service.createFunction({ FunctionName: name, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { Directory: code }, Timeout: 3, Environment: { Variables: variables } });
  return name;
}

const platform = (logs: string[]) => logs.filter((l) => /^(INIT_START|INIT_REPORT|START|END|REPORT) /.test(l)).map((l) => l.split(/[\t ]/)[0]);

describe('the init phase', () => {
  it('opens every cold start with INIT_START naming the runtime version and its ARN, and warm starts without it', async () => {
    const name = await nodeFunction('export const handler = async () => "ok";\n');
    const cold = await service.invoke({ FunctionName: name });
    const warm = await service.invoke({ FunctionName: name });
    const initStart = cold.Logs.find((l) => l.startsWith('INIT_START'));
    expect(initStart).toMatch(/^INIT_START Runtime Version: nodejs:22\.v\d+\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/);
    expect(platform(cold.Logs)).toEqual(['INIT_START', 'START', 'END', 'REPORT']);
    expect(platform(warm.Logs)).toEqual(['START', 'END', 'REPORT']);
  });

  it('runs a failed init again inside the first invocation, and reports both phases as Lambda does', async () => {
    const name = await nodeFunction('throw new TypeError("config missing");\nexport const handler = async () => "never";\n');
    const out = await service.invoke({ FunctionName: name });
    expect(platform(out.Logs)).toEqual(['INIT_START', 'INIT_REPORT', 'START', 'INIT_REPORT', 'END', 'REPORT']);
    const [initPhase, invokePhase] = out.Logs.filter((l) => l.startsWith('INIT_REPORT'));
    // The platform shows a function's own error class as Runtime.Unknown ...
    expect(initPhase).toMatch(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime\.Unknown$/);
    expect(invokePhase).toMatch(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: invoke\tStatus: error\tError Type: Runtime\.Unknown$/);
    // ... while the caller gets the function's own.
    expect(out.FunctionError).toBe('Unhandled');
    expect(json(out.Payload).errorType).toBe('TypeError');
    const report = out.Logs.find((l) => l.startsWith('REPORT'))!;
    expect(report).toMatch(/\tStatus: error\tError Type: Runtime\.Unknown$/);
    expect(report).not.toContain('Init Duration');
    expect(out.Report.durationMs).toBeGreaterThan(0);
    expect(out.Report.coldStart).toBe(true);
  });

  it('answers the invocation when the second init succeeds', async () => {
    const marker = join(folder, 'flaky-marker');
    const name = await nodeFunction(
      `import { existsSync, writeFileSync } from 'node:fs';\nif (!existsSync(process.env.MARKER)) { writeFileSync(process.env.MARKER, 'tried'); throw new Error('first init fails'); }\nexport const handler = async () => 'second init worked';\n`,
      { MARKER: marker },
    );
    const out = await service.invoke({ FunctionName: name });
    expect(out.FunctionError).toBeUndefined();
    expect(json(out.Payload)).toBe('second init worked');
    expect(platform(out.Logs)).toEqual(['INIT_START', 'INIT_REPORT', 'START', 'END', 'REPORT']);
    expect(out.Logs.find((l) => l.startsWith('REPORT'))).not.toContain('Init Duration');
    const again = await service.invoke({ FunctionName: name });
    expect(again.Report.coldStart).toBe(false);
  });

  it('keeps Runtime.* and Function.* error types and shows every other as Runtime.Unknown', () => {
    expect(reportedErrorType('Runtime.ImportModuleError')).toBe('Runtime.ImportModuleError');
    expect(reportedErrorType('Function.ResponseSizeTooLarge')).toBe('Function.ResponseSizeTooLarge');
    expect(reportedErrorType('KeyError')).toBe('Runtime.Unknown');
    expect(reportedErrorType('java.lang.IllegalStateException')).toBe('Runtime.Unknown');
    expect(reportedErrorType('Runtime.')).toBe('Runtime.Unknown');
  });
});
