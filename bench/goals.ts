// The goals issue 16 sets, each stated with the figure measured in this run and whether it was met.

import type { ColdResult } from './cold.ts';
import type { ApiGatewayResult } from './api-gateway.ts';
import type { EdgeResult } from './edge.ts';
import type { EndpointResult } from './endpoint.ts';
import type { EventSourcesResult } from './event-sources.ts';
import type { LabResult, OneShotResult } from './one-shot.ts';
import type { PageGradeResult } from './page-grade.ts';
import type { OomResult } from './oom.ts';
import type { ThroughputResult } from './throughput.ts';
import type { WarmResult } from './warm.ts';

export interface Goal {
  id: string;
  description: string;
  value: number | null;
  unit: string;
  comparison: '<' | '<=' | '>=';
  target: number;
  /** null: not measured by this run (the note says where it is). */
  met: boolean | null;
  note?: string;
}

export interface Measured {
  cold: ColdResult[];
  warm: WarmResult[];
  throughput: ThroughputResult[];
  oneShot?: OneShotResult;
  oom: OomResult[];
  endpoint?: EndpointResult;
  /** Requests per second through a distribution (hit, miss) and to its origin alone (issue 12). */
  edge?: EdgeResult;
  apiGateway?: ApiGatewayResult;
  eventSources?: EventSourcesResult;
  pageGrade?: PageGradeResult;
}

function goal(id: string, description: string, value: number | undefined, unit: string, comparison: Goal['comparison'], target: number, note?: string): Goal {
  const measured = value !== undefined && Number.isFinite(value);
  const met = !measured ? null : comparison === '<' ? value < target : comparison === '<=' ? value <= target : value >= target;
  return { id, description, value: measured ? value : null, unit, comparison, target, met, ...(note ? { note } : {}) };
}

export function goals(m: Measured, lab?: LabResult): Goal[] {
  const list: Goal[] = [];
  for (const w of m.warm) {
    if (w.cpu.hostOverFloor !== undefined) {
      list.push(goal(`warm-host-cpu/${w.runtime}`, `host CPU per warm invoke (back to back) over the Runtime API floor's, ${w.runtime}`, w.cpu.hostOverFloor, '×', '<=', 1.5));
    }
    if (w.family === 'nodejs' || w.family === 'python') {
      list.push(goal(`warm-frozen-p50/${w.runtime}`, `p50 of a warm invoke of a frozen environment, ${w.runtime}`, w.frozen.serviceMs.median, 'ms', '<', 0.6));
    }
    list.push(goal(`warm-p50/${w.runtime}`, `p50 of a warm invoke back to back, ${w.runtime} (the bench's earlier target)`, w.backToBack.serviceMs.median, 'ms', '<', 1));
  }
  for (const t of m.throughput) {
    const callers = t.points.filter((p) => p.callers <= Math.max(1, Math.min(t.cores, 8))).pop()!.callers;
    list.push(goal(`throughput-scaling/${t.runtime}`, `throughput at ${callers} callers over 1 caller (grows with callers up to the ${t.cores} cores), ${t.runtime}`, t.scaling, '×', '>=', 0.75 * callers, `the floor loops scale ${t.floorScaling.toFixed(2)}× on this machine in the same run`));
  }
  for (const c of m.cold) {
    list.push(goal(`cold-start/${c.runtime}`, `cold invoke p50 over the bare start of the same binary (${c.bare}), ${c.runtime} (the bench's earlier target)`, c.coldOverBare.ofMedians, '×', '<=', 1.5));
  }
  const o = m.oneShot;
  list.push(goal('one-shot-invoke', 'one-shot `node bin/lambda-dojo.mjs invoke` over lambda-local (Node.js echo), wall time p50', o?.binOverLambdaLocal?.ofMedians, '×', '<=', 2.5, o?.missing));
  list.push(goal('one-shot-invoke-npm', 'one-shot `npm run -s invoke` over lambda-local, wall time p50 (npm starts first)', o?.npmOverLambdaLocal?.ofMedians, '×', '<=', 2.5, o?.missing));
  for (const r of m.oom) {
    list.push(goal(`oom-reaction/${r.runtime}`, `from crossing the memory limit to the Runtime.OutOfMemory answer, p50, ${r.runtime} ("within tens of milliseconds")`, r.reactionMs.median, 'ms', '<=', 50));
  }
  const e = m.endpoint;
  list.push(goal('endpoint-invoke-added-p50', `SDK InvokeCommand through the local endpoint minus the in-process invoke it wraps, p50 of pairs${e ? `, ${e.runtime}` : ''} (issue 10)`, e?.addedP50Ms, 'ms', '<', 1, e ? undefined : 'no Node.js runtime on this machine'));
  const a = m.apiGateway;
  list.push(goal('api-gateway-added-p50', `a request through a local REST API minus the same event over bare HTTP to the same warm function, p50 of pairs${a ? `, ${a.runtime}` : ''} (issue 11)`, a?.apiLayerP50Ms, 'ms', '<', 0.3, a ? undefined : 'no Node.js runtime on this machine'));
  const g = m.pageGrade;
  list.push(goal('page-grade-overhead', 'grading lab 1 from the page (course server API) minus `npm run lab 1`, same files, p50 of pairs (issue 14)', g?.addedP50Ms, 'ms', '<', 100, g ? undefined : 'no Node.js runtime on this machine'));
  const javaEdited = lab?.afterEdit.java;
  list.push(goal('java-regrade', '`npm run lab 1 -- --lang java` right after an edit of the handler, p50 (issue 9)', javaEdited?.wallMs.median, 'ms', '<', 1500, javaEdited ? undefined : 'Java was not measured (no JDK, or --quick)'));
  list.push(goal('npm-test-duration', '`npm test` with warm caches on a 2-core machine', undefined, 's', '<', 120, 'measured apart from the bench (it runs the bench test itself); see the issue notes'));
  return list;
}
