// The benchmark keeps working and keeps its promises: every section measures every runtime this
// machine has, each figure comes with its spread, and every goal says whether it was met. A few
// samples only (--quick); no timing is asserted: numbers belong to npm run bench.

import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/cli.ts';
import { runtimesUnderTest } from './support/runtimes.ts';

interface Summary {
  n: number;
  min: number;
  median: number;
  p99: number;
  spread: number;
}
interface Goal {
  id: string;
  value: number | null;
  comparison: '<' | '<=' | '>=';
  target: number;
  met: boolean | null;
  note?: string;
}

const ordered = (s: Summary, n: number) => {
  expect(s.n).toBe(n);
  expect(s.min).toBeGreaterThan(0);
  expect(s.min).toBeLessThanOrEqual(s.median);
  expect(s.median).toBeLessThanOrEqual(s.p99);
  expect(s.spread).toBeGreaterThanOrEqual(0);
};

describe('npm run bench', () => {
  it('refuses an option it does not know with its usage and exit 2, no stack trace; --help prints the usage', async () => {
    const r = await execa(process.execPath, ['bench/run.ts', '--fast'], { cwd: projectRoot, reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--fast is not an option of the bench.');
    expect(r.stderr).toContain('Usage: npm run bench [-- --json] [-- --quick]');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const help = await execa(process.execPath, ['bench/run.ts', '--help'], { cwd: projectRoot, reject: false });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--quick ');
    const wrongSection = await execa(process.execPath, ['bench/run.ts', '--only', 'warm,nope'], { cwd: projectRoot, reject: false });
    expect(wrongSection.exitCode).toBe(2);
    expect(wrongSection.stderr).toContain('--only nope: no such section. The sections are cold, warm,');
  });

  it('runs only the sections --only names; the goals of the others say they were not measured', async () => {
    const r = await execa(process.execPath, ['bench/run.ts', '--quick', '--json', '--only', 'oom'], { cwd: projectRoot, reject: false, timeout: 120_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { machine: { sectionSeconds: Record<string, number> }; goals: Goal[] };
    expect(Object.keys(report.machine.sectionSeconds)).toEqual(['out of memory']);
    const oom = report.goals.filter((g) => g.id.startsWith('oom-reaction/'));
    expect(oom.length).toBeGreaterThan(0);
    for (const g of oom) expect(g.value).toBeGreaterThan(0);
    expect(report.goals.find((g) => g.id === 'one-shot-invoke')).toMatchObject({ value: null, met: null, note: 'not measured: this run had --only oom' });
    expect(report.goals.some((g) => g.id.startsWith('warm-'))).toBe(false);
  });

  it('measures every runtime against its floors and states each goal of issue 16 with whether it was met', async () => {
    const r = await execa(process.execPath, ['bench/run.ts', '--quick', '--json'], { cwd: projectRoot, reject: false, timeout: 300_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      options: { coldSamples: number; warmSamples: number; throughputRounds: number };
      goals: Goal[];
      figures: {
        cold: { runtime: string; coldMs: Summary; bareMs: Summary }[];
        warm: { runtime: string; family: string; floor?: string; backToBack: { serviceMs: Summary; httpMs: Summary; floorMs?: Summary }; frozen: { frozenShare: number }; cpu: { service: { hostUs: number; runtimeUs: number }; hostOverFloor?: number }; memoryMB: { service: { rss: number } } }[];
        throughput: { runtime: string; points: { callers: number; service: number; floor: number }[] }[];
        oom: { runtime: string; reactionMs: Summary }[];
        oneShot: { commands: Record<string, { wallMs: Summary }> };
        lab: { languages: Record<string, { wallMs: Summary }> };
        apiGateway?: { latencyMs: Record<string, Summary>; requestsPerSecond: Record<string, number> };
        eventSources?: { events: number; eventsPerSecond: Record<string, number>; sqsInvocations: number };
        edge?: { originRps: Summary; hitRps: Summary; missRps: Summary; hitOverOrigin: number; missOverOrigin: number };
      };
    };
    const { figures, options } = report;
    const runtimes = runtimesUnderTest.map((t) => t.runtime);
    expect(figures.cold.map((c) => c.runtime)).toEqual(runtimes);
    expect(figures.warm.map((w) => w.runtime)).toEqual(runtimes);
    for (const c of figures.cold) [c.coldMs, c.bareMs].forEach((s) => ordered(s, options.coldSamples));
    for (const w of figures.warm) {
      ordered(w.backToBack.serviceMs, options.warmSamples);
      ordered(w.backToBack.httpMs, options.warmSamples);
      expect(w.frozen.frozenShare, `${w.runtime} was frozen before each gapped invoke`).toBe(1);
      expect(w.cpu.service.hostUs).toBeGreaterThan(0);
      expect(w.memoryMB.service.rss).toBeGreaterThan(0);
      // Node.js and Python (and the Python custom runtime) have a Runtime API loop of their own as a floor.
      if (['nodejs', 'python', 'provided'].includes(w.family)) {
        expect(w.floor).toBeDefined();
        ordered(w.backToBack.floorMs!, options.warmSamples);
        expect(w.cpu.hostOverFloor).toBeGreaterThan(0);
      }
    }
    for (const t of figures.throughput) {
      expect(t.points.map((p) => p.callers)).toEqual([1, 2, 4, 8]);
      for (const p of t.points) expect(Math.min(p.service, p.floor)).toBeGreaterThan(0);
    }
    expect(figures.oom.map((o) => o.runtime).sort()).toEqual(runtimes.filter((id) => /^(nodejs|python)/.test(id)).sort());
    expect(Object.keys(figures.oneShot.commands)).toEqual(expect.arrayContaining(['bin', 'npm', 'noCompileCache', 'node']));
    expect(Object.keys(figures.lab.languages)).toEqual(['nodejs']);
    if (runtimes.some((id) => id.startsWith('nodejs'))) {
      expect(Object.keys(figures.apiGateway!.latencyMs)).toEqual(['direct', 'floor', 'api', 'cached', 'uncached']);
      for (const [path, s] of Object.entries(figures.apiGateway!.latencyMs)) {
        ordered(s, options.warmSamples);
        expect(figures.apiGateway!.requestsPerSecond[path], path).toBeGreaterThan(0);
      }
      expect(Object.keys(figures.eventSources!.eventsPerSecond)).toEqual(['sqs', 'kinesis1', 'kinesis4', 'direct1', 'direct5']);
      for (const [path, rate] of Object.entries(figures.eventSources!.eventsPerSecond)) expect(rate, path).toBeGreaterThan(0);
      // Batches of up to 10: never more invocations than messages, never fewer than a tenth.
      expect(figures.eventSources!.sqsInvocations).toBeGreaterThanOrEqual(figures.eventSources!.events / 10);
      expect(figures.eventSources!.sqsInvocations).toBeLessThanOrEqual(figures.eventSources!.events);
      // Requests per second through a distribution (hit, miss) beside its origin, one sample per round.
      for (const rps of [figures.edge!.originRps, figures.edge!.hitRps, figures.edge!.missRps]) ordered(rps, options.throughputRounds * 3);
      expect(figures.edge!.hitOverOrigin).toBeGreaterThan(0);
    }

    const ids = report.goals.map((g) => g.id);
    for (const id of ['warm-frozen-p50', 'warm-host-cpu', 'throughput-scaling', 'oom-reaction']) {
      for (const runtime of runtimes.filter((id) => /^(nodejs|python)/.test(id))) expect(ids).toContain(`${id}/${runtime}`);
    }
    expect(ids).toEqual(expect.arrayContaining(['one-shot-invoke', 'one-shot-invoke-npm', 'page-grade-overhead', 'npm-test-duration', 'api-gateway-added-p50']));
    for (const goal of report.goals) {
      if (goal.value === null) {
        expect(goal.met, goal.id).toBeNull();
        expect(goal.note, `${goal.id} says why it was not measured`).toBeTruthy();
      } else {
        const met = goal.comparison === '<' ? goal.value < goal.target : goal.comparison === '<=' ? goal.value <= goal.target : goal.value >= goal.target;
        expect(goal.met, goal.id).toBe(met);
      }
    }
    const lambdaLocal = existsSync(join(projectRoot, 'node_modules', 'lambda-local'));
    expect(report.goals.find((g) => g.id === 'one-shot-invoke')!.value === null).toBe(!lambdaLocal);
  }, 300_000);
});
