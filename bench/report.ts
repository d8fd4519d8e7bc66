// The bench's output for people: one table per section, then each goal with ✓, ✗ or "not measured".

import type { Goal, Measured } from './goals.ts';
import type { LabResult } from './one-shot.ts';
import { line, ms, times, us } from './stats.ts';

const pad = (text: string, width: number) => text.padEnd(width);

export function printReport(m: Measured, lab: LabResult | undefined, goalList: Goal[], machine: Record<string, unknown>): void {
  const out: string[] = [];
  out.push(`Lambda Dojo bench on ${String(machine.platform)}, ${String(machine.cores)} cores, Node ${String(machine.node)}; load average ${String(machine.loadBefore)} before, ${String(machine.loadAfter)} after; ${String(machine.seconds)} s.`);
  out.push('Every ratio compares samples taken alternately (subject, baseline, subject, ...) in this run. spread: interquartile range over the median.\n');

  out.push('Cold start: the whole cold invocation as the caller waits for it, against the bare start of the same binary');
  for (const c of m.cold) {
    out.push(`  ${pad(c.runtime, 16)} cold ${line(c.coldMs)}`);
    out.push(`  ${pad('', 16)} bare ${line(c.bareMs)}  [${c.bare}]`);
    out.push(`  ${pad('', 16)} init (REPORT Init Duration) median ${ms(c.initMs.median)}; cold/bare ${times(c.coldOverBare.ofMedians)} (paired ${times(c.coldOverBare.pairedMedian)})`);
  }

  out.push('\nWarm invoke: back to back, and after a gap in which the service froze the runtime; floors: a Runtime API loop in a child process, one HTTP round trip between two processes');
  for (const w of m.warm) {
    out.push(`  ${pad(w.runtime, 16)} back to back  ${line(w.backToBack.serviceMs)}`);
    if (w.backToBack.floorMs) out.push(`  ${pad('', 16)} floor loop    ${line(w.backToBack.floorMs)}  ratio ${times(w.backToBack.overFloor!.ofMedians)}`);
    out.push(`  ${pad('', 16)} HTTP floor    ${line(w.backToBack.httpMs)}  ratio ${times(w.backToBack.overHttp.ofMedians)}`);
    out.push(`  ${pad('', 16)} frozen        ${line(w.frozen.serviceMs)}  (${(w.frozen.frozenShare * 100).toFixed(0)}% started frozen)`);
    if (w.frozen.floorMs) out.push(`  ${pad('', 16)} floor, gap    ${line(w.frozen.floorMs)}  ratio ${times(w.frozen.overFloor!.ofMedians)}`);
    const cpu = w.cpu;
    out.push(`  ${pad('', 16)} CPU per invoke: host ${us(cpu.service.hostUs / 1000)}, runtime ${us(cpu.service.runtimeUs / 1000)}` + (cpu.floor ? `; floor host ${us(cpu.floor.hostUs / 1000)}, runtime ${us(cpu.floor.runtimeUs / 1000)}; host ratio ${times(cpu.hostOverFloor!)}` : ''));
    out.push(`  ${pad('', 16)} CPU per frozen invoke: host ${us(cpu.frozenService.hostUs / 1000)}, runtime ${us(cpu.frozenService.runtimeUs / 1000)}` + (cpu.frozenFloor ? `; floor host ${us(cpu.frozenFloor.hostUs / 1000)}; host ratio ${times(cpu.frozenHostOverFloor!)}` : ''));
    const mem = w.memoryMB;
    out.push(`  ${pad('', 16)} memory per warm environment: RSS ${mem.service.rss.toFixed(1)} MB, PSS ${mem.service.pss.toFixed(1)} MB` + (mem.floor ? `; floor loop RSS ${mem.floor.rss.toFixed(1)} MB, PSS ${mem.floor.pss.toFixed(1)} MB` : ''));
  }

  out.push('\nThroughput (invokes/s, host CPU per invoke) by number of callers, service and floor loops alternated');
  for (const t of m.throughput) {
    for (const p of t.points) out.push(`  ${pad(t.runtime, 16)} ${String(p.callers).padStart(2)} callers: service ${p.service.toFixed(0).padStart(6)}/s (${us(p.serviceHostUs / 1000)} host)   floor ${p.floor.toFixed(0).padStart(6)}/s (${us(p.floorHostUs / 1000)} host)`);
  }

  if (m.endpoint) {
    const e = m.endpoint;
    out.push('\nInvoke through the local endpoint (the real SDK\'s InvokeCommand) and in process, alternated');
    out.push(`  ${pad(e.runtime, 16)} SDK ${line(e.sdkMs)}`);
    out.push(`  ${pad('', 16)} in process ${line(e.inProcessMs)}; added p50 of pairs ${ms(e.addedP50Ms)}, added CPU here ${us(e.addedCpuUs / 1000)}`);
  }

  if (m.apiGateway) {
    const a = m.apiGateway;
    out.push('\nRequests through a local API Gateway (REST API, one caller), beside bare HTTP and a direct invoke, alternated');
    const names = { direct: 'direct invoke', floor: 'bare HTTP', api: 'API', cached: 'API + cached authorizer', uncached: 'API + authorizer' } as const;
    for (const [path, label] of Object.entries(names)) out.push(`  ${pad(label, 24)} ${line(a.latencyMs[path as keyof typeof names])}; ${a.requestsPerSecond[path as keyof typeof names].toFixed(0)} req/s, ${us(a.cpuUs[path as keyof typeof names] / 1000)} CPU here`);
    out.push(`  the API layer adds ${ms(a.apiLayerP50Ms, 3)} over bare HTTP (${ms(a.apiOverDirectP50Ms, 3)} over the direct invoke); a cached authorizer ${ms(a.cachedAuthorizerP50Ms, 3)}, an uncached one ${ms(a.uncachedAuthorizerP50Ms, 3)} (p50 of pairs); the API layer's CPU ${us(a.apiLayerCpuUs / 1000)} a request`);
  }

  if (m.eventSources) {
    const e = m.eventSources;
    out.push(`\nEvents through event source mappings (no-op function, ${e.events} events a round), beside direct invokes, rounds alternated`);
    const names = { sqs: 'SQS mapping (BatchSize 10)', kinesis1: 'Kinesis, 1 shard (BatchSize 100)', kinesis4: 'Kinesis, 4 shards', direct1: 'direct invokes, 1 caller', direct5: 'direct invokes, 5 callers' } as const;
    for (const [path, label] of Object.entries(names)) out.push(`  ${pad(label, 34)} ${e.eventsPerSecond[path as keyof typeof names].toFixed(0)} events/s`);
    out.push(`  the SQS mapping made ${e.sqsInvocations} invocations for ${e.events} messages (median round)`);
  }

  if (m.edge) {
    const e = m.edge;
    const rps = (x: { median: number; spread: number }) => `${x.median.toFixed(0).padStart(6)}/s (spread ${x.spread.toFixed(2)})`;
    out.push(`\nRequests per second with ${e.callers} callers: a CloudFront distribution with a viewer-request function (${e.runtime}) and its origin alone, rounds alternated`);
    out.push(`  ${pad('origin alone', 16)} ${rps(e.originRps)}`);
    out.push(`  ${pad('cache hit', 16)} ${rps(e.hitRps)}; ${e.hitOverOrigin.toFixed(2)}× the origin's`);
    out.push(`  ${pad('cache miss', 16)} ${rps(e.missRps)}; ${e.missOverOrigin.toFixed(2)}× the origin's`);
  }

  if (m.oneShot) {
    out.push('\nOne-shot commands (a fresh process each, rounds alternated): wall time; CPU of the whole command');
    for (const [, c] of Object.entries(m.oneShot.commands)) out.push(`  ${pad(c.what, 48)} ${line(c.wallMs)}; CPU median ${ms(c.cpuMs.median, 0)}`);
    if (m.oneShot.missing) out.push(`  ${m.oneShot.missing}`);
  }
  if (m.pageGrade) {
    const g = m.pageGrade;
    out.push('\nGrading lab 1 from the page (course server API) and with npm run lab 1, alternated on the same files');
    out.push(`  ${pad(`page, ${g.language}`, 16)} ${line(g.pageMs)}`);
    out.push(`  ${pad('terminal', 16)} ${line(g.terminalMs)}; the page adds ${ms(g.addedP50Ms, 0)} (p50 of pairs)`);
  }
  if (lab) {
    out.push('\n`npm run lab 1` per language (grading the reference solution; run as node bin/lambda-dojo.mjs lab 1 --lang L)');
    for (const [language, c] of Object.entries(lab.languages)) out.push(`  ${pad(language, 16)} ${line(c.wallMs)}; CPU median ${ms(c.cpuMs.median, 0)}`);
    for (const [language, c] of Object.entries(lab.afterEdit)) out.push(`  ${pad(`${language}, edited`, 16)} ${line(c.wallMs)}; CPU median ${ms(c.cpuMs.median, 0)} (the handler changed: built again)`);
  }
  out.push('\nOut of memory: from the function crossing its 128 MB to the caller holding Runtime.OutOfMemory');
  for (const r of m.oom) out.push(`  ${pad(r.runtime, 16)} ${line(r.reactionMs)}; last size seen ${r.overshootMB.median.toFixed(0)} MB over`);

  out.push('\nGoals (issue 16)');
  for (const g of goalList) {
    const mark = g.met === null ? '·' : g.met ? '✓' : '✗';
    const value = g.value === null ? 'not measured' : `${g.value.toFixed(2)} ${g.unit}`;
    out.push(`  ${mark} ${g.description}: ${value} (goal ${g.comparison} ${g.target} ${g.unit})${g.note ? ` — ${g.note}` : ''}`);
  }
  console.log(out.join('\n'));
}
