// The course around grading, through the real CLI: staged hints, feedback in the learner's
// language only, options npm keeps for itself, language names in any case, status resets,
// --invoke, --all for teams and the author's --check.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, projectRoot } from '../support/cli.ts';

const labs = join(projectRoot, 'test/fixtures/labs');
const lab = join(labs, '90-fixture-greeting');
let workspace: string;

const env = () => ({ LAMBDA_DOJO_LABS: labs, LAMBDA_DOJO_WORKSPACE: workspace, NO_COLOR: '1' });
const run = (args: string[]) => cli(['lab', ...args], { env: env() });
const code = (language: string) => join(workspace, '90-fixture-greeting', language);
const useSolution = (language: string) => cpSync(join(lab, 'solution', language), code(language), { recursive: true });
const progress = () => JSON.parse(readFileSync(join(workspace, 'progress.json'), 'utf8'));

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'dojo-course-test-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

describe('hints', () => {
  it('--hint reveals one stage at a time for the first failing check, remembered per lab and language', async () => {
    await run(['90', '--lang', 'python']);
    const first = await run(['90', '--hint']);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain('Hints for "greets by name" (lab 90, Python)');
    expect(first.stdout).toContain('1/3 the idea:\n    Build the message from the name in the event.');
    expect(first.stdout).not.toContain('2/3');
    const second = await run(['90', '--hint']);
    expect(second.stdout).toContain('2/3 what to use:\n    event["name"]');
    const third = await run(['90', '--hint']);
    expect(third.stdout).toContain('3/3 the code:\n    return {"message": f"Hello, {event[\'name\']}!"}');
    expect(third.stdout).not.toContain('event.name');
    expect((await run(['90', '--hint'])).stdout).toContain('That was the last hint');
    expect(progress().hints['90']).toEqual({ python: { 'greets by name': 3 } });
    // A failed check shows the stages revealed so far, in the learner's language.
    const graded = await run(['90']);
    expect(graded.stdout).toContain('hint: Build the message from the name in the event.\n            event["name"]\n            return {"message"');
  });

  it('after Lambda refuses the starter\'s configuration, --hint starts with the check that explains the refusal', async () => {
    const courseEnv = { LAMBDA_DOJO_WORKSPACE: workspace, NO_COLOR: '1' }; // the course's own lab 7: six layers, one too many
    expect((await cli(['lab', '7', '--lang', 'nodejs'], { env: courseEnv })).stdout).toContain('Cannot reference more than 5 layers');
    const r = await cli(['lab', '7', '--hint'], { env: courseEnv });
    expect(r.stdout).toContain('Hints for "keeps every shared helper" (lab 7, Node.js)');
    expect(r.stdout).toContain('A function may use five layers at most.');
  });

  it('a lab whose hint stage is missing fails to load, naming the file and the field', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'dojo-broken-labs-'));
    try {
      cpSync(lab, join(broken, '90-fixture-greeting'), { recursive: true });
      const file = join(broken, '90-fixture-greeting', 'lab.ts');
      const source = readFileSync(file, 'utf8').replace("api: { nodejs: 'event.name', python: 'event[\"name\"]' },", "api: { nodejs: 'event.name' },");
      writeFileSync(file, source.replace("languages: ['nodejs', 'python']", "languages: ['nodejs', 'python', 'Python']").replaceAll("'../../../../src/", `'${projectRoot}src/`));
      const r = await cli(['lab'], { env: { ...env(), LAMBDA_DOJO_LABS: broken } });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`${file} is not a valid lab:`);
      expect(r.stderr).toContain('languages[2]: "Python" is not one of nodejs, python');
      expect(r.stderr).toContain('checks[1].hints.api.python: missing (the lab is offered in nodejs, python)');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});

describe('feedback in the learner\'s language', () => {
  it('a Python learner sees expected and got in JSON, and Python names only', async () => {
    const r = await run(['90', '--lang', 'python']);
    expect(r.stdout).toMatch(/expected:\n\s+\{"message": "Hello, Ada!"\}\n\s+got:\n\s+\{"message": "Hello!"\}/);
    expect(r.stdout).not.toMatch(/message: '/);
    expect(r.stdout).not.toContain('event.name');
  });
});

describe('options and prompts', () => {
  it('npm run lab 90 --lang python (without --) says to put -- before the options, and grades nothing', async () => {
    const r = await execa('npm', ['run', '-s', 'lab', '90', '--lang', 'python'], { cwd: projectRoot, env: env(), reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('npm kept the options for itself. Put -- before them: npm run lab 90 -- --lang python');
    expect(existsSync(code('python'))).toBe(false);
  });

  it('takes language names in any case', async () => {
    const r = await run(['90', '--lang', 'Python']);
    expect(r.stdout).toContain('(Python, python3.');
    expect((await run(['90', '--lang', 'NODE.JS'])).stdout).toContain('(Node.js, nodejs');
  });

  it.runIf(existsSync('/usr/bin/script'))('asks again after an answer that is not a language, and accepts any case', async () => {
    const command = `"${process.execPath}" "${join(projectRoot, 'bin/lambda-dojo.mjs')}" lab 90`;
    const r = await execa('script', ['-qec', command, '/dev/null'], { input: 'cobol\nPython\n', env: env(), reject: false, timeout: 60_000 });
    expect(r.stdout).toContain("'cobol' is not one of nodejs, python. Type one of them, or press Enter for nodejs.");
    expect(r.stdout.match(/Which language will you write your functions in\?/g)).toHaveLength(2);
    expect(progress().language).toBe('python');
  });

  it('--solution before a pass is refused and changes nothing', async () => {
    const r = await run(['90', '--lang', 'python', '--solution']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('unlocks once your Python code passes every check');
    expect(existsSync(join(workspace, 'progress.json'))).toBe(false);
    expect(existsSync(code('python'))).toBe(false);
  });

  it('--reset restores the starter and sets the lab back to not started, keeping an earned solution', async () => {
    await run(['90']);
    useSolution('nodejs');
    expect((await run(['90'])).exitCode).toBe(0);
    const r = await run(['90', '--reset']);
    expect(r.stdout).toContain('and its status to not started');
    expect((await run([])).stdout).toMatch(/90\s+Fixture greeting\s+·\s+·\n/);
    expect((await run(['90', '--solution'])).exitCode).toBe(0);
  });

  it('the list shows every language\'s progress and a course total', async () => {
    await run(['90', '--lang', 'python']);
    useSolution('python');
    await run(['90']);
    await run(['90', '--lang', 'nodejs']);
    const r = await run([]);
    expect(r.stdout).toMatch(/#\s+Lab\s+Node\.js\s+Python\n/);
    expect(r.stdout).toMatch(/90\s+Fixture greeting\s+✗ 1\/2\s+✓ passed\n/);
    expect(r.stdout).toMatch(/91\s+Fixture layers\s+·\n/);
    expect(r.stdout).toContain('Course: 1 of 2 labs passed (Node.js 0 of 2, Python 1 of 1).');
  });

  it('after a pass, offers the next lab', async () => {
    await run(['90']);
    useSolution('nodejs');
    expect((await run(['90'])).stdout).toContain('Next: lab 91, Fixture layers: npm run lab 91');
  });
});

describe('--watch', () => {
  it.runIf(existsSync('/usr/bin/script'))('clears the screen before grading again and, after a pass, moves on to the next lab when n is pressed', async () => {
    await run(['90', '--lang', 'nodejs']);
    // `script` gives the command a real terminal; keys arrive on its standard input.
    const command = `"${process.execPath}" "${join(projectRoot, 'bin/lambda-dojo.mjs')}" lab 90 --watch`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, ...env() }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    const waitFor = async (text: string, from = 0) => {
      const until = Date.now() + 30_000;
      while (!output.includes(text, from) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      return output.indexOf(text, from);
    };
    try {
      expect(await waitFor('Watching')).toBeGreaterThan(-1);
      useSolution('nodejs');
      const cleared = await waitFor('\x1b[2J');
      expect(cleared, output).toBeGreaterThan(-1);
      expect(await waitFor('All 2 checks passed.', cleared)).toBeGreaterThan(cleared);
      expect(await waitFor('Press n to go on to lab 91, Fixture layers.', cleared)).toBeGreaterThan(-1);
      child.stdin.write('n');
      expect(await waitFor('Lab 91 · Fixture layers', cleared)).toBeGreaterThan(-1);
      expect(existsSync(join(workspace, '91-fixture-layers', 'nodejs'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});

describe('--invoke', () => {
  it('runs the learner\'s function with the lab\'s configuration: response on stdout, log on stderr, --repeat on a warm environment', async () => {
    await run(['90']);
    useSolution('nodejs');
    const r = await run(['90', '--invoke', '{"name": "Ada"}', '--repeat', '2']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('{"message":"Hello, Ada!"}\n{"message":"Hello, Ada!"}');
    expect(r.stderr.match(/^REPORT RequestId: .*Memory Size: 256 MB/gm)).toHaveLength(2); // the starter's function.json sets 256 MB
    expect(r.stderr.match(/Init Duration/g)).toHaveLength(1);
  });

  it('refuses an event that is not JSON, saying how to write one', async () => {
    const r = await run(['90', '--invoke', '{name: Ada}']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`--invoke needs the event as JSON, such as '{"name": "Ada"}'`);
  });
});

describe('--all for teams', () => {
  it('grades every lab the learner started and writes one JUnit file', async () => {
    await run(['90', '--lang', 'python']);
    useSolution('python');
    await run(['90', '--lang', 'nodejs']);
    const file = join(workspace, 'results.xml');
    const r = await run(['--all', '--reporter', 'junit', '--output', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('1 of 2 labs passed.');
    const xml = readFileSync(file, 'utf8');
    expect(xml).toMatch(/<testsuites tests="4" failures="1" errors="0" skipped="0"/);
    expect(xml).toContain('<testsuite name="lab 90: Fixture greeting (nodejs)" tests="2" failures="1"');
    expect(xml).toContain('<testsuite name="lab 90: Fixture greeting (python)" tests="2" failures="0"');
    const python = await run(['--all', '--lang', 'python', '--reporter', 'junit']);
    expect(python.exitCode).toBe(0);
    expect(python.stdout).not.toContain('(nodejs)');
  });
});

describe('--check, the author\'s check', () => {
  it('passes on labs whose starters fail what lab.ts names and whose solutions pass', async () => {
    const r = await run(['--check']);
    expect(r.stdout).toContain('✓ nodejs: the starter fails what lab.ts names, the solution passes');
    expect(r.stdout).toContain('Every lab checks out.');
    expect(r.exitCode).toBe(0);
  });

  it('names a starter that fails other checks than lab.ts says, a README command that does not parse, and a stray file', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'dojo-check-labs-'));
    try {
      cpSync(join(labs, '91-fixture-layers'), join(broken, '91-fixture-layers'), { recursive: true });
      const folder = join(broken, '91-fixture-layers');
      writeFileSync(join(folder, 'lab.ts'), readFileSync(join(folder, 'lab.ts'), 'utf8').replace("starterFails: ['uses the layer']", 'starterFails: []').replaceAll("'../../../../src/", `'${projectRoot}src/`));
      writeFileSync(join(folder, 'README.md'), 'Run `npm run lab 91 --watch`.\n');
      writeFileSync(join(folder, 'notes.txt'), 'draft\n');
      const r = await cli(['lab', '--check'], { env: { ...env(), LAMBDA_DOJO_LABS: broken } });
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toContain('README: "npm run lab 91 --watch" puts an option before --, which npm keeps for itself');
      expect(r.stdout).toContain('notes.txt is not part of the lab');
      expect(r.stdout).toContain('the nodejs starter fails "uses the layer", which lab.ts does not name in starterFails');
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
