// Every page of the course in the light theme at 1280 px, in real Chromium under npm start (lab
// pages with their editor): no serious or critical axe-core violation, no horizontal overflow (a
// wide table scrolls in its own named, focusable region, and fits), diagram text inside its
// drawing in three fonts, and the JavaScript each page loads within a budget. Each page is loaded
// once and measured for all four (page-survey.ts); site-quality-dark-narrow.test.ts does the dark
// theme and 375 px.
import { describe, expect, test } from 'vitest';
import { chromiumPath } from '../support/requirements.ts';
import { diagramFonts, layoutFaults, useCourseSurvey, type Viewport } from './page-survey.ts';

/** JavaScript a page may load: the editor (CodeMirror and one language) only on lab pages under npm start. */
const budget = (path: string) => (path.startsWith('/labs/') && path !== '/labs/' ? 750_000 : 150_000);

const wideLight: Viewport = { width: 1280, colorScheme: 'light', javaScript: true, layout: true, axe: true, diagrams: true };

describe.runIf(chromiumPath !== undefined)('every page of the course, light theme at 1280 px', () => {
  const survey = useCourseSurvey();

  test('has no serious or critical axe-core violation in the light theme', async () => {
    const measures = await survey(wideLight);
    expect(measures.length).toBeGreaterThan(0);
    expect(measures.flatMap(({ path, violations }) => violations!.map((v) => `${path} ${v}`))).toEqual([]);
  }, 300_000);

  test('fits 1280 px wide: no page scrolls sideways, tables scroll in a focusable named region and fit', async () => {
    const measures = await survey(wideLight);
    expect(measures.length).toBeGreaterThan(0);
    expect(layoutFaults(measures, 1280)).toEqual([]);
  }, 300_000);

  test('every diagram\'s text stays inside its drawing in the default, a wide sans-serif and a monospace font', async () => {
    const lessons = (await survey(wideLight)).filter(({ path }) => path.startsWith('/lessons/'));
    expect(lessons.length).toBeGreaterThan(0);
    expect(lessons.every(({ diagramOverflow }) => diagramOverflow?.length === diagramFonts.length)).toBe(true);
    const outside = lessons.flatMap(({ path, diagramOverflow }) =>
      diagramOverflow!.flatMap(({ font, outside: texts }) => texts.map((f) => `${path} (${font || 'default font'}): ${f}`)),
    );
    expect(outside).toEqual([]);
  }, 300_000);

  test('each page loads JavaScript within its budget (150 KB; lab pages with the editor 750 KB)', async () => {
    const measures = await survey(wideLight);
    expect(measures.length).toBeGreaterThan(0);
    const over = measures
      .filter(({ path, javaScriptBytes }) => javaScriptBytes === 0 || javaScriptBytes! > budget(path))
      .map(({ path, javaScriptBytes }) => `${path}: ${javaScriptBytes} bytes of JavaScript (budget ${budget(path)})`);
    expect(over).toEqual([]);
  }, 300_000);
});
