// The lines Lambda itself writes around each invocation, in its text log format
// (docs: monitoring-cloudwatchlogs.html, nodejs-logging.html): START, END, REPORT and, when
// init fails, INIT_REPORT. Fields are tab-separated, as in CloudWatch.

import { createHash } from 'node:crypto';
import type { InvocationReport } from '../types.ts';

const ms = (value: number) => value.toFixed(2);

/**
 * The first line of a cold start, naming the runtime version it runs on, as Lambda writes it
 * (e.g. `INIT_START Runtime Version: python:3.12.v55\tRuntime Version ARN: arn:aws:lambda:...`;
 * docs: runtimes-update.html, "Runtime version"). The version and ARN here are local stand-ins:
 * stable per runtime identifier, shaped as Lambda's are.
 */
export function initStartLine(runtimeId: string, family: string, languageVersion: string, region: string): string {
  const hash = createHash('sha256').update(`lambda-dojo runtime ${runtimeId}`).digest('hex');
  return `INIT_START Runtime Version: ${family}:${languageVersion}.v1\tRuntime Version ARN: arn:aws:lambda:${region}::runtime:${hash}`;
}

/**
 * The error type INIT_REPORT and REPORT lines show: Lambda keeps `Runtime.*` and `Function.*`
 * and shows any other (a function's own exception class) as `Runtime.Unknown`; the payload the
 * caller gets keeps the function's own type. Source: AWS's Runtime Interface Emulator,
 * lambda/fatalerror/fatalerror.go.
 */
export function reportedErrorType(errorType: string): string {
  return /^(Runtime|Function)\.[A-Za-z0-9]+$/.test(errorType) ? errorType : 'Runtime.Unknown';
}

export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export function reportLine(report: InvocationReport): string {
  const fields = [
    `REPORT RequestId: ${report.requestId}`,
    `Duration: ${ms(report.durationMs)} ms`,
    `Billed Duration: ${report.billedDurationMs} ms`,
    `Memory Size: ${report.memorySizeMB} MB`,
    `Max Memory Used: ${report.maxMemoryUsedMB} MB`,
  ];
  if (report.initDurationMs !== undefined) fields.push(`Init Duration: ${ms(report.initDurationMs)} ms`);
  if (report.status !== 'success') fields.push(`Status: ${report.status}`);
  if (report.errorType) fields.push(`Error Type: ${report.errorType}`);
  return fields.join('\t');
}

export function initReportLine(durationMs: number, phase: 'init' | 'invoke', status: 'timeout' | 'error', errorType?: string): string {
  const fields = [`INIT_REPORT Init Duration: ${ms(durationMs)} ms`, `Phase: ${phase}`, `Status: ${status}`];
  if (errorType) fields.push(`Error Type: ${errorType}`);
  return fields.join('\t');
}

/**
 * Billed duration: rounded up to the next millisecond (since December 2020), with the init
 * phase included for on-demand functions (since 1 August 2025).
 * Source: aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/
 */
export function billedDuration(durationMs: number, initDurationMs = 0): number {
  return Math.max(1, Math.ceil(durationMs + initDurationMs));
}

export function timedOutMessage(requestId: string, elapsedMs: number): string {
  return `RequestId: ${requestId} Error: Task timed out after ${(elapsedMs / 1000).toFixed(2)} seconds`;
}

export function exitedMessage(requestId: string, reason: string): string {
  return `RequestId: ${requestId} Error: Runtime exited with error: ${reason}`;
}
