// What a run would cost on Lambda, per function and in total, from each invocation's REPORT:
// one request each, plus memory x billed duration (init included on a cold start, as Lambda
// bills it now) at the function's architecture's price. Throttled requests are not billed.
//
// The anomaly rule, ours and deliberately simple (AWS Cost Anomaly Detection works on daily spend,
// too slow for a lab): an invocation is a cost spike when it costs at least `spikeFactor` times
// the median of the same function's earlier invocations in this run (its latest 200, so the
// baseline follows the run and costs little to keep), once there are `baselineInvocations` of them. The comparison leaves the billed init out, because a cold start
// is expected, not an anomaly; the totals keep it. A lab trips the rule in seconds: a few normal
// invocations, then one that runs far longer.

import type { InvocationRecord } from '../../runtime/types.ts';
import { gbSeconds, lambdaPrices, priceOf, type Architecture } from './prices.ts';

export interface FunctionCost {
  functionName: string;
  architecture: Architecture;
  requests: number;
  billedMs: number;
  gbSeconds: number;
  usd: number;
  anomalies: number;
}

export interface CostAnomaly {
  functionName: string;
  requestId: string;
  usd: number;
  baselineUsd: number;
  /** How many times the baseline this invocation cost. */
  factor: number;
  baselineInvocations: number;
}

export interface CostLedgerOptions {
  architectureOf?: (functionName: string) => Architecture;
  spikeFactor?: number;
  baselineInvocations?: number;
  onAnomaly?: (anomaly: CostAnomaly) => void;
}

interface Ledger extends FunctionCost {
  /** Per-invocation cost without init, for the spike rule: the latest, in order, and the same sorted. */
  unitCosts: number[];
  sortedCosts: number[];
}

/** How many of a function's latest invocations make its baseline. */
const baselineWindow = 200;

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Where `value` goes in an ascending array (binary search). */
function place(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

export class CostLedger {
  readonly spikeFactor: number;
  readonly baselineInvocations: number;
  private readonly options: CostLedgerOptions;
  private readonly ledgers = new Map<string, Ledger>();
  private readonly found: CostAnomaly[] = [];

  constructor(options: CostLedgerOptions = {}) {
    this.options = options;
    this.spikeFactor = options.spikeFactor ?? 5;
    this.baselineInvocations = options.baselineInvocations ?? 5;
    if (!(this.spikeFactor > 1)) throw new RangeError(`spikeFactor ${this.spikeFactor} must be above 1: a spike costs more than its baseline.`);
    if (!Number.isInteger(this.baselineInvocations) || this.baselineInvocations < 1) throw new RangeError(`baselineInvocations ${this.baselineInvocations} must be a whole number of 1 or more.`);
  }

  invocation(record: InvocationRecord): void {
    const report = record.report;
    if (record.throttled || !report) return;
    const architecture = this.options.architectureOf?.(record.functionName) ?? 'x86_64';
    let ledger = this.ledgers.get(record.functionName);
    if (!ledger) {
      ledger = { functionName: record.functionName, architecture, requests: 0, billedMs: 0, gbSeconds: 0, usd: 0, anomalies: 0, unitCosts: [], sortedCosts: [] };
      this.ledgers.set(record.functionName, ledger);
    }
    const compute = gbSeconds(report.memorySizeMB, report.billedDurationMs);
    ledger.requests += 1;
    ledger.billedMs += report.billedDurationMs;
    ledger.gbSeconds += compute;
    ledger.usd += priceOf(1, compute, architecture);
    const withoutInit = Math.max(1, report.billedDurationMs - Math.ceil(report.initDurationMs ?? 0));
    const unit = priceOf(1, gbSeconds(report.memorySizeMB, withoutInit), architecture);
    if (ledger.unitCosts.length >= this.baselineInvocations) {
      const baseline = median(ledger.sortedCosts);
      if (unit >= this.spikeFactor * baseline) {
        const anomaly = { functionName: record.functionName, requestId: report.requestId, usd: unit, baselineUsd: baseline, factor: unit / baseline, baselineInvocations: ledger.unitCosts.length };
        ledger.anomalies += 1;
        this.found.push(anomaly);
        this.options.onAnomaly?.(anomaly);
      }
    }
    ledger.unitCosts.push(unit);
    ledger.sortedCosts.splice(place(ledger.sortedCosts, unit), 0, unit);
    if (ledger.unitCosts.length > baselineWindow) {
      const oldest = ledger.unitCosts.shift()!;
      ledger.sortedCosts.splice(place(ledger.sortedCosts, oldest), 1);
    }
  }

  byFunction(): FunctionCost[] {
    return [...this.ledgers.values()].map(({ unitCosts, sortedCosts, ...cost }) => ({ ...cost }));
  }

  anomalies(): CostAnomaly[] {
    return [...this.found];
  }

  total(): { requests: number; gbSeconds: number; usd: number } {
    const all = this.byFunction();
    return {
      requests: all.reduce((n, f) => n + f.requests, 0),
      gbSeconds: all.reduce((n, f) => n + f.gbSeconds, 0),
      usd: all.reduce((n, f) => n + f.usd, 0),
    };
  }

  /** The estimate as the outputs show it (section `cost`). */
  summary(): Record<string, unknown> {
    const total = this.total();
    return {
      prices: `${lambdaPrices.region} on-demand prices of ${lambdaPrices.asOf} (${lambdaPrices.source}), before any free tier`,
      rule: `a cost spike is an invocation costing ${this.spikeFactor}x or more the median of the function's earlier ones (after ${this.baselineInvocations}), init left out`,
      functions: Object.fromEntries(this.byFunction().map((f) => [f.functionName, f])),
      total: { ...total, anomalies: this.found.length },
    };
  }
}

export function describeAnomaly(a: CostAnomaly): string {
  return `Cost spike: ${a.functionName} request ${a.requestId} cost $${a.usd.toExponential(3)}, ${a.factor.toFixed(1)}x the median $${a.baselineUsd.toExponential(3)} of its ${a.baselineInvocations} earlier invocations in this run.`;
}
