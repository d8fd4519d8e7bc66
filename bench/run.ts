// `npm run bench [-- --json] [-- --quick]`: what the service costs per cold start, warm invoke,
// caller and one-shot command, each beside the floor of the same path measured in the same run,
// alternated sample by sample. --json prints every figure and each goal of issue 16 with whether
// it was met. Absolute numbers vary between machines; the ratios are what the goals are about.

import { availableParallelism, loadavg } from 'node:os';
import { LambdaService } from '../src/runtime/service.ts';
import { findRuntime, type Toolchain } from '../src/runtime/runtimes/registry.ts';
import { runtimesUnderTest } from '../test/support/runtimes.ts';
import { measureCold } from './cold.ts';
import { measureApiGateway } from './api-gateway.ts';
import { measureEdge } from './edge.ts';
import { measureEndpoint } from './endpoint.ts';
import { measureEventSources } from './event-sources.ts';
import { HttpFloor } from './floor/floors.ts';
import { goals, type Measured } from './goals.ts';
import { measureLab, measureOneShot, type LabResult } from './one-shot.ts';
import { measurePageGrade } from './page-grade.ts';
import { measureOom } from './oom.ts';
import { BenchUsageError, benchOptions, benchUsage, type BenchSection } from './options.ts';
import { printReport } from './report.ts';
import { measureThroughput } from './throughput.ts';
import { measureWarm } from './warm.ts';

const options = (() => {
  try {
    const chosen = benchOptions(process.argv.slice(2));
    if (chosen !== 'help') return chosen;
    console.log(benchUsage);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  process.exit(0);
})();
const started = performance.now();
const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' ');
const sectionSeconds: Record<string, number> = {};
let section = { name: '', start: performance.now() };
/** Says on stderr what runs now, and keeps how long each section took. */
const progress = (text: string) => {
  const name = text.split(',')[0]!;
  if (section.name && section.name !== name) sectionSeconds[section.name] = Number(((performance.now() - section.start) / 1000).toFixed(1));
  if (section.name !== name) section = { name, start: performance.now() };
  process.stderr.write(`bench: ${text}\n`);
};

const toolchains = new Map<string, Toolchain>();
const skipped: string[] = [];
for (const bench of runtimesUnderTest) {
  const toolchain = await findRuntime(bench.runtime)?.detect();
  if (toolchain) toolchains.set(bench.runtime, toolchain);
  else skipped.push(bench.runtime);
}
const runtimes = runtimesUnderTest.filter((r) => toolchains.has(r.runtime));
const node = runtimes.find((r) => r.family === 'nodejs');
const python = runtimes.find((r) => r.family === 'python');
const pythonToolchain = python && toolchains.get(python.runtime);

const measured: Measured = { cold: [], warm: [], throughput: [], oom: [] };
let lab: LabResult | undefined;
const service = new LambdaService({ maxEnvironments: 12, idleTimeoutMs: 600_000 });
const http = await HttpFloor.start();
try {
  const runs = (section: BenchSection) => options.sections.has(section);
  for (const bench of runs('cold') ? runtimes : []) {
    progress(`cold starts, ${bench.runtime}`);
    measured.cold.push(await measureCold(service, bench, toolchains.get(bench.runtime)!, options.coldSamples));
  }
  for (const bench of runs('warm') ? runtimes : []) {
    progress(`warm invokes, ${bench.runtime}`);
    measured.warm.push(await measureWarm(service, bench, toolchains.get(bench.runtime)!, pythonToolchain, http, options));
  }
  if (node && runs('endpoint')) {
    progress(`SDK invoke through the endpoint, ${node.runtime}`);
    measured.endpoint = await measureEndpoint(node, options);
  }
  if (node && runs('api-gateway')) {
    progress(`requests through a local API Gateway, ${node.runtime}`);
    measured.apiGateway = await measureApiGateway(node, options);
  }
  if (node && runs('event-sources')) {
    progress(`SQS and Kinesis event source mappings beside direct invokes, ${node.runtime}`);
    measured.eventSources = await measureEventSources(node, options);
  }
  if (node && runs('edge')) {
    progress(`requests through a CloudFront distribution with a viewer-request function, ${node.runtime}`);
    measured.edge = await measureEdge(node, options);
  }
  for (const bench of runs('throughput') ? [node, python] : []) {
    if (!bench) continue;
    progress(`throughput, ${bench.runtime}`);
    measured.throughput.push(await measureThroughput(service, bench, bench.family === 'nodejs' ? process.execPath : pythonToolchain!.command, options));
  }
  for (const bench of runs('oom') ? [node, python] : []) {
    if (!bench) continue;
    progress(`out of memory, ${bench.runtime}`);
    measured.oom.push(await measureOom(service, bench.runtime, bench.family as 'nodejs' | 'python', options.oomSamples));
  }
} finally {
  http.close();
  await service.shutdown();
}
if (node && options.sections.has('one-shot')) {
  progress('one-shot commands');
  measured.oneShot = await measureOneShot(node.runtime, python?.runtime, options);
}
if (options.sections.has('lab')) {
  progress('lab 1 per language');
  const labLanguages = [...new Set(runtimes.map((r) => r.family))].filter((f) => f !== 'provided');
  lab = await measureLab(options.quick ? labLanguages.filter((l) => l === 'nodejs') : labLanguages, options);
}

if (node && options.sections.has('page-grade')) {
  progress('grade in the page and in the terminal, lab 1');
  measured.pageGrade = await measurePageGrade(options);
}

progress('done');
// A goal of a section left out by --only says so, instead of a reason that belongs to a full run.
const sectionOfGoal: Record<string, BenchSection> = { 'warm-': 'warm', 'throughput-': 'throughput', 'cold-': 'cold', 'one-shot-': 'one-shot', 'oom-': 'oom', 'endpoint-': 'endpoint', 'api-gateway-': 'api-gateway', 'page-grade-': 'page-grade', 'java-regrade': 'lab' };
const goalList = goals(measured, lab).map((goal) => {
  const section = Object.entries(sectionOfGoal).find(([prefix]) => goal.id.startsWith(prefix))?.[1];
  return section && !options.sections.has(section) && goal.value === null ? { ...goal, note: `not measured: this run had --only ${[...options.sections].join(',')}` } : goal;
});
const machine = {
  platform: `${process.platform} ${process.arch}`,
  cores: availableParallelism(),
  node: process.version,
  loadBefore,
  loadAfter: loadavg().map((l) => l.toFixed(2)).join(' '),
  seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  sectionSeconds,
  skipped,
};
if (options.json) console.log(JSON.stringify({ machine, options, goals: goalList, figures: { ...measured, lab } }, null, 2));
else printReport(measured, lab, goalList, machine);
