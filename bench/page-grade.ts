// What grading from the lab page costs against grading in the terminal: lab 1 (the reference
// solution, Node.js) graded through the course server's API (POST /api/labs/1/grade, read to
// the end of its stream, as the page does) and by `node bin/lambda-dojo.mjs lab 1` (what
// `npm run lab 1` runs), alternated in the same run on the same files. Issue 14's goal: the page
// adds under 100 ms. In-process CourseSession grading is the floor both paths share.

import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCourseServer } from '../src/site/server/course-server.ts';
import type { BenchOptions } from './options.ts';
import { interleave, summarize, type Summary } from './stats.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin', 'lambda-dojo.mjs');

export interface PageGradeResult {
  language: string;
  pageMs: Summary;
  terminalMs: Summary;
  /** Median of the per-pair differences (page minus terminal), each pair taken back to back. */
  addedP50Ms: number;
}

export async function measurePageGrade(options: BenchOptions, language = 'nodejs'): Promise<PageGradeResult> {
  const workspace = mkdtempSync(join(tmpdir(), 'dojo-bench-page-'));
  const site = mkdtempSync(join(tmpdir(), 'dojo-bench-site-'));
  mkdirSync(join(workspace, '01-hello-handler'), { recursive: true });
  cpSync(join(root, 'labs', '01-hello-handler', 'solution', language), join(workspace, '01-hello-handler', language), { recursive: true });
  // The API needs no built pages: an empty site folder keeps the bench free of an astro build.
  const server = await startCourseServer({ projectRoot: root, siteFolder: site, labsFolder: join(root, 'labs'), workspaceFolder: workspace, port: 0 });
  try {
    const page = async () => {
      const start = performance.now();
      const res = await fetch(`${server.url}/api/labs/1/grade`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', Origin: server.url },
        body: JSON.stringify({ language }),
      });
      const text = await res.text();
      const elapsed = performance.now() - start;
      if (!text.includes('"status":"passed"')) throw new Error(`the page-grade bench's lab 1 did not pass through the course server: ${text.slice(-400)}`);
      return elapsed;
    };
    const terminal = () => {
      const start = performance.now();
      const run = spawnSync(process.execPath, [bin, 'lab', '1', '--lang', language], { env: { ...process.env, LAMBDA_DOJO_WORKSPACE: workspace, NO_COLOR: '1' }, encoding: 'utf8' });
      const elapsed = performance.now() - start;
      if (run.status !== 0) throw new Error(`the page-grade bench's npm run lab 1 failed: ${run.stdout}${run.stderr}`);
      return elapsed;
    };
    // Warm both: the compile cache, the toolchain probe, the server's first deploy.
    await page();
    terminal();
    const rounds = options.quick ? 1 : 6;
    const samples = await interleave(rounds, { page, terminal });
    const differences = samples.page.map((value, i) => value - samples.terminal[i]!).sort((a, b) => a - b);
    return { language, pageMs: summarize(samples.page), terminalMs: summarize(samples.terminal), addedP50Ms: differences[Math.floor((differences.length - 1) / 2)]! };
  } finally {
    await server.close();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(site, { recursive: true, force: true });
  }
}
