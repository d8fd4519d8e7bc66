// The one small interface that everything around functions uses: API Gateway, CloudFront,
// event source mappings, metrics. It is the part of Lambda's API those services call (Invoke,
// GetFunctionConfiguration), so they run the same in front of the embedded service
// (ports/service-port.ts) and in front of any AWS-compatible endpoint through the official SDK
// (ports/sdk-port.ts): a lab graded on the endpoint target gets the same API Gateway.

import type { AsyncInvocationResult, FunctionConfiguration, InvocationRecord, LogEvent } from '../runtime/types.ts';

export interface PortInvocation {
  /** A function's name or ARN (an ARN may carry the qualifier). */
  functionName: string;
  qualifier?: string;
  /** The event, JSON text (or its bytes). */
  payload: string | Buffer;
  /** RequestResponse (the default) waits for the answer; Event queues it, as Lambda does. */
  invocationType?: 'RequestResponse' | 'Event';
  /** Base64 JSON, as Lambda's Invoke takes it (context.clientContext in the function). */
  clientContext?: string;
  /**
   * The X-Ray trace header of what caused this invocation (an SQS message's AWSTraceHeader), so
   * Lambda's recursive loop detection counts the chain through the trigger. Sent as
   * X-Amzn-Trace-Id over the API, as a function's SDK sends it.
   */
  traceHeader?: string;
}

export interface PortInvocationResult {
  statusCode: number;
  /** "Unhandled" when the function failed (the payload is then Lambda's error JSON). */
  functionError?: string;
  payload: Buffer;
  executedVersion?: string;
  /** Lambda's request id of this invocation (x-amzn-RequestId). */
  requestId: string;
  /** The invocation's log lines (START ... REPORT) where the port can see them; the tail otherwise. */
  logs: string[];
}

/** What a port lets a watcher see as it happens (metrics and EMF are made from these). */
export interface PortObserver {
  /** Every invocation that ran or was throttled, with its REPORT. */
  invocation?(record: InvocationRecord): void;
  /** Every log line, the function's own and Lambda's platform lines. */
  log?(event: LogEvent): void;
  /** An invocation that recursive loop detection stopped (Lambda's RecursiveInvocationsDropped). */
  recursiveInvocationDropped?(dropped: { functionName: string; requestId: string }): void;
  /** An asynchronous invocation that ended where Lambda sends it on (a failure, or a success with an on-success destination). */
  asyncResult?(result: AsyncInvocationResult): void;
}

export interface LambdaPort {
  readonly region: string;
  readonly accountId: string;
  invoke(invocation: PortInvocation): Promise<PortInvocationResult>;
  /** The configuration as Lambda's GetFunctionConfiguration answers it; a qualifier names a version or alias. */
  getFunctionConfiguration(functionName: string, qualifier?: string): Promise<FunctionConfiguration>;
  /**
   * Watches invocations and their log lines as they happen: every one of the embedded service;
   * through the SDK, those the port makes itself (from Invoke's log tail). Returns the removal.
   */
  observe?(observer: PortObserver): () => void;
}

/** Lambda's error JSON when the invoke itself was refused (throttled, not found, too large), as a trigger shows it. */
export interface PortError {
  name: string;
  message: string;
  statusCode?: number;
}

export function portError(error: unknown): PortError {
  const e = error as { name?: string; type?: string; message?: string; statusCode?: number; $metadata?: { httpStatusCode?: number } };
  const statusCode = e.statusCode ?? e.$metadata?.httpStatusCode;
  return { name: e.type ?? e.name ?? 'Error', message: e.message ?? String(error), ...(statusCode !== undefined ? { statusCode } : {}) };
}
