// Whole commands as a user runs them, each a fresh process, alternated round by round: a one-shot
// `invoke` (through the bin, through npm, without the compile cache) beside lambda-local (which
// isolates nothing) and `node -e 0`; and `lab 1` graded per language.

import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitedChildrenCpuMs } from './proc.ts';
import { interleave, ratio, summarize, type Ratio, type Summary } from './stats.ts';
import type { BenchOptions } from './options.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin', 'lambda-dojo.mjs');
const lambdaLocal = join(root, 'node_modules', 'lambda-local', 'build', 'cli.js');

interface Command {
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Exit codes that mean the command did its job. */
  ok?: number[];
  /** Runs before each timed run, untimed (an edit the command must then rebuild). */
  before?: () => void;
}

export interface CommandTimes {
  wallMs: Summary;
  /** Each round's wall time, in round order (for paired ratios). */
  samples: number[];
  /** CPU of the command's whole process tree (what it waited for), at 10 ms resolution. */
  cpuMs: Summary;
}

/** Runs a command to its end; returns wall time and the CPU of everything it ran, in ms. */
function run(c: Command, cpu: number[]): number {
  c.before?.();
  const cpu0 = waitedChildrenCpuMs();
  const start = performance.now();
  const result = spawnSync(c.command, c.args, { cwd: root, env: { ...process.env, ...c.env }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 120_000 });
  const wall = performance.now() - start;
  cpu.push(waitedChildrenCpuMs() - cpu0);
  if (!(c.ok ?? [0]).includes(result.status ?? -1)) throw new Error(`${c.command} ${c.args.join(' ')} exited with ${result.status}: ${result.stderr || result.stdout}`);
  return wall;
}

async function timeCommands<K extends string>(rounds: number, commands: Record<K, Command>): Promise<Record<K, CommandTimes>> {
  const cpu = Object.fromEntries(Object.keys(commands).map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (const k of Object.keys(commands) as K[]) run(commands[k], []); // warm the caches (compile cache, toolchain probe, builds): not counted
  const wall = await interleave(rounds, Object.fromEntries((Object.keys(commands) as K[]).map((k) => [k, () => run(commands[k], cpu[k])])) as Record<K, () => number>);
  return Object.fromEntries((Object.keys(commands) as K[]).map((k) => [k, { wallMs: summarize(wall[k]), samples: wall[k], cpuMs: summarize(cpu[k]) }])) as Record<K, CommandTimes>;
}

export interface OneShotResult {
  commands: Record<string, CommandTimes & { what: string }>;
  /** Wall time over lambda-local's, medians; absent when lambda-local is not installed. */
  binOverLambdaLocal?: Ratio;
  npmOverLambdaLocal?: Ratio;
  binOverNode?: Ratio;
  missing?: string;
}

export async function measureOneShot(nodeRuntime: string, pythonRuntime: string | undefined, options: BenchOptions): Promise<OneShotResult> {
  const fixture = (family: string) => join(root, 'test', 'fixtures', family);
  const invokeArgs = ['invoke', fixture('nodejs'), '--runtime', nodeRuntime, '--handler', 'echo.handler'];
  const npm = process.env.npm_execpath ? { command: process.execPath, prefix: [process.env.npm_execpath] } : { command: 'npm', prefix: [] };
  const event = join(mkdtempSync(join(tmpdir(), 'dojo-bench-event-')), 'event.json');
  writeFileSync(event, '{}');
  const commands: Record<string, Command & { what: string }> = {
    bin: { what: 'node bin/lambda-dojo.mjs invoke (Node.js echo)', command: process.execPath, args: [bin, ...invokeArgs] },
    npm: { what: 'npm run -s invoke -- (Node.js echo)', command: npm.command, args: [...npm.prefix, 'run', '-s', ...invokeArgs.slice(0, 1), '--', ...invokeArgs.slice(1)] },
    noCompileCache: { what: 'node src/cli/main.ts invoke (no compile cache)', command: process.execPath, args: [join(root, 'src', 'cli', 'main.ts'), ...invokeArgs], env: { NODE_DISABLE_COMPILE_CACHE: '1' } },
    ...(pythonRuntime ? { python: { what: 'node bin/lambda-dojo.mjs invoke (Python echo)', command: process.execPath, args: [bin, 'invoke', fixture('python'), '--runtime', pythonRuntime, '--handler', 'echo.handler'] } } : {}),
    ...(existsSync(lambdaLocal) ? { lambdaLocal: { what: 'lambda-local (Node.js echo, no isolation)', command: process.execPath, args: [lambdaLocal, '-l', join(fixture('nodejs'), 'echo.mjs'), '-h', 'handler', '-e', event, '-t', '3', '--verboselevel', '0'] } } : {}),
    node: { what: 'node -e 0', command: process.execPath, args: ['-e', '0'] },
  };
  const times = await timeCommands(options.oneShotRounds, commands);
  const ratioOf = (a: string, b: string): Ratio | undefined => (times[a] && times[b] ? ratio(times[a].samples, times[b].samples) : undefined);
  const result: OneShotResult = { commands: Object.fromEntries(Object.entries(times).map(([k, t]) => [k, { ...t, what: commands[k]!.what }])) };
  const binLocal = ratioOf('bin', 'lambdaLocal');
  if (binLocal) result.binOverLambdaLocal = binLocal;
  const npmLocal = ratioOf('npm', 'lambdaLocal');
  if (npmLocal) result.npmOverLambdaLocal = npmLocal;
  result.binOverNode = ratioOf('bin', 'node')!;
  if (!existsSync(lambdaLocal)) result.missing = 'lambda-local is not installed: run npm install (it is a devDependency)';
  return result;
}

export interface LabResult {
  /** Per language: `lab 1` grading its reference solution, start to finish (a failing grade stops the bench). */
  languages: Record<string, CommandTimes>;
  /** Compiled languages: `lab 1` again right after an edit of the handler, so the build runs again (issue 9). */
  afterEdit: Record<string, CommandTimes>;
}

/** The file a learner edits in lab 1, per compiled language. */
const editedFile: Record<string, string> = { go: 'main.go', java: 'src/main/java/Handler.java', dotnet: 'Function.cs' };

/** `npm run lab 1` per language, on a copy of the reference solution in a workspace of its own. */
export async function measureLab(languages: string[], options: BenchOptions): Promise<LabResult> {
  const lab = readdirSync(join(root, 'labs')).find((n) => n.startsWith('01-'))!;
  const workspace = mkdtempSync(join(tmpdir(), 'dojo-bench-workspace-'));
  try {
    const commands: Record<string, Command> = {};
    for (const language of languages) {
      const solution = join(root, 'labs', lab, 'solution', language);
      if (!existsSync(solution)) continue;
      mkdirSync(join(workspace, lab), { recursive: true });
      cpSync(solution, join(workspace, lab, language), { recursive: true });
      commands[language] = { command: process.execPath, args: [bin, 'lab', '1', '--lang', language], env: { LAMBDA_DOJO_WORKSPACE: workspace, NO_COLOR: '1' } };
    }
    const times = await timeCommands(options.labRounds, commands);
    // An edit the compiler sees (a comment line), then the grade: what a learner waits for between tries.
    const edited: Record<string, Command> = {};
    let edits = 0;
    for (const language of Object.keys(commands).filter((l) => editedFile[l])) {
      const file = join(workspace, lab, language, editedFile[language]!);
      edited[language] = { ...commands[language]!, before: () => appendFileSync(file, `\n// edit ${++edits}\n`) };
    }
    const afterEdit = Object.keys(edited).length > 0 ? await timeCommands(options.labRounds, edited) : {};
    return { languages: times, afterEdit };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
