// The public shapes of the embedded Lambda service, named as in Lambda's API
// (CreateFunction, Invoke) so what a learner sees here matches the AWS documentation.

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';
export type LogType = 'None' | 'Tail';

export interface FunctionConfigurationInput {
  FunctionName: string;
  Runtime: string;
  Handler: string;
  /** A folder holding the function's code; it is copied, so later edits need updateFunctionCode. */
  Code: { Directory: string };
  MemorySize?: number;
  Timeout?: number;
  Environment?: { Variables?: Record<string, string> };
  EphemeralStorage?: { Size: number };
  Description?: string;
  /** Layer version ARNs, at most 5, extracted into /opt in this order. */
  Layers?: string[];
  /** Where an asynchronous event goes when it fails for good: an SQS queue or SNS topic ARN ('' removes it). */
  DeadLetterConfig?: { TargetArn?: string };
}

export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn: string;
  Runtime: string;
  Handler: string;
  MemorySize: number;
  Timeout: number;
  Environment: { Variables: Record<string, string> };
  EphemeralStorage: { Size: number };
  Description: string;
  Version: string;
  LastModified: string;
  CodeSha256: string;
  CodeSize: number;
  Layers: Array<{ Arn: string; CodeSize: number }>;
  /** Present when the function has a dead-letter queue (a version keeps the one it was published with). */
  DeadLetterConfig?: { TargetArn: string };
}

export interface PublishLayerVersionInput {
  LayerName: string;
  /** A .zip file (its bytes or its path) or a folder, laid out as it should appear under /opt. */
  Content: { ZipFile: Buffer | string } | { Directory: string };
  CompatibleRuntimes?: string[];
  Description?: string;
}

export interface LayerVersion {
  LayerArn: string;
  LayerVersionArn: string;
  Version: number;
  Description: string;
  CompatibleRuntimes: string[];
  Content: { CodeSha256: string; CodeSize: number };
  CreatedDate: string;
}

export interface InvokeInput {
  FunctionName: string;
  /** The event: a string is sent as is (it must be JSON), anything else is JSON-encoded. */
  Payload?: unknown;
  InvocationType?: InvocationType;
  LogType?: LogType;
  Qualifier?: string;
  ClientContext?: string;
  /**
   * The caller's X-Ray trace header (X-Amzn-Trace-Id), which carries the chain of invocations that
   * recursive loop detection counts. Not a member of Lambda's Invoke: Lambda reads the HTTP header.
   */
  TraceHeader?: string;
}

export interface InvokeOutput {
  StatusCode: number;
  /** Set when the function failed: "Unhandled" as on Lambda. */
  FunctionError?: 'Unhandled';
  /**
   * The response payload: the bytes the function returned (usually JSON text), or the error JSON.
   * Bytes, as Lambda's API returns them, so a function that answers binary gets it back unchanged.
   */
  Payload: Buffer;
  /** The last 4 KB of the invocation's log, base64-encoded, when LogType is Tail. */
  LogResult?: string;
  ExecutedVersion: string;
  /** For a function that streamed its response: the content type it streamed (InvokeWithResponseStream's ResponseStreamContentType). */
  ResponseStreamContentType?: string;
  /**
   * An HTTP integration response's prelude (statusCode, headers, cookies), which the function
   * wrote before its body with awslambda.HttpResponseStream; taken apart from the payload.
   */
  ResponsePrelude?: Record<string, unknown>;
  /** Everything below is not in Lambda's Invoke response; it serves the CLI and the grader. */
  RequestId: string;
  /** The full log of this invocation (START ... REPORT), as text lines. */
  Logs: string[];
  Report: InvocationReport;
}

export interface InvocationReport {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMB: number;
  maxMemoryUsedMB: number;
  /** Present on a cold start. */
  initDurationMs?: number;
  status: 'success' | 'error' | 'timeout';
  errorType?: string;
  /** Identifies the execution environment, so warm reuse can be observed. */
  environmentId: string;
  coldStart: boolean;
}

/**
 * One invocation as Lambda's metrics and bill see it: what ran (or was throttled), when, and its
 * REPORT. The service emits one per finished invocation ('invocation' event); CloudWatch-style
 * metrics and the cost estimate are made from these (src/triggers/metrics).
 */
export interface InvocationRecord {
  functionName: string;
  /** The version or alias the caller named, when it named one. */
  qualifier?: string;
  executedVersion: string;
  invocationType: 'RequestResponse' | 'Event';
  /** Epoch milliseconds (real time) when the invocation was accepted and when it ended. */
  startedAt: number;
  endedAt: number;
  /** Invocations of this function under way when this one started, itself included. */
  concurrentExecutions: number;
  /** Invocations of every function under way when this one started, itself included. */
  accountConcurrentExecutions: number;
  /** Refused with TooManyRequestsException: never ran, not billed, no report. */
  throttled: boolean;
  /** The function failed (Lambda's FunctionError: Unhandled). */
  functionError: boolean;
  report?: InvocationReport;
}

/** A log line as it leaves an environment, with the invocation it belongs to. */
export interface LogEvent {
  functionName: string;
  requestId?: string;
  environmentId: string;
  /** The function's own output (stdout and stderr, in the order written) or Lambda's platform lines. */
  stream: 'function' | 'platform';
  message: string;
  timestamp: number;
}

/** Where records of asynchronous invocations go (API_DestinationConfig.html): an ARN each, or none. */
export interface DestinationConfig {
  OnSuccess?: { Destination?: string };
  OnFailure?: { Destination?: string };
}

/** PutFunctionEventInvokeConfig's settings (API_PutFunctionEventInvokeConfig.html). */
export interface EventInvokeConfigInput {
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig?: DestinationConfig;
}

/** A function's, version's or alias's asynchronous settings, as Lambda's API answers them. */
export interface FunctionEventInvokeConfig {
  /** The function ARN with its qualifier ($LATEST when none was named). */
  FunctionArn: string;
  /** Epoch seconds. */
  LastModified: number;
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig: { OnSuccess: { Destination?: string }; OnFailure: { Destination?: string } };
}

/**
 * How an asynchronous invocation ended, with what Lambda sends on: the event, the response and
 * where they go (the function's dead-letter queue and the destination for this condition).
 * The service emits one ('asyncResult') for every failure, and for a success that has an
 * on-success destination. Source: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 */
export interface AsyncInvocationResult {
  functionName: string;
  /** The invoked function ARN with its qualifier ($LATEST when none was named). */
  functionArn: string;
  requestId: string;
  /** Success, RetriesExhausted or EventAgeExceeded, as in the invocation record's requestContext.condition. */
  condition: 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';
  /** How many times the function ran (0 when the event never reached it). */
  approximateInvokeCount: number;
  /** The event as it was sent (JSON text). */
  event: string;
  statusCode: number;
  executedVersion: string;
  functionError?: string;
  /** The function's answer, or Lambda's error JSON (JSON text). */
  responsePayload: string;
  /** Epoch milliseconds when it ended. */
  timestamp: number;
  /** The function's dead-letter queue or topic, for a failure. */
  deadLetterTargetArn?: string;
  /** The OnSuccess or OnFailure destination for this condition. */
  destination?: string;
}
