// Shared by the two site-quality files: every page of the course under npm start (lab pages with
// their editor), loaded once per viewport, with everything that viewport judges measured in that
// one visit. Loading every page once per test took six passes over the course (two and a half
// minutes on 2 cores); the two files (light at 1280 px; dark and 375 px) run side by side.
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { projectRoot } from '../support/cli.ts';
import { startCourseUnderTest, type CourseUnderTest } from './course-browser.ts';

const axeSource = readFileSync(join(projectRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
/**
 * Full-page screenshots a reviewer can look at after a run: of every page when
 * LAMBDA_DOJO_SITE_SCREENSHOTS=1, else of each page whose layout failed. A full-page screenshot
 * costs as much CPU as an axe-core run, and no check reads it.
 */
const shots = join(projectRoot, '.cache', 'site-screenshots');
const screenshotEveryPage = process.env.LAMBDA_DOJO_SITE_SCREENSHOTS === '1';

/** The fonts each diagram's text must fit in: the page's own, a wide sans-serif and a monospace. */
export const diagramFonts = ['', '"DejaVu Sans", Verdana, sans-serif', '"DejaVu Sans Mono", monospace'];

export interface Layout {
  scrollWidth: number;
  clientWidth: number;
  tables: Array<{ region: boolean; fits: boolean; insidePage: boolean }>;
}

/** What one visit of one page measured; a measure is absent when its viewport does not take it. */
export interface PageMeasures {
  path: string;
  javaScriptBytes?: number;
  layout?: Layout;
  violations?: string[];
  /** Per font (as in diagramFonts): each text that ends outside its drawing. */
  diagramOverflow?: Array<{ font: string; outside: string[] }>;
}

/** A browser window and what to measure in it. */
export interface Viewport {
  width: number;
  colorScheme: 'light' | 'dark';
  javaScript?: boolean;
  layout?: boolean;
  axe?: boolean;
  diagrams?: boolean;
}

/** Loads a page and waits for the workbench (lab pages) to hold the learner's files. */
async function visit(page: Page, url: string, path: string): Promise<boolean> {
  await page.goto(url + path);
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
    if (screenshotEveryPage || layoutFaults([measures], viewport.width).length > 0) {
      await page.screenshot({ path: join(shots, `${path.replace(/\W+/g, '_') || 'home'}-${viewport.width}.png`), fullPage: true });
    }
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

/** Where a page scrolls sideways or a table leaves its region (or, at 1280 px, does not fit). */
export function layoutFaults(measures: PageMeasures[], width: number): string[] {
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

/**
 * Starts the course under test for this file (before all its tests) and returns `survey`: every
 * page (redirects left out) measured in one viewport, once per file however many tests read it.
 */
export function useCourseSurvey(): (viewport: Viewport) => Promise<PageMeasures[]> {
  let course: CourseUnderTest;
  let paths: string[];
  const surveys = new Map<Viewport, Promise<PageMeasures[]>>();
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

  return (viewport) => {
    let found = surveys.get(viewport);
    if (!found) {
      found = (async () => {
        const context = await course.browser.newContext({ viewport: { width: viewport.width, height: 900 }, colorScheme: viewport.colorScheme });
        const page = await context.newPage();
        await page.goto(course.server.openUrl);
        const all: PageMeasures[] = [];
        for (const path of paths) if (await visit(page, course.server.url, path)) all.push(await measure(page, path, viewport));
        await context.close();
        return all;
      })();
      surveys.set(viewport, found);
    }
    return found;
  };
}
