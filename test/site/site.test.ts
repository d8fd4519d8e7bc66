// The course site as a learner meets it: built with `astro build`, served over HTTP, read in a
// real headless Chromium. Numbers are computed from src/runtime/limits.ts, never typed here.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { formatBytes, limits, quotaRows, reservedEnvironmentKeys } from '../../src/runtime/limits.ts';
import type { LabDefinition } from '../../src/grader/lab-types.ts';
import { builtSite } from './built-site.ts';
import { serveStatic, type StaticServer } from './static-server.ts';
import { chromiumPath } from '../support/requirements.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

let outDir: string;
let server: StaticServer;
let browser: Browser;

async function open(path: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(server.url + path);
  return page;
}

// Without a browser these tests are skipped here (CI requires one: test/requirements.test.ts).
describe.runIf(chromiumPath !== undefined)('the course site in a browser', () => {
beforeAll(async () => {
  // This run's fresh build (built-site.ts), so a stale dist/ can never make this pass.
  outDir = await builtSite();
  server = await serveStatic(outDir);
  browser = await chromium.launch({
    executablePath: chromiumPath!,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('lesson 1', () => {
  test('shows the quotas table with the values of limits.ts', async () => {
    const page = await open('/lessons/01-functions/2-execution-environment/');
    await expect(page.locator('h1').first().textContent()).resolves.toBe('The execution environment, cold starts and limits');
    const table = page.locator('table.quotas-table');
    const expected = quotaRows();
    await expect(table.locator('tbody tr').count()).resolves.toBe(expected.length);
    for (const row of expected) {
      await expect(table.locator(`tr[data-quota="${row.name}"] td`).first().textContent()).resolves.toBe(row.value);
    }
    // The headline number, formatted as a learner reads it: "10,240".
    const memoryMax = limits.memorySize.max.toLocaleString('en-US');
    await expect(table.locator('tr[data-quota="memorySize"]').textContent()).resolves.toContain(memoryMax);
    await page.close();
  });

  test('points to labs 1 and 2 with the command that grades them', async () => {
    const page = await open('/lessons/01-functions/2-execution-environment/');
    const labs = await page.locator('.lesson-labs').textContent();
    expect(labs).toContain('npm run lab 1');
    expect(labs).toContain('npm run lab 2');
    await page.close();
  });
});

describe('lesson 3', () => {
  test('shows the layers diagram and the layer limits of limits.ts', async () => {
    const page = await open('/lessons/03-layers/');
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Layers');
    const diagram = page.locator('figure.layers-diagram svg[role="img"]');
    await expect(diagram.count()).resolves.toBe(1);
    await expect(diagram.locator('title').textContent()).resolves.toContain('/opt');
    const text = await page.locator('main').textContent();
    expect(text).toContain(`At most ${limits.layersPerFunction.max} layers`);
    expect(text).toContain(`At most ${formatBytes(limits.unzippedCodeSize.max)} unzipped`);
    await expect(diagram.textContent()).resolves.toContain(formatBytes(limits.unzippedCodeSize.max));
    await page.close();
  });
});

describe('lesson 7', () => {
  test('its parts show the reuse and event source mapping diagrams, the /tmp sizes of limits.ts, and a cost computed from the price table', async () => {
    const code = await open('/lessons/07-best-practices/1-function-code/');
    const reuse = code.locator('figure.reuse-diagram svg[role="img"]');
    await expect(reuse.count()).resolves.toBe(1);
    await expect(reuse.locator('title').textContent()).resolves.toContain('Init once, reuse warm');
    await expect(reuse.textContent()).resolves.toContain(`${limits.ephemeralStorage.max.toLocaleString('en-US')} MB`);
    await expect(code.locator('.lesson-labs').textContent()).resolves.toMatch(/Lab 14[\s\S]*Lab 15[\s\S]*Lab 16/);
    await code.close();
    const sources = await open('/lessons/07-best-practices/2-queues-and-streams/');
    await expect(sources.locator('figure.esm-diagram svg[role="img"]').count()).resolves.toBe(1);
    await sources.close();
    const cost = await open('/lessons/07-best-practices/3-permissions-metrics-and-cost/');
    const text = (await cost.locator('main').textContent()) ?? '';
    // 3,000,000 requests at 512 MB and 120 ms billed: 180,000 GB-seconds; $0.60 + $3.00 at the table's x86_64 price.
    expect(text).toContain('180,000 GB-seconds');
    expect(text).toContain(`$${(0.6 + 180_000 * 0.0000166667).toFixed(2)}`);
    await cost.close();
  });
});

describe('lesson 4', () => {
  test('part 1 shows the variables size limit and every reserved key; part 2 the alias diagram', async () => {
    const page = await open('/lessons/04-configuration/1-environment-variables/');
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Environment variables and secrets');
    await expect(page.locator('main').textContent()).resolves.toContain(`at most ${formatBytes(limits.environmentVariablesSize.max)}`);
    const reserved = await page.locator('.reserved-keys code').allTextContents();
    expect(reserved).toEqual(reservedEnvironmentKeys);
    await page.close();
    const versions = await open('/lessons/04-configuration/2-versions-and-aliases/');
    await expect(versions.locator('figure.alias-routing svg[role="img"]').count()).resolves.toBe(1);
    await versions.close();
  });

  test('the old address of a lesson split into parts leads to its first part', async () => {
    const page = await open('/lessons/04-configuration/');
    await page.waitForURL(/\/lessons\/04-configuration\/1-environment-variables\/$/);
    await page.close();
  });
});

describe('a lesson page', () => {
  test('opens with objectives, prerequisites and time, and its quiz explains the chosen answer', async () => {
    const page = await open('/lessons/02-handlers/2-context/');
    const intro = page.locator('.lesson-intro');
    await expect(intro.textContent()).resolves.toMatch(/After this page you will be able to:[\s\S]*You need first:[\s\S]*Time:\s*about \d+ minutes/);
    const question = page.locator('.quiz-question').first();
    const feedback = question.locator('.quiz-feedback');
    await expect(feedback.first().isVisible()).resolves.toBe(false);
    // Without a choice the answer is behind a disclosure; it explains every option.
    await question.locator('summary').click();
    await expect(question.locator('.quiz-answer li').count()).resolves.toBe(await question.locator('.quiz-option').count());
    // Choosing an option shows that option's explanation and marks it.
    const wrong = question.locator('.quiz-option').filter({ has: page.locator('.quiz-feedback[data-correct="false"]') }).first();
    await wrong.locator('input').check();
    await expect(wrong.getAttribute('data-state')).resolves.toBe('wrong');
    await expect(wrong.locator('.quiz-feedback').isVisible()).resolves.toBe(true);
    await page.close();
  });

  test('the sidebar lists lesson 2\'s parts under one group', async () => {
    const page = await open('/lessons/01-functions/1-functions-and-invocation/');
    const sidebar = await page.locator('nav[aria-label="Main"]').first().textContent();
    expect(sidebar).toMatch(/2\. Handlers[\s\S]*2\.1 Event in, response out[\s\S]*2\.2 The context object[\s\S]*2\.3 Custom runtimes/);
    await page.close();
  });
});

test('every link between course pages leads to a page, and every #anchor to a heading on it', async () => {
  const pages = (await readdir(outDir, { recursive: true })).filter((file) => file.endsWith('index.html'));
  const html = new Map<string, string>(await Promise.all(pages.map(async (file) => [`/${file.replace(/index\.html$/, '')}`, await readFile(join(outDir, file), 'utf8')] as const)));
  const broken: string[] = [];
  for (const [from, text] of html) {
    if (!from.startsWith('/lessons/') && !from.startsWith('/labs/') && from !== '/') continue;
    for (const [, href] of text.matchAll(/<a [^>]*href="(\/(?:lessons|labs)\/[^"]*)"/g)) {
      const [path, anchor] = href!.split('#') as [string, string | undefined];
      const target = html.get(path);
      if (!target) broken.push(`${from} -> ${href}`);
      else if (anchor && !target.includes(`id="${anchor}"`)) broken.push(`${from} -> ${href} (no such heading)`);
    }
  }
  expect(broken).toEqual([]);
});

test('the theme switcher changes the page between light and dark', async () => {
  const page = await open('/lessons/01-functions/1-functions-and-invocation/');
  const select = page.locator('starlight-theme-select select').first();
  await select.selectOption('light');
  await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('light');
  await select.selectOption('dark');
  await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('dark');
  await page.close();
});

test('search finds lesson 1 for "cold start"', async () => {
  const page = await open('/');
  await page.locator('button[data-open-modal]').first().click();
  // Pagefind's own UI puts its input in Starlight's dialog once its script has loaded.
  await page.locator('dialog[open] #starlight__search input').fill('cold start');
  const hit = page.locator('.pagefind-ui__result-link[href*="/lessons/01-functions/"]').first();
  await hit.waitFor({ timeout: 20_000 });
  await page.close();
});

test('the labs page lists every lab folder with its checks', async () => {
  const folders = (await readdir(join(projectRoot, 'labs')).catch(() => [])).filter((name) => existsSync(join(projectRoot, 'labs', name, 'lab.ts')));
  const index = await open('/labs/');
  if (folders.length === 0) await expect(index.getByText('No labs have been published yet.').count()).resolves.toBe(1);
  // One tab goes from lab page to lab page (a new tab per page cost twice the CPU).
  const page = await browser.newPage();
  for (const folder of folders) {
    const { default: lab }: { default: LabDefinition } = await import(join(projectRoot, 'labs', folder, 'lab.ts'));
    await expect(index.locator(`a[href="/labs/${folder}/"]`).count()).resolves.toBeGreaterThan(0);
    await page.goto(`${server.url}/labs/${folder}/`);
    expect(new URL(page.url()).pathname).toBe(`/labs/${folder}/`);
    const checks = await page.locator('ol.lab-checks').textContent();
    for (const check of lab.checks) expect(checks).toContain(check.name);
    await expect(page.locator('main').textContent()).resolves.toContain(`npm run lab ${lab.number}`);
    // Without the course server the page says how to get the editor and buttons, and shows neither.
    await expect(page.locator('[data-wb-offline]').textContent()).resolves.toContain('npm start');
    await expect(page.locator('[data-wb]').isVisible()).resolves.toBe(false);
  }
  await page.close();
  await index.close();
});
});
