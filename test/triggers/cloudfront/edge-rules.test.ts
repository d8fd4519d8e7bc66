// Lambda@Edge's rules at request time, over real HTTP: each broken rule answered with the status
// CloudFront gives it and its error page, which names the rule.

import { afterAll, describe, expect, it } from 'vitest';
import { useService } from '../../support/service.ts';
import { association, nodeFunction, siteTemplate, startEdgeStack, type EdgeStack } from './edge-stack.ts';

const service = useService();
const stacks: EdgeStack[] = [];
afterAll(async () => {
  for (const s of stacks) await s.close();
});

async function through(eventType: string, code: string, path = '/index.html', extra = '') {
  const stack = await startEdgeStack(service(), siteTemplate(nodeFunction('Fn', code, extra), association(eventType, 'Fn')), { 'public/index.html': '<h1>home</h1>' });
  stacks.push(stack);
  const response = await fetch(`${stack.url}${path}`, { redirect: 'manual' });
  return { status: response.status, cache: response.headers.get('x-cache'), text: await response.text(), response };
}

describe('results CloudFront refuses (502, LambdaValidationError)', () => {
  it('refuses a viewer-request function that changes the read-only Host header', async () => {
    const out = await through('viewer-request', `exports.handler = async (e) => { const r = e.Records[0].cf.request; r.headers.host = [{ key: 'Host', value: 'evil.example' }]; return r; };`);
    expect(out.status).toBe(502);
    expect(out.cache).toBe('LambdaValidationError from cloudfront');
    expect(out.text).toContain('The Lambda function result failed validation: The function tried to add, delete, or change a read-only header');
    expect(out.text).toContain("'Host' is read-only in viewer-request events");
  });

  it('refuses an origin-response function that adds a disallowed header (X-Cache)', async () => {
    const out = await through('origin-response', `exports.handler = async (e) => { const r = e.Records[0].cf.response; r.headers['x-cache'] = [{ key: 'X-Cache', value: 'mine' }]; return r; };`);
    expect(out.status).toBe(502);
    expect(out.text).toContain('disallowed header');
  });

  it('refuses a viewer-response function that changes the status code', async () => {
    const out = await through('viewer-response', `exports.handler = async (e) => { const r = e.Records[0].cf.response; r.status = '201'; return r; };`);
    expect(out.status).toBe(502);
    expect(out.text).toContain('a viewer-response function cannot change the status code');
  });

  it('refuses a generated viewer-request response over 40 KB, and takes one just under it', async () => {
    const over = await through('viewer-request', `exports.handler = async () => ({ status: '200', body: 'x'.repeat(41 * 1024) });`);
    expect(over.status).toBe(502);
    expect(over.text).toMatch(/a viewer-request function may return at most 40960 bytes/);
    const under = await through('viewer-request', `exports.handler = async () => ({ status: '200', body: 'x'.repeat(39 * 1024) });`);
    expect(under.status).toBe(200);
  });

  it('refuses a URI and query string of 8,192 characters or more', async () => {
    const out = await through('viewer-request', `exports.handler = async (e) => { const r = e.Records[0].cf.request; r.querystring = 'q=' + 'a'.repeat(8200); return r; };`);
    expect(out.status).toBe(502);
    expect(out.text).toContain('must be less than 8192');
  });

  it('refuses a result that is not an object (a handler that returns nothing)', async () => {
    const out = await through('viewer-request', `exports.handler = async () => {};`);
    expect(out.status).toBe(502);
    expect(out.text).toContain('The JSON output must be an object type');
  });

  it('refuses a status outside 200 to 599', async () => {
    const out = await through('viewer-request', `exports.handler = async () => ({ status: '700' });`);
    expect(out.status).toBe(502);
  });
});

describe('functions that fail', () => {
  it('answers 500 (LambdaExecutionError) when the function throws', async () => {
    const out = await through('viewer-request', `exports.handler = async () => { throw new Error('boom'); };`);
    expect(out.status).toBe(500);
    expect(out.cache).toBe('LambdaExecutionError from cloudfront');
    expect(out.text).toContain('Error: boom');
  });

  it('answers 503 (LambdaLimitExceeded) when the function runs out of its time', async () => {
    const out = await through('viewer-request', `exports.handler = () => new Promise((resolve) => setTimeout(resolve, 10_000));`, '/index.html', '      Timeout: 1\n');
    expect(out.status).toBe(503);
    expect(out.cache).toBe('LambdaLimitExceeded from cloudfront');
    expect(out.text).toContain('timed out');
  });
});
