// Handler strings as Lambda's Node.js and Python runtimes read them: sub-folders, packages,
// module kinds, and callback handlers (kept up to nodejs22.x, refused from nodejs24.x).

import { describe, expect, it } from 'vitest';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { deploy, json, useService } from '../support/service.ts';

const python = runtimesUnderTest.find((r) => r.family === 'python')!.runtime;

describe('handler strings', () => {
  const service = useService();
  const call = async (runtime: string, family: string, handler: string, payload: unknown = {}) =>
    service().invoke({ FunctionName: await deploy(service(), runtime, family, handler), Payload: payload });

  it.each([
    ['nodejs24.x', 'src/app.handler', { from: 'src/app.js' }],
    ['nodejs24.x', 'echo.handler', { received: {} }],
  ])('Node.js %s finds %s', async (runtime, handler, expected) => {
    expect(json((await call(runtime, 'nodejs', handler)).Payload)).toEqual(expected);
  });

  it('Node.js runs a CommonJS callback handler on nodejs22.x', async () => {
    const out = await call('nodejs22.x', 'nodejs', 'callback.handler', { n: 1 });
    expect(json(out.Payload)).toEqual({ style: 'callback', got: { n: 1 } });
  });

  it('Node.js refuses a callback handler from nodejs24.x, as its runtime client does', async () => {
    const out = await call('nodejs24.x', 'nodejs', 'callback.handler');
    expect(out.FunctionError).toBe('Unhandled');
    expect(json(out.Payload).errorType).toBe('Runtime.CallbackHandlerDeprecated');
  });

  it.each([['pkg.app.handler'], ['pkg/app.handler']])('Python finds the package module %s', async (handler) => {
    expect(json((await call(python, 'python', handler)).Payload)).toEqual({ from: 'pkg/app.py' });
  });
});
