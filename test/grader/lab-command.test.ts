// `npm run lab` end to end, on a fixture lab, through the real CLI process.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runtimeFor } from '../../src/grader/languages.ts';
import { cli, projectRoot } from '../support/cli.ts';

const labs = join(projectRoot, 'test/fixtures/labs');
const javaInstalled = Boolean((await runtimeFor('java')).toolchain);
const lab = join(labs, '90-fixture-greeting');
let workspace: string;

const run = (args: string[]) => cli(['lab', ...args], { env: { LAMBDA_DOJO_LABS: labs, LAMBDA_DOJO_WORKSPACE: workspace, NO_COLOR: '1' } });
const code = (language: string) => join(workspace, '90-fixture-greeting', language);
const useSolution = (language: string) => cpSync(join(lab, 'solution', language), code(language), { recursive: true });

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'dojo-workspace-test-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

describe('npm run lab', () => {
  it('copies the starter on the first run, says what to edit, and shows each failed check with expected, got and hint', async () => {
    const r = await run(['90']);
    expect(r.exitCode).toBe(1);
    expect(existsSync(join(code('nodejs'), 'index.mjs'))).toBe(true);
    expect(r.stdout).toContain('Edit index.mjs, then grade again with: npm run lab 90');
    expect(r.stdout).toContain('✓ answers at all');
    expect(r.stdout).toContain('✗ greets by name');
    expect(r.stdout).toMatch(/expected:\s+\{"message": "Hello, Ada!"\}/);
    expect(r.stdout).toMatch(/got:\s+\{"message": "Hello!"\}/);
    expect(r.stdout).toContain('hint: Build the message from the name in the event.');
    expect(r.stdout).toContain('1/2 checks passed');
  });

  it('passes with the solution in place, exit code 0, and records the progress', async () => {
    await run(['90']);
    useSolution('nodejs');
    const r = await run(['90']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('All 2 checks passed.');
    const list = await run([]);
    expect(list.stdout).toMatch(/90\s+Fixture greeting\s+✓ passed/);
    const progress = JSON.parse(readFileSync(join(workspace, 'progress.json'), 'utf8'));
    expect(progress.labs['90'].nodejs).toMatchObject({ status: 'passed', passed: 2, total: 2, everPassed: true });
  });

  it('lists labs not started and failing ones', async () => {
    expect((await run([])).stdout).toMatch(/90\s+Fixture greeting\s+·\s+·\n/);
    await run(['90']);
    expect((await run([])).stdout).toMatch(/90\s+Fixture greeting\s+✗ 1\/2/);
  });

  it('grades in the language asked for, and remembers it', async () => {
    const r = await run(['90', '--lang', 'python']);
    expect(r.stdout).toContain('Edit lambda_function.py');
    expect(r.stdout).toContain('(Python, python3.');
    useSolution('python');
    const again = await run(['90']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('(Python, ');
  });

  it('shows a code that does not load once, first, with its file and line, instead of failed checks', async () => {
    await run(['90']);
    writeFileSync(join(code('nodejs'), 'index.mjs'), 'export const handler = async (event) => {\n  return { message: ;\n};\n');
    const r = await run(['90']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/Your code did not load \(index\.mjs, line 2\)/);
    expect(r.stdout).toContain('Runtime.UserCodeSyntaxError');
    expect(r.stdout).not.toContain('✗');
    expect((await run([])).stdout).toMatch(/90\s+Fixture greeting\s+! no load/);
  });

  it('explains a deleted entry file', async () => {
    await run(['90', '--lang', 'python']);
    unlinkSync(join(code('python'), 'lambda_function.py'));
    const r = await run(['90']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain("Runtime.ImportModuleError: Unable to import module 'lambda_function'");
    expect(r.stdout).toContain('No checks ran');
  });

  it('shows Lambda\'s own refusal of a bad function.json', async () => {
    await run(['90']);
    writeFileSync(join(code('nodejs'), 'function.json'), '{ "MemorySize": 64 }');
    const r = await run(['90']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/Lambda refused the function: ValidationException: .*Value '64' at 'memorySize'/);
    writeFileSync(join(code('nodejs'), 'function.json'), '{ "MemorySize": ');
    expect((await run(['90'])).stdout).toMatch(/function\.json is not valid JSON/);
  });

  it('writes Exercism-style results.json and JUnit XML for CI', async () => {
    const json = await run(['90', '--reporter', 'json']);
    expect(json.exitCode).toBe(1);
    const results = JSON.parse(json.stdout);
    expect(results).toMatchObject({ version: 3, status: 'fail', lab: 90, language: 'nodejs' });
    expect(results.tests).toEqual([
      { name: 'answers at all', test_code: 'The function returns without an error.', status: 'pass', task_id: 1 },
      expect.objectContaining({ name: 'greets by name', status: 'fail', expected: { message: 'Hello, Ada!' }, actual: { message: 'Hello!' } }),
    ]);
    const file = join(workspace, 'junit.xml');
    const junit = await run(['90', '--reporter', 'junit', '--output', file]);
    expect(junit.stdout).toContain('✗ greets by name'); // with --output the terminal report stays
    const xml = readFileSync(file, 'utf8');
    expect(xml).toMatch(/<testsuite name="lab 90: Fixture greeting \(nodejs\)" tests="2" failures="1" errors="0"/);
    expect(xml).toContain('<failure message="the greeting is not right">');
  });

  it('reports a load error as status error in results.json', async () => {
    await run(['90']);
    writeFileSync(join(code('nodejs'), 'index.mjs'), 'export const nothing = 1;\n');
    const results = JSON.parse((await run(['90', '--reporter', 'json'])).stdout);
    expect(results).toMatchObject({ version: 3, status: 'error', message: expect.stringContaining('Runtime.HandlerNotFound'), tests: [] });
  });

  it('resets to the starter and keeps the old code as a backup', async () => {
    await run(['90']);
    useSolution('nodejs');
    const r = await run(['90', '--reset']);
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(code('nodejs'), 'index.mjs'), 'utf8')).toContain("'Hello!'");
    const backups = readdirSync(join(workspace, '.backups'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(workspace, '.backups', backups[0]!, 'index.mjs'), 'utf8')).toContain('event.name');
  });

  it('shows the reference solution only once the lab has passed', async () => {
    const locked = await run(['90', '--solution']);
    expect(locked.exitCode).toBe(1);
    expect(locked.stderr).toContain('unlocks once your Node.js code passes every check');
    await run(['90']);
    useSolution('nodejs');
    await run(['90']);
    const shown = await run(['90', '--solution']);
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toContain('── index.mjs');
    expect(shown.stdout).toContain('Hello, ${event.name}!');
  });

  it.each([
    [['92'], /There is no lab 92\. The labs are: 90, 91\./],
    [['90', '--lang', 'cobol'], /Unknown language 'cobol'\. Choose one of: nodejs, python, java/],
    [['90', '--lang', 'java'], /Lab 90 is not offered in Java\. It is offered in: nodejs, python/],
    [['90', '--reporter', 'xml'], /--reporter xml is not one of terminal, json, junit/],
  ])('refuses %j with a message and exit code 2', async (args, message) => {
    const r = await run(args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says how to install a missing toolchain instead of grading', async () => {
    const r = await cli(['lab', '90', '--lang', 'python'], {
      env: { LAMBDA_DOJO_LABS: labs, LAMBDA_DOJO_WORKSPACE: workspace, NO_COLOR: '1', PATH: dirname(process.execPath) },
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('Lab 90 in Python needs the Python toolchain, which this machine does not have.');
    expect(r.stderr).toContain('sudo apt-get install python3');
    expect(r.stderr).toContain('npm run lab 90 -- --lang nodejs');
  });

  it.runIf(existsSync('/usr/bin/script'))('asks for the language once when the terminal is interactive, and remembers it', async () => {
    // `script` gives the command a real terminal; the answer arrives on its standard input.
    const command = `"${process.execPath}" "${join(projectRoot, 'bin/lambda-dojo.mjs')}" lab 90`;
    const r = await execa('script', ['-qec', command, '/dev/null'], {
      input: 'python\n',
      env: { LAMBDA_DOJO_LABS: labs, LAMBDA_DOJO_WORKSPACE: workspace, NO_COLOR: '1' },
      reject: false,
      timeout: 60_000,
    });
    expect(r.stdout).toContain('Which language will you write your functions in? (nodejs, python) [nodejs]');
    expect(r.stdout).toContain("Lab 90's Python starter is in");
    expect(JSON.parse(readFileSync(join(workspace, 'progress.json'), 'utf8')).language).toBe('python');
    const again = await execa('script', ['-qec', command, '/dev/null'], { input: '', env: { LAMBDA_DOJO_LABS: labs, LAMBDA_DOJO_WORKSPACE: workspace, NO_COLOR: '1' }, reject: false, timeout: 60_000 });
    expect(again.stdout).not.toContain('Which language');
  });

  it('grades a one-language lab in its language without changing the learner\'s choice', async () => {
    const env = { LAMBDA_DOJO_WORKSPACE: workspace, NO_COLOR: '1' }; // the course's own labs
    await cli(['lab', '1', '--lang', 'python'], { env });
    const r = await cli(['lab', '5'], { env });
    expect(r.stdout).toContain("Lab 5's custom runtime starter is in");
    expect(r.stdout).toContain('(custom runtime, provided.al2023');
    expect(JSON.parse(readFileSync(join(workspace, 'progress.json'), 'utf8')).language).toBe('python');
    expect((await cli(['lab'], { env })).stdout).toMatch(/5\s+Custom runtime\s+✗ \d+\/\d+\n/);
  });

  it.runIf(javaInstalled)('says a slow build is going, on one plain line when the output is not a terminal', async () => {
    const buildCache = mkdtempSync(join(tmpdir(), 'dojo-build-cache-test-'));
    try {
      // An empty build cache makes javac run; the threshold (a second) is lowered to stay clear of how fast this machine is.
      const env = { LAMBDA_DOJO_WORKSPACE: workspace, LAMBDA_DOJO_BUILD_CACHE: buildCache, NO_COLOR: '1', LAMBDA_DOJO_PROGRESS_AFTER_MS: '200' };
      const r = await cli(['lab', '1', '--lang', 'java'], { env });
      expect(r.stdout).toMatch(/\)\n\n  Building your Java code…\n  ✗ greets by name/);
      expect(r.stdout).not.toContain('\r');
    } finally {
      rmSync(buildCache, { recursive: true, force: true });
    }
  });

  it('survives a corrupted progress file', async () => {
    writeFileSync(join(workspace, 'progress.json'), '{ half a file');
    const r = await run([]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/90\s+Fixture greeting\s+·\s+·\n/);
  });

  it('grades again when a file changes with --watch', async () => {
    await run(['90']);
    const child = spawn(process.execPath, [join(projectRoot, 'bin/lambda-dojo.mjs'), 'lab', '90', '--watch'], {
      env: { ...process.env, LAMBDA_DOJO_LABS: labs, LAMBDA_DOJO_WORKSPACE: workspace, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    const waitFor = async (text: string) => {
      const until = Date.now() + 30_000;
      while (!output.includes(text) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      return output.includes(text);
    };
    try {
      expect(await waitFor('Watching')).toBe(true);
      useSolution('nodejs');
      expect(await waitFor('All 2 checks passed.')).toBe(true);
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
