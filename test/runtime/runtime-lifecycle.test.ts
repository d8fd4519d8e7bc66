// Current and deprecated runtimes: one table of Lambda's dates (deprecation.ts), cold starts that
// say what Lambda says of a deprecated runtime once, and labs that pick only supported runtimes.

import { describe, expect, it } from 'vitest';
import { allLanguages, runtimeFor } from '../../src/grader/languages.ts';
import { deprecationSource, isDeprecated, runtimeLifecycle } from '../../src/runtime/runtimes/deprecation.ts';
import { allRuntimes, coldStartNotes, currentRuntimes, findRuntime } from '../../src/runtime/runtimes/registry.ts';
import type { Toolchain } from '../../src/runtime/runtimes/toolchain.ts';
import { fixtures, json, useService } from '../support/service.ts';

const python = (version: string): Toolchain => ({ command: 'python3', version });

describe('runtime lifecycle', () => {
  it('has Lambda\'s dates for every runtime this service offers, in the one table', () => {
    for (const definition of allRuntimes()) {
      const dates = runtimeLifecycle[definition.id];
      expect(dates, definition.id).toBeDefined();
      expect(dates!.deprecated < dates!.blockUpdate, definition.id).toBe(true);
    }
  });

  it('offers the runtimes the Lambda runtimes page lists in December 2026', () => {
    for (const id of ['nodejs24.x', 'python3.14', 'python3.13', 'ruby3.4', 'dotnet10', 'provided.al2023']) {
      expect(findRuntime(id), id).toBeDefined();
      expect(isDeprecated(id, '2026-12-07'), id).toBe(false);
    }
    for (const id of ['dotnet8', 'python3.9', 'nodejs20.x', 'ruby3.2']) expect(isDeprecated(id, '2026-12-07'), id).toBe(true);
  });

  it('tells Lambda\'s deprecation fact once, with its dates, the runtime to move to and the source', () => {
    const told = new Set<string>();
    const python39 = findRuntime('python3.9')!;
    const first = coldStartNotes(python39, python('3.9.18'), told, '2026-12-07');
    expect(first).toHaveLength(1);
    expect(first[0]).toContain('Lambda deprecated the python3.9 runtime on 2025-12-15');
    expect(first[0]).toContain('blocks updates to them from 2027-03-03, and invocations keep working');
    expect(first[0]).toContain('Move to python3.14.');
    expect(first[0]).toContain(`Source: ${deprecationSource}`);
    expect(coldStartNotes(python39, python('3.9.18'), told, '2026-12-07')).toEqual([]);
    // Another caller (another service) has told nothing yet.
    expect(coldStartNotes(python39, python('3.9.18'), new Set(), '2026-12-07')).toHaveLength(1);
  });

  it('says nothing of deprecation for a supported runtime, only a version that differs', () => {
    expect(coldStartNotes(findRuntime('python3.14')!, python('3.14.0'), new Set(), '2026-12-07')).toEqual([]);
    expect(coldStartNotes(findRuntime('python3.14')!, python('3.11.7'), new Set(), '2026-12-07')).toEqual([
      '[lambda-dojo] python3.14 asked for python 3.14; this machine runs python 3.11.7, so the function runs on 3.11.7.',
    ]);
    // dotnet8 from the day it was deprecated, not before.
    expect(coldStartNotes(findRuntime('dotnet8')!, { command: 'mono', version: 'Mono 6.8.0' }, new Set(), '2026-11-09')).toHaveLength(1);
    expect(coldStartNotes(findRuntime('dotnet8')!, { command: 'mono', version: 'Mono 6.8.0' }, new Set(), '2026-11-10')[1]).toContain('Move to dotnet10.');
  });

  it('lists a family\'s supported runtimes newest first', () => {
    expect(currentRuntimes('python', '2026-12-07').map((d) => d.id)).toEqual(['python3.14', 'python3.13', 'python3.12', 'python3.11']);
    expect(currentRuntimes('dotnet', '2026-12-07').map((d) => d.id)).toEqual(['dotnet10']);
  });

  it('gives labs only runtimes Lambda still supports', async () => {
    for (const language of allLanguages) {
      const { runtime } = await runtimeFor(language);
      expect(isDeprecated(runtime), `${language}: ${runtime}`).toBe(false);
    }
  });

  describe('a deprecated runtime', () => {
    const service = useService();

    it('still runs, as on Lambda, and its first cold start in a service tells Lambda\'s deprecation fact, once', async () => {
      const notice = (logs: string[]) => logs.filter((l) => l.includes('Lambda deprecated the python3.9 runtime on 2025-12-15'));
      await service().createFunction({ FunctionName: 'deprecated-python39', Runtime: 'python3.9', Handler: 'echo.handler', Code: { Directory: fixtures('python') } });
      const out = await service().invoke({ FunctionName: 'deprecated-python39', Payload: { hello: 'world' } });
      expect(out.FunctionError, String(out.Payload)).toBeUndefined();
      expect(json(out.Payload)).toEqual({ received: { hello: 'world' } });
      expect(notice(out.Logs)).toHaveLength(1);
      expect(notice(out.Logs)[0]).toContain(deprecationSource);
      // In the cold-start part of the log, before START.
      expect(out.Logs.indexOf(notice(out.Logs)[0]!)).toBeLessThan(out.Logs.findIndex((l) => l.startsWith('START ')));
      // Another function on the same runtime, another cold start: told already.
      await service().createFunction({ FunctionName: 'deprecated-python39-again', Runtime: 'python3.9', Handler: 'echo.handler', Code: { Directory: fixtures('python') } });
      const again = await service().invoke({ FunctionName: 'deprecated-python39-again', Payload: {} });
      expect(again.FunctionError, String(again.Payload)).toBeUndefined();
      expect(notice(again.Logs)).toEqual([]);
    });

    it('a supported runtime\'s cold start says nothing of deprecation', async () => {
      await service().createFunction({ FunctionName: 'current-python314', Runtime: 'python3.14', Handler: 'echo.handler', Code: { Directory: fixtures('python') } });
      const out = await service().invoke({ FunctionName: 'current-python314', Payload: {} });
      expect(out.FunctionError, String(out.Payload)).toBeUndefined();
      expect(out.Logs.filter((l) => l.includes('deprecated'))).toEqual([]);
    });
  });
});
