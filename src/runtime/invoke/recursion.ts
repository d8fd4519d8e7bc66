// Recursive loop detection, as Lambda does it. Lambda counts, in the X-Ray trace header that the
// AWS SDKs forward (the `Lineage` field), how many times one triggering event has invoked each
// function; when the same chain would invoke a function more than 16 times, Lambda stops the
// next invocation, unless the function's recursive loop configuration is Allow.
//
// - The chain travels in the trace header: Lambda gives it to the function as _X_AMZN_TRACE_ID
//   (Lambda-Runtime-Trace-Id), the SDK's recursion-detection middleware sends it on every call as
//   X-Amzn-Trace-Id (@aws-sdk/core recursionDetectionMiddleware; botocore
//   add_recursion_detection_header), SQS keeps it with a message as the AWSTraceHeader system
//   attribute, and Invoke reads it from its request. DG invocation-recursion.html ("Understanding
//   recursive loop detection": X-Ray tracing need not be active).
// - "drops requests after exceeding 16 invocations"; a synchronous caller gets
//   RecursiveInvocationException; an asynchronous event goes to the dead-letter queue or on-failure
//   destination; an SQS message stays in its queue (and moves to the queue's DLQ after
//   maxReceiveCount). aws.amazon.com/blogs/compute/detecting-and-stopping-recursive-loops-in-aws-lambda-functions/
// - RecursiveLoop Allow | Terminate, default Terminate (DG API_PutFunctionRecursionConfig.html).
// - The Lineage format is not documented by AWS; what is public: the V1 form is
//   `Lineage=<8 hex>:<count>` entries joined by `|`, one per resource (aws-xray-sdk-node PR #651
//   shows a first invocation as `061379e8:0` and its callee as `061379e8:0|cbc84ad3:0`;
//   open-telemetry/opentelemetry-dotnet-contrib PR #2480). We write that form, with our own hash
//   (the first 8 hex digits of SHA-256 of the unqualified function ARN).

import { createHash, randomFillSync } from 'node:crypto';

/** Invocations of one function in one chain that Lambda lets through; the next is stopped. */
export const recursionLimit = 16;

export const recursiveLoopValues = ['Allow', 'Terminate'] as const;
export type RecursiveLoop = (typeof recursiveLoopValues)[number];

interface TraceHeader {
  root: string;
  parent?: string;
  sampled?: string;
  /** Resource hash -> invocations so far, minus one (the first invocation is written :0). */
  lineage: Map<string, number>;
  /** Any other Key=Value fields, kept in order (Self=, custom data). */
  others: string[];
}

const lineageEntry = /^([0-9a-f]{8}):(\d{1,5})$/;

/** The fields of an X-Amzn-Trace-Id value; undefined when it has no Root. Bad lineage entries are ignored. */
export function parseTraceHeader(text: string | undefined): TraceHeader | undefined {
  if (!text) return undefined;
  const header: TraceHeader = { root: '', lineage: new Map(), others: [] };
  for (const part of text.split(';')) {
    const field = part.trim();
    const at = field.indexOf('=');
    if (at <= 0) continue;
    const key = field.slice(0, at);
    const value = field.slice(at + 1);
    if (key === 'Root') header.root = value;
    else if (key === 'Parent') header.parent = value;
    else if (key === 'Sampled') header.sampled = value;
    else if (key === 'Lineage') {
      for (const entry of value.split('|')) {
        const match = lineageEntry.exec(entry);
        if (match) header.lineage.set(match[1]!, Number(match[2]));
      }
    } else if (key !== 'Self') header.others.push(field);
  }
  return header.root ? header : undefined;
}

/**
 * Random hex digits for trace ids, cut from a pool the CSPRNG refills 4 KB at a time: every
 * invocation needs 20 random bytes, and asking for them one buffer at a time costs more than
 * the rest of the trace header. No byte is handed out twice.
 */
const randomPool = Buffer.allocUnsafe(4096);
let randomUsed = randomPool.length;

function randomHex(bytes: number): string {
  if (randomUsed + bytes > randomPool.length) {
    randomFillSync(randomPool);
    randomUsed = 0;
  }
  const hex = randomPool.toString('hex', randomUsed, randomUsed + bytes);
  randomUsed += bytes;
  return hex;
}

function formatTraceHeader(header: TraceHeader): string {
  const fields = [`Root=${header.root}`, `Parent=${header.parent ?? randomHex(8)}`, `Sampled=${header.sampled ?? '0'}`];
  if (header.lineage.size > 0) fields.push(`Lineage=${[...header.lineage].map(([hash, count]) => `${hash}:${count}`).join('|')}`);
  return [...fields, ...header.others].join(';');
}

/** A new X-Ray trace id: 1-<epoch seconds, 8 hex>-<96 random bits, 24 hex>. */
function newRoot(now: number): string {
  return `1-${Math.floor(now / 1000).toString(16).padStart(8, '0')}-${randomHex(12)}`;
}

/** Lineage hashes by function ARN (as invoked, qualifier and all): every invocation needs its function's. */
const lineageHashes = new Map<string, string>();

/** The 8 hex digits that stand for a function in a lineage. */
export function lineageHash(functionArn: string): string {
  let hash = lineageHashes.get(functionArn);
  if (hash === undefined) {
    hash = createHash('sha256').update(unqualified(functionArn)).digest('hex').slice(0, 8);
    if (lineageHashes.size >= 4096) lineageHashes.clear(); // bounded: ARNs come and go with versions and aliases
    lineageHashes.set(functionArn, hash);
  }
  return hash;
}

function unqualified(functionArn: string): string {
  return functionArn.split(':').slice(0, 7).join(':');
}

export interface Hop {
  /** The trace header this invocation runs with (the function's _X_AMZN_TRACE_ID). */
  traceHeader: string;
  /** This invocation's number in its chain, for this function (1 for the first). */
  invocation: number;
}

/** The trace header a function invoked with `incoming` runs with: same trace, a new parent, its lineage count raised. */
export function nextHop(incoming: string | undefined, functionArn: string, now = Date.now()): Hop {
  // Most invocations start a chain (no header came in): what formatTraceHeader would write for a new one.
  if (!incoming) return { traceHeader: `Root=${newRoot(now)};Parent=${randomHex(8)};Sampled=0;Lineage=${lineageHash(functionArn)}:0`, invocation: 1 };
  const parsed = parseTraceHeader(incoming);
  const header: TraceHeader = parsed ? { ...parsed, lineage: new Map(parsed.lineage) } : { root: newRoot(now), lineage: new Map(), others: [] };
  delete header.parent;
  const hash = lineageHash(functionArn);
  const before = header.lineage.get(hash);
  const invocation = before === undefined ? 1 : before + 2;
  header.lineage.set(hash, invocation - 1);
  return { traceHeader: formatTraceHeader(header), invocation };
}

export type Admission = { kind: 'run'; hop: Hop } | { kind: 'stop'; hop: Hop; message: string };

/** Each function's RecursiveLoop setting, and the decision for one invocation. */
export class RecursionGuard {
  private readonly settings = new Map<string, RecursiveLoop>();

  put(functionName: string, loop: RecursiveLoop): void {
    this.settings.set(functionName, loop);
  }

  get(functionName: string): RecursiveLoop {
    return this.settings.get(functionName) ?? 'Terminate';
  }

  /** A deleted function's setting goes with it (a new function of the same name starts at Terminate). */
  forget(functionName: string): void {
    this.settings.delete(functionName);
  }

  admit(functionName: string, functionArn: string, incomingTraceHeader: string | undefined): Admission {
    const hop = nextHop(incomingTraceHeader, functionArn);
    if (hop.invocation <= recursionLimit || this.get(functionName) === 'Allow') return { kind: 'run', hop };
    return {
      kind: 'stop',
      hop,
      message:
        `Lambda stopped this invocation of ${functionName}: it would be invocation ${hop.invocation} of the function caused by one triggering event ` +
        `(Lambda stops a recursive loop after ${recursionLimit}). Break the loop (the function writes back to what invokes it), ` +
        `or, if the loop is intended, set RecursiveLoop to Allow with PutFunctionRecursionConfig.`,
    };
  }
}
