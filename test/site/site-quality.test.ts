// Every page of the course, in real Chromium under npm start (lab pages with their editor):
// no serious or critical axe-core violation in the light or the dark theme, no horizontal
// overflow at 375 or 1280 px (a wide table scrolls in its own named, focusable region, and fits
// at 1280), and the JavaScript each page loads within a budget.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot } from '../support/cli.ts';
import { chromiumPath } from '../support/requirements.ts';
import { startCourseUnderTest, type CourseUnderTest } from './course-browser.ts';

let course: CourseUnderTest;
let paths: string[];
const axeSource = readFileSync(join(projectRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
/** Screenshots a reviewer can look at after a run. */
const shots = join(projectRoot, '.cache', 'site-screenshots');

/** JavaScript a page may load: the editor (CodeMirror and one language) only on lab pages under npm start. */
const budget = (path: string) => (path.startsWith('/labs/') && path !== '/labs/' ? 750_000 : 150_000);

async function signedInPage(width: number, colorScheme: 'light' | 'dark'): Promise<Page> {
  const context = await course.browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  const page = await context.newPage();
  await page.goto(course.server.openUrl);
  return page;
}

/** Loads a page and waits for the workbench (lab pages) to hold the learner's files. */
async function visit(page: Page, path: string): Promise<boolean> {
  await page.goto(course.server.url + path);
  await page.waitForLoadState('load');
  if (new URL(page.url()).pathname !== path) return false; // a redirect (an old lesson address)
  if (path.startsWith('/labs/') && path !== '/labs/') await page.locator('[data-wb][data-ready]').waitFor();
  return true;
}

describe.runIf(chromiumPath !== undefined)('every page of the course', () => {
  beforeAll(async () => {
    course = await startCourseUnderTest();
    paths = readdirSync(course.site, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('index.html'))
      // An old lesson address is a redirect page (meta refresh), not a page to check.
      .filter((file) => !readFileSync(join(course.site, file), 'utf8').includes('http-equiv="refresh"'))
      .map((file) => `/${file.replace(/index\.html$/, '')}`)
      .sort();
    mkdirSync(shots, { recursive: true });
  }, 300_000);
  afterAll(() => course?.close());

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`has no serious or critical axe-core violation in the ${colorScheme} theme`, async () => {
      const page = await signedInPage(1280, colorScheme);
      const found: string[] = [];
      for (const path of paths) {
        if (!(await visit(page, path))) continue;
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const result = await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run();
          return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
        });
        found.push(...violations.map((v) => `${path} ${v}`));
      }
      expect(found).toEqual([]);
      await page.context().close();
    }, 240_000);
  }

  for (const width of [375, 1280]) {
    test(`fits ${width} px wide: no page scrolls sideways, tables scroll in a focusable named region${width === 1280 ? ' and fit' : ''}`, async () => {
      const page = await signedInPage(width, 'light');
      const faults: string[] = [];
      for (const path of paths) {
        if (!(await visit(page, path))) continue;
        await page.screenshot({ path: join(shots, `${path.replace(/\W+/g, '_') || 'home'}-${width}.png`), fullPage: true });
        const layout = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
          tables: [...document.querySelectorAll('main table')].map((table) => {
            const region = table.parentElement!;
            return {
              region: region.matches('.table-region[role="region"][tabindex="0"][aria-label]'),
              fits: region.scrollWidth <= region.clientWidth + 1,
              insidePage: region.getBoundingClientRect().right <= document.documentElement.clientWidth + 1,
            };
          }),
        }));
        if (layout.scrollWidth > layout.clientWidth) faults.push(`${path}: the page is ${layout.scrollWidth} px wide in a ${layout.clientWidth} px window`);
        layout.tables.forEach((t, i) => {
          if (!t.region) faults.push(`${path}: table ${i + 1} is not in a focusable, named region`);
          if (!t.insidePage) faults.push(`${path}: table ${i + 1}'s region reaches past the window`);
          if (width === 1280 && !t.fits) faults.push(`${path}: table ${i + 1} does not fit at 1280 px`);
        });
      }
      expect(faults).toEqual([]);
      await page.context().close();
    }, 240_000);
  }

  test('every diagram\'s text stays inside its drawing in the default, a wide sans-serif and a monospace font', async () => {
    const page = await signedInPage(1280, 'light');
    const outside: string[] = [];
    for (const path of paths.filter((p) => p.startsWith('/lessons/'))) {
      if (!(await visit(page, path))) continue;
      for (const font of ['', '"DejaVu Sans", Verdana, sans-serif', '"DejaVu Sans Mono", monospace']) {
        const found = await page.evaluate((family) => {
          const out: string[] = [];
          for (const svg of document.querySelectorAll<SVGSVGElement>('main figure svg')) {
            const box = svg.viewBox.baseVal;
            for (const text of svg.querySelectorAll<SVGTextElement>('text')) {
              if (family) text.style.fontFamily = family;
              const b = text.getBBox();
              if (b.x < box.x - 0.5 || b.x + b.width > box.x + box.width + 0.5) out.push(`"${text.textContent?.trim()}" ends at ${Math.round(b.x + b.width)} of ${box.width}`);
            }
          }
          return out;
        }, font);
        outside.push(...found.map((f) => `${path} (${font || 'default font'}): ${f}`));
      }
    }
    expect(outside).toEqual([]);
    await page.context().close();
  }, 120_000);

  test('each page loads JavaScript within its budget (150 KB; lab pages with the editor 750 KB)', async () => {
    const page = await signedInPage(1280, 'light');
    const over: string[] = [];
    for (const path of paths) {
      if (!(await visit(page, path))) continue;
      const bytes = await page.evaluate(() =>
        performance.getEntriesByType('resource').filter((e) => /\.m?js(\?|$)/.test(e.name)).reduce((sum, e) => sum + (e as PerformanceResourceTiming).decodedBodySize, 0),
      );
      if (bytes === 0 || bytes > budget(path)) over.push(`${path}: ${bytes} bytes of JavaScript (budget ${budget(path)})`);
    }
    expect(over).toEqual([]);
    await page.context().close();
  }, 240_000);
});
