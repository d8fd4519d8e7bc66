// Every page of the course in real Chromium under npm start (lab pages with their editor), in the
// two other viewports: no serious or critical axe-core violation in the dark theme (1280 px), and
// no horizontal overflow at 375 px (a wide table scrolls in its own named, focusable region).
// site-quality.test.ts does the light theme at 1280 px; the two files run side by side.
import { describe, expect, test } from 'vitest';
import { chromiumPath } from '../support/requirements.ts';
import { layoutFaults, useCourseSurvey, type Viewport } from './page-survey.ts';

const wideDark: Viewport = { width: 1280, colorScheme: 'dark', axe: true };
const narrowLight: Viewport = { width: 375, colorScheme: 'light', layout: true };

describe.runIf(chromiumPath !== undefined)('every page of the course, dark theme and 375 px', () => {
  const survey = useCourseSurvey();

  test('has no serious or critical axe-core violation in the dark theme', async () => {
    const measures = await survey(wideDark);
    expect(measures.length).toBeGreaterThan(0);
    expect(measures.flatMap(({ path, violations }) => violations!.map((v) => `${path} ${v}`))).toEqual([]);
  }, 300_000);

  test('fits 375 px wide: no page scrolls sideways, tables scroll in a focusable named region', async () => {
    const measures = await survey(narrowLight);
    expect(measures.length).toBeGreaterThan(0);
    expect(layoutFaults(measures, 375)).toEqual([]);
  }, 300_000);
});
