// `serve` with the lesson's example template (content/samples/edge), as a user runs it: a real child
// process, its distribution in --outputs, curl-like requests over HTTP, and the console showing
// the functions' log lines with the Region and one access-log line per request.

import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../support/cli.ts';

const template = join(projectRoot, 'content/samples/edge/template.yaml');
const folder = mkdtempSync(join(tmpdir(), 'serve-edge-'));
const outputsFile = join(folder, 'outputs.json');

describe('serve --template with a distribution and two Lambda@Edge functions', () => {
  const child = execa(process.execPath, [`${projectRoot}bin/lambda-dojo.mjs`, 'serve', '--template', template, '--port', '0', '--outputs', outputsFile, '--quiet'], { cwd: projectRoot, reject: false, all: true, stdin: 'ignore' });
  let output = '';
  let site: { url: string; id: string; domainName: string };
  beforeAll(async () => {
    await new Promise<void>((resolve, reject) => {
      child.all!.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('Stop with Ctrl-C.')) resolve();
      });
      void child.then((r) => reject(new Error(`serve ended before it was ready (exit ${r.exitCode}):\n${output}`)));
    });
    const outputs = JSON.parse(readFileSync(outputsFile, 'utf8'));
    site = outputs.details.distributions.Site;
    // The section itself maps the logical id to the URL, as a script reads it.
    expect(outputs.distributions.Site).toBe(site.url);
  });
  afterAll(() => {
    child.kill('SIGTERM');
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes the distribution to the outputs and says where it listens and which functions it runs', () => {
    expect(site.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(site.domainName).toBe(`d${site.id.slice(1).toLowerCase()}.cloudfront.net`);
    expect(output).toContain(`Site (CloudFront ${site.id}) at ${site.url}, Lambda@Edge: viewer-request PrettyUrls:1, origin-response SecurityHeaders:1`);
    // HTTPS is not served locally: the template's redirect-to-https is listed, not dropped silently.
    expect(output).toContain('Site (AWS::CloudFront::Distribution): not emulated (accepted, no effect here): DefaultCacheBehavior.ViewerProtocolPolicy');
  });

  it('serves a pretty URL through the Node.js rewrite and the Python headers, then from the cache', async () => {
    const first = await fetch(`${site.url}/about`);
    expect(await first.text()).toContain('<h1>About</h1>');
    expect(first.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(first.headers.get('strict-transport-security')).toBe('max-age=63072000');
    const second = await fetch(`${site.url}/about/`);
    expect(second.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(second.headers.get('x-content-type-options')).toBe('nosniff');
    await expect.poll(() => output).toMatch(/ GET \/about\/ 200 Hit \d+ bytes [\d.]+ ms origin: - triggers: viewer-request\(PrettyUrls:1\)\n/);
    expect(output).toMatch(/ GET \/about 200 Miss \d+ bytes [\d.]+ ms origin: \/about\/index\.html triggers: viewer-request\(PrettyUrls:1\) origin-response\(SecurityHeaders:1\)\n/);
    expect(output).toMatch(/\/aws\/lambda\/us-east-1\.PrettyUrls \[us-east-1\] \S+\t\S+\tINFO\tviewer-request \/about\n/);
    // Once: under the Edge log group only, not also as the function's raw line.
    expect(output.match(/\tINFO\tviewer-request \/about\n/g)).toHaveLength(1);
  });

  it('answers a redirect from the edge', async () => {
    const moved = await fetch(`${site.url}/old`, { redirect: 'manual' });
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe('/about');
    expect(moved.headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
  });
});
