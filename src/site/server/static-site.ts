// The built site (astro build -> dist/), as the course server serves it: "/x/" is x/index.html,
// an unknown path is 404.html with status 404, nothing outside the folder is ever read. The
// built site, not Astro's dev server, because its search index (Pagefind) exists only in a build.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

const isFile = (path: string) => stat(path).then((s) => s.isFile(), () => false);

/** Answers a GET for `pathname` from the built site in `root`. */
export async function serveSiteFile(root: string, pathname: string, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  let file = normalize(join(root, decodeURIComponent(pathname)));
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end('Forbidden');
    return;
  }
  if (!(await isFile(file))) file = join(file, 'index.html');
  const found = await isFile(file);
  const body = await readFile(found ? file : join(root, '404.html')).catch(() => Buffer.from('Not found'));
  const type = contentTypes[extname(found ? file : '.html')] ?? 'application/octet-stream';
  // Hashed assets never change; pages do (a rebuild), so they are always asked for again.
  const cache = pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache';
  res.writeHead(found ? 200 : 404, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': cache, ...headers }).end(body);
}

/** What the site is built from: a change to any of these makes the build stale. */
const sources = ['astro.config.mjs', 'package.json', 'content', 'labs', 'src'];
const stampName = '.course-build';

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestChange(join(path, entry.name)));
  }
  return newest;
}

/** True when dist/ is missing or older than a source of the site. */
export function siteIsStale(projectRoot: string, outDir: string): boolean {
  const stamp = join(outDir, stampName);
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return sources.some((source) => newestChange(join(projectRoot, source)) > built);
}

/** Runs `astro build` into outDir (the learner sees its output), then stamps the build. */
export function buildSite(projectRoot: string, outDir: string, output: NodeJS.WritableStream): Promise<void> {
  const astro = join(projectRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [astro, 'build', '--outDir', outDir], {
      cwd: projectRoot,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(output, { end: false });
    child.stderr.pipe(output, { end: false });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`astro build failed (exit code ${code}); its output is above.`));
      // Stamped with the build's start, so a file saved during the build makes it stale.
      writeFileSync(join(outDir, stampName), `${new Date(started).toISOString()}\n`);
      utimesSync(join(outDir, stampName), started / 1000, started / 1000);
      resolve();
    });
  });
}
