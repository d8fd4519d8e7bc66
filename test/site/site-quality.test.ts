// Every page of the course, in real Chromium under npm start (lab pages with their editor):
// no serious or critical axe-core violation in the light or the dark theme, no horizontal
// overflow at 375 or 1280 px (a wide table scrolls in its own named, focusable region, and fits
// at 1280), and the JavaScript each page loads within a budget.
//
// Each page is loaded once per viewport (1280 px light, 1280 px dark, 375 px light) and everything
// that viewport shows is measured in that one visit; each test then judges its own measure. Loading
// every page once per test took six passes over the course, two and a half minutes on 2 cores.
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

/** The fonts each diagram's text must fit in: the page's own, a wide sans-serif and a monospace. */
const diagramFonts = ['', '"DejaVu Sans", Verdana, sans-serif', '"DejaVu Sans Mono", monospace'];

interface Layout {
  scrollWidth: number;
  clientWidth: number;
  tables: Array<{ region: boolean; fits: boolean; insidePage: boolean }>;
}

/** What one visit of one page measured; a measure is absent when its viewport does not take it. */
interface PageMeasures {
  path: string;
  javaScriptBytes?: number;
  layout?: Layout;
  violations?: string[];
  /** Per font (as in diagramFonts): each text that ends outside its drawing. */
  diagramOverflow?: Array<{ font: string; outside: string[] }>;
}

interface Viewport {
  width: number;
  colorScheme: 'light' | 'dark';
  javaScript?: boolean;
  layout?: boolean;
  axe?: boolean;
  diagrams?: boolean;
}

const viewports = {
  wideLight: { width: 1280, colorScheme: 'light', javaScript: true, layout: true, axe: true, diagrams: true },
  wideDark: { width: 1280, colorScheme: 'dark', axe: true },
  narrowLight: { width: 375, colorScheme: 'light', layout: true },
} satisfies Record<string, Viewport>;

async function signedInPage(viewport: Viewport): Promise<Page> {
  const context = await course.browser.newContext({ viewport: { width: viewport.width, height: 900 }, colorScheme: viewport.colorScheme });
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

/** One visit: the loaded JavaScript first (before axe adds its own), then layout, axe, and last the diagrams (their fonts are changed in place). */
async function measure(page: Page, path: string, viewport: Viewport): Promise<PageMeasures> {
  const measures: PageMeasures = { path };
  if (viewport.javaScript) {
    measures.javaScriptBytes = await page.evaluate(() =>
      performance.getEntriesByType('resource').filter((e) => /\.m?js(\?|$)/.test(e.name)).reduce((sum, e) => sum + (e as PerformanceResourceTiming).decodedBodySize, 0),
    );
  }
  if (viewport.layout) {
    await page.screenshot({ path: join(shots, `${path.replace(/\W+/g, '_') || 'home'}-${viewport.width}.png`), fullPage: true });
    measures.layout = await page.evaluate(() => ({
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
  }
  if (viewport.axe) {
    await page.addScriptTag({ content: axeSource });
    measures.violations = await page.evaluate(async () => {
      // resultTypes: every violating node still comes back; passes and incomplete results carry one
      // node each instead of all, which axe-core documents as its way to run faster.
      const axe = (window as unknown as { axe: { run(context: Document, options: { resultTypes: string[] }): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    });
  }
  if (viewport.diagrams && path.startsWith('/lessons/')) {
    measures.diagramOverflow = [];
    for (const font of diagramFonts) {
      const outside = await page.evaluate((family) => {
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
      measures.diagramOverflow.push({ font, outside });
    }
  }
  return measures;
}

const surveys = new Map<Viewport, Promise<PageMeasures[]>>();

/** Every page (redirects left out) measured in one viewport, once per run however many tests read it. */
function survey(viewport: Viewport): Promise<PageMeasures[]> {
  let found = surveys.get(viewport);
  if (!found) {
    found = (async () => {
      const page = await signedInPage(viewport);
      const all: PageMeasures[] = [];
      for (const path of paths) if (await visit(page, path)) all.push(await measure(page, path, viewport));
      await page.context().close();
      return all;
    })();
    surveys.set(viewport, found);
  }
  return found;
}

function layoutFaults(measures: PageMeasures[], width: number): string[] {
  const faults: string[] = [];
  for (const { path, layout } of measures) {
    if (!layout) throw new Error(`${path} was visited at ${width} px without measuring its layout`);
    if (layout.scrollWidth > layout.clientWidth) faults.push(`${path}: the page is ${layout.scrollWidth} px wide in a ${layout.clientWidth} px window`);
    layout.tables.forEach((t, i) => {
      if (!t.region) faults.push(`${path}: table ${i + 1} is not in a focusable, named region`);
      if (!t.insidePage) faults.push(`${path}: table ${i + 1}'s region reaches past the window`);
      if (width === 1280 && !t.fits) faults.push(`${path}: table ${i + 1} does not fit at 1280 px`);
    });
  }
  return faults;
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

  for (const [colorScheme, viewport] of [['light', viewports.wideLight], ['dark', viewports.wideDark]] as const) {
    test(`has no serious or critical axe-core violation in the ${colorScheme} theme`, async () => {
      const measures = await survey(viewport);
      expect(measures.length).toBeGreaterThan(0);
      expect(measures.flatMap(({ path, violations }) => violations!.map((v) => `${path} ${v}`))).toEqual([]);
    }, 300_000);
  }

  for (const viewport of [viewports.narrowLight, viewports.wideLight]) {
    const { width } = viewport;
    test(`fits ${width} px wide: no page scrolls sideways, tables scroll in a focusable named region${width === 1280 ? ' and fit' : ''}`, async () => {
      const measures = await survey(viewport);
      expect(measures.length).toBeGreaterThan(0);
      expect(layoutFaults(measures, width)).toEqual([]);
    }, 300_000);
  }

  test('every diagram\'s text stays inside its drawing in the default, a wide sans-serif and a monospace font', async () => {
    const lessons = (await survey(viewports.wideLight)).filter(({ path }) => path.startsWith('/lessons/'));
    expect(lessons.length).toBeGreaterThan(0);
    const outside = lessons.flatMap(({ path, diagramOverflow }) =>
      diagramOverflow!.flatMap(({ font, outside: texts }) => texts.map((f) => `${path} (${font || 'default font'}): ${f}`)),
    );
    expect(outside).toEqual([]);
  }, 300_000);

  test('each page loads JavaScript within its budget (150 KB; lab pages with the editor 750 KB)', async () => {
    const measures = await survey(viewports.wideLight);
    expect(measures.length).toBeGreaterThan(0);
    const over = measures
      .filter(({ path, javaScriptBytes }) => javaScriptBytes === 0 || javaScriptBytes! > budget(path))
      .map(({ path, javaScriptBytes }) => `${path}: ${javaScriptBytes} bytes of JavaScript (budget ${budget(path)})`);
    expect(over).toEqual([]);
  }, 300_000);
});
