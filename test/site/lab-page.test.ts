// Lab 1 done from the browser alone, in real Chromium against the real course server: edit,
// run, grade, solution and reset in Node.js and Python; the terminal and the page seeing each
// other's changes; the refusals a foreign page or a tab without the token meets; the keyboard.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { cli, projectRoot } from '../support/cli.ts';
import { chromiumPath } from '../support/requirements.ts';
import { serveStatic, type StaticServer } from './static-server.ts';
import { startCourseUnderTest, type CourseUnderTest } from './course-browser.ts';

const labPath = '/labs/01-hello-handler/';
const entryFiles = { nodejs: 'index.mjs', python: 'lambda_function.py' } as const;
type Language = keyof typeof entryFiles;
const solution = (language: Language) => readFileSync(join(projectRoot, 'labs/01-hello-handler/solution', language, entryFiles[language]), 'utf8');

let course: CourseUnderTest;
let context: BrowserContext;

/** A browser session that opened the address npm start printed. */
async function signedIn(): Promise<BrowserContext> {
  const ctx = await course.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(course.server.openUrl);
  await page.close();
  return ctx;
}

async function openLab(language: Language): Promise<Page> {
  const page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(course.server.url + labPath);
  // data-ready names the language whose files the editor holds.
  await page.locator('[data-wb][data-ready]').waitFor();
  const picker = page.locator('[data-wb-language]');
  if ((await picker.inputValue()) !== language) {
    await picker.selectOption(language);
    await page.locator(`[data-wb][data-ready="${language}"]`).waitFor();
  }
  // The editor opens on the lab's entry file.
  await expect(page.locator('[data-wb-file]').inputValue()).resolves.toBe(entryFiles[language]);
  return page;
}

const editorText = (page: Page) => page.locator('[data-wb] .cm-content').evaluate((el) => (el as HTMLElement & { cmView?: unknown }).innerText);
const output = (page: Page) => page.locator('[data-wb-output]');
const button = (page: Page, action: string) => page.locator(`[data-action="${action}"]`);
const workspaceFile = (language: Language) => join(course.workspace, '01-hello-handler', language, entryFiles[language]);

describe.runIf(chromiumPath !== undefined)('a lab page under npm start', () => {
  beforeAll(async () => {
    course = await startCourseUnderTest();
    context = await signedIn();
  }, 300_000);
  afterAll(async () => {
    await context?.close();
    await course?.close();
  });

  for (const language of ['nodejs', 'python'] as const) {
    test(`in ${language}: the edit reaches workspace/, Run shows the response and START/END/REPORT, Grade passes, the solution unlocks, Reset restores the starter with a backup`, async () => {
      const page = await openLab(language);
      // Edit: replace the starter with a working handler, typed into the editor.
      await page.locator('[data-wb] .cm-content').click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(solution(language));
      await expect.poll(() => readFileSync(workspaceFile(language), 'utf8'), { timeout: 10_000 }).toBe(solution(language));

      // Run, with an event the learner typed.
      await page.locator('[data-wb-event]').fill('{"name": "Grace"}');
      await button(page, 'run').click();
      await page.locator('[data-wb-status-text]', { hasText: /Ran\.|The function failed\./ }).waitFor({ timeout: 60_000 });
      const ran = await output(page).innerText();
      expect(ran).toMatch(/"message": ?"Hello, Grace!"/);
      expect(ran).toMatch(/START RequestId: [\s\S]*Greeting Grace[\s\S]*END RequestId: [\s\S]*REPORT RequestId: .*Duration: /);
      expect(ran).toMatch(/answered in \d+ ms · Duration [\d.]+ ms/);

      // The solution is not offered before a pass.
      await expect(button(page, 'solution').isVisible()).resolves.toBe(false);

      // Grade: every check ✓, then the next lab is suggested and the solution offered.
      await button(page, 'grade').click();
      await page.locator('[data-wb-status-text]', { hasText: /Passed\.|checks passed/ }).waitFor({ timeout: 60_000 });
      const graded = await output(page).innerText();
      expect(graded).toContain('All 4 checks passed.');
      expect(graded.match(/✓/g)?.length).toBe(4);
      await expect(page.locator('[data-wb-output] a[href="/labs/02-beat-the-clock/"]').count()).resolves.toBe(1);
      // The sidebar ticks the lab (the progress event from the server).
      await page.locator(`nav a[href="${labPath}"] .lab-passed`).first().waitFor({ timeout: 10_000 });

      await button(page, 'solution').click();
      await page.locator('[data-wb-status-text]', { hasText: 'Solution shown.' }).waitFor();
      expect(await output(page).innerText()).toContain(solution(language).split('\n')[0]!);

      // Reset (confirmed): the starter is back in the editor and on disk, the old code in .backups.
      await button(page, 'reset').click();
      await page.locator('[data-wb-status-text]', { hasText: 'Reset.' }).waitFor();
      const starter = readFileSync(join(projectRoot, 'labs/01-hello-handler/starter', language, entryFiles[language]), 'utf8');
      expect(readFileSync(workspaceFile(language), 'utf8')).toBe(starter);
      await expect.poll(() => editorText(page)).toContain(starter.split('\n')[0]!);
      const backups = readdirSync(join(course.workspace, '.backups')).filter((name) => name.startsWith(`01-hello-handler-${language}-`));
      expect(backups.length).toBeGreaterThan(0);
      expect(readFileSync(join(course.workspace, '.backups', backups.at(-1)!, entryFiles[language]), 'utf8')).toBe(solution(language));
      await page.close();
    }, 120_000);
  }

  test('the language picked in the page is the one npm run lab uses next', async () => {
    const page = await openLab('python');
    const listed = await cli(['lab', '1', '--hint'], { env: { ...process.env, LAMBDA_DOJO_WORKSPACE: course.workspace, NO_COLOR: '1' } as Record<string, string> });
    expect(listed.stdout).toContain('(lab 1, Python)');
    await page.close();
  }, 60_000);

  test('a file saved in another editor, and a grade run in the terminal, show in the open page without a reload', async () => {
    const page = await openLab('nodejs');
    const marker = `// saved elsewhere ${Date.now()}`;
    writeFileSync(workspaceFile('nodejs'), `${marker}\n${solution('nodejs')}`);
    await expect.poll(() => editorText(page), { timeout: 10_000 }).toContain(marker);
    // Reset above left lab 1 "not started" in Node.js; the terminal grades the code on disk, which passes.
    const graded = await cli(['lab', '1', '--lang', 'nodejs'], { env: { ...process.env, LAMBDA_DOJO_WORKSPACE: course.workspace, NO_COLOR: '1' } as Record<string, string> });
    expect(graded.stdout).toContain('All 4 checks passed.');
    await page.locator('[data-wb-progress]', { hasText: 'Last graded: 4/4 checks passed (passed).' }).waitFor({ timeout: 10_000 });
    await page.locator('[data-action="solution"]').waitFor();
    await page.close();
  }, 60_000);

  test('search finds lesson 1 for "cold start", as in the built site', async () => {
    const page = await context.newPage();
    await page.goto(`${course.server.url}/`);
    await page.locator('button[data-open-modal]').first().click();
    await page.locator('dialog[open] #starlight__search input').fill('cold start');
    await page.locator('.pagefind-ui__result-link[href*="/lessons/01-functions/"]').first().waitFor({ timeout: 20_000 });
    await page.close();
  }, 60_000);

  test('a lab page links to the previous and next lab, and the home page shows the course total', async () => {
    const page = await context.newPage();
    await page.goto(`${course.server.url}/labs/02-beat-the-clock/`);
    await expect(page.locator('.pagination-links a[rel="prev"]').getAttribute('href')).resolves.toBe('/labs/01-hello-handler/');
    await expect(page.locator('.pagination-links a[rel="next"]').getAttribute('href')).resolves.toBe('/labs/03-event-in-response-out/');
    // Lab 1 passed above: the labs index ticks it, the home page counts it.
    await page.goto(`${course.server.url}/labs/`);
    await page.locator('.labs-index a[href="/labs/01-hello-handler/"] .lab-passed').waitFor();
    await page.goto(`${course.server.url}/`);
    await page.locator('[data-course-total]', { hasText: /You have passed 1 of \d+ labs/ }).waitFor();
    await page.close();
  });

  describe('refuses', () => {
    let foreign: StaticServer;
    beforeAll(async () => {
      // The course's own pages, served from another origin (another port of 127.0.0.1).
      foreign = await serveStatic(course.site);
    });
    afterAll(() => foreign?.close());

    test('a page from another origin, in the browser that holds the session cookie', async () => {
      const page = await context.newPage();
      await page.goto(`${foreign.url}/`);
      const before = existsSync(join(course.workspace, '.backups')) ? readdirSync(join(course.workspace, '.backups')).length : 0;
      const outcome = await page.evaluate(async (target) => {
        const attempts: string[] = [];
        // A JSON request (preflighted) and a simple one (no preflight, sent blind).
        for (const init of [
          { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body: '{"language":"nodejs"}' },
          { method: 'POST', credentials: 'include', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"language":"nodejs"}' },
        ] as RequestInit[]) {
          attempts.push(await fetch(`${target}/api/labs/1/reset`, init).then((r) => `status ${r.status} ${r.type}`, (e: Error) => `failed: ${e.message}`));
        }
        attempts.push(await fetch(`${target}/api/course`, { credentials: 'include' }).then((r) => `status ${r.status}`, (e: Error) => `failed: ${e.message}`));
        return attempts;
      }, course.server.url);
      // The browser sees a failure or an opaque answer; the server did nothing.
      expect(outcome[0]).toMatch(/^failed/);
      expect(outcome[1]).toMatch(/opaque|failed/);
      expect(outcome[2]).toMatch(/^failed/);
      const after = existsSync(join(course.workspace, '.backups')) ? readdirSync(join(course.workspace, '.backups')).length : 0;
      expect(after).toBe(before);
      await page.close();
    });

    test('a tab without the token: the API answers 401 and the page says how to get in', async () => {
      const stranger = await course.browser.newContext();
      const page = await stranger.newPage();
      await page.goto(course.server.url + labPath);
      const status = await page.evaluate(async () => (await fetch('/api/course')).status);
      expect(status).toBe(401);
      await page.locator('[data-wb-offline]', { hasText: 'open the address npm start printed' }).waitFor();
      await expect(page.locator('[data-wb]').isVisible()).resolves.toBe(false);
      await stranger.close();
    });
  });

  test('with the keyboard alone: Tab reaches the language, the file, the editor and out of it to the event and Run; Enter runs', async () => {
    const page = await openLab('nodejs');
    await page.locator('[data-wb-language]').focus();
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return el.dataset.action ?? (el.matches('[data-wb-file]') ? 'file' : el.matches('.cm-content') ? 'editor' : el.matches('[data-wb-event]') ? 'event' : el.tagName);
      }));
    }
    expect(order).toEqual(['file', 'editor', 'event', 'run', 'grade']);
    // Back to Run, and run it with Enter.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.locator('[data-wb-status-text]', { hasText: /Ran\.|The function failed\./ }).waitFor({ timeout: 60_000 });
    expect(await output(page).innerText()).toContain('REPORT RequestId');
    await page.close();
  }, 60_000);
});
