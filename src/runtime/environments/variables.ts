// Every variable an execution environment starts with, in one table: what Lambda sets, what
// this service adds so a function's SDK reaches the local services, and which names a
// function's configuration may not use. The reserved-key list that configuration checks and
// lessons render is derived from this table (limits.ts re-exports it).
// Source: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
// ("Defined runtime environment variables").

/** What one environment is, as far as its variables go. */
export interface EnvironmentFacts {
  handler: string;
  functionName: string;
  version: string;
  memorySize: number;
  region: string;
  /** `AWS_Lambda_<runtime id>`; absent on OS-only runtimes (provided.*), as on Lambda. */
  executionEnv?: string;
  taskRoot: string;
  runtimeDir?: string;
  /** host:port of this environment's own Runtime API listener. */
  runtimeApi: string;
  logStreamName: string;
  /** The folder the function sees as /tmp (TMPDIR points there when /tmp cannot be its own). */
  tmp: string;
  /** The local AWS endpoint, for the SDK's AWS_ENDPOINT_URL, when the service runs one. */
  endpointUrl?: string;
}

interface VariableRow {
  name: string;
  /** Lambda refuses the name in a function's configuration. */
  reserved: boolean;
  /** The value here, or undefined when this service does not set it. */
  value: (facts: EnvironmentFacts) => string | undefined;
  why: string;
}

/**
 * Placeholder credentials. Lambda sets the execution role's temporary credentials; here they
 * only let an SDK inside a function sign requests to the local endpoint, which accepts any.
 */
export const placeholderCredentials = {
  accessKeyId: 'ASIAEMBEDDEDLAMBDA00',
  secretAccessKey: 'embedded-lambda-placeholder-secret-key',
  sessionToken: 'embedded-lambda-placeholder-session-token',
} as const;

const rows: VariableRow[] = [
  { name: '_HANDLER', reserved: true, value: (f) => f.handler, why: 'the handler string' },
  // Set by the runtime per invocation from the Lambda-Runtime-Trace-Id header, not at start.
  { name: '_X_AMZN_TRACE_ID', reserved: true, value: () => undefined, why: 'the X-Ray trace header of the current invocation' },
  { name: 'AWS_REGION', reserved: true, value: (f) => f.region, why: 'the Region the function runs in' },
  { name: 'AWS_DEFAULT_REGION', reserved: false, value: (f) => f.region, why: 'the Region, for tools that read this older name' },
  { name: 'AWS_EXECUTION_ENV', reserved: true, value: (f) => f.executionEnv, why: 'the runtime identifier, AWS_Lambda_<runtime>' },
  { name: 'AWS_LAMBDA_FUNCTION_NAME', reserved: true, value: (f) => f.functionName, why: 'the function name' },
  { name: 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', reserved: true, value: (f) => String(f.memorySize), why: 'the memory size in MB' },
  { name: 'AWS_LAMBDA_FUNCTION_VERSION', reserved: true, value: (f) => f.version, why: 'the version that runs' },
  { name: 'AWS_LAMBDA_INITIALIZATION_TYPE', reserved: true, value: () => 'on-demand', why: 'on-demand or provisioned-concurrency' },
  { name: 'AWS_LAMBDA_LOG_GROUP_NAME', reserved: true, value: (f) => `/aws/lambda/${f.functionName}`, why: 'the CloudWatch Logs group' },
  { name: 'AWS_LAMBDA_LOG_STREAM_NAME', reserved: true, value: (f) => f.logStreamName, why: 'the CloudWatch Logs stream of this environment' },
  { name: 'AWS_ACCESS_KEY', reserved: true, value: () => undefined, why: 'reserved by Lambda; not set' },
  { name: 'AWS_ACCESS_KEY_ID', reserved: true, value: () => placeholderCredentials.accessKeyId, why: 'the execution role credentials (placeholders here)' },
  { name: 'AWS_SECRET_ACCESS_KEY', reserved: true, value: () => placeholderCredentials.secretAccessKey, why: 'the execution role credentials (placeholders here)' },
  { name: 'AWS_SESSION_TOKEN', reserved: true, value: () => placeholderCredentials.sessionToken, why: 'the execution role credentials (placeholders here)' },
  { name: 'AWS_LAMBDA_RUNTIME_API', reserved: true, value: (f) => f.runtimeApi, why: 'host:port of the Runtime API' },
  { name: 'LAMBDA_TASK_ROOT', reserved: true, value: (f) => f.taskRoot, why: 'the function code (/var/task on Lambda)' },
  { name: 'LAMBDA_RUNTIME_DIR', reserved: true, value: (f) => f.runtimeDir, why: 'the runtime (/var/runtime on Lambda)' },
  { name: 'LANG', reserved: false, value: () => 'en_US.UTF-8', why: 'the locale' },
  { name: 'TZ', reserved: false, value: () => ':UTC', why: 'the time zone' },
  { name: 'TMPDIR', reserved: false, value: (f) => f.tmp, why: 'this environment’s own /tmp' },
  // Not Lambda's: the local endpoint, so a function's SDK reaches the local services as it would reach AWS.
  { name: 'AWS_ENDPOINT_URL', reserved: false, value: (f) => f.endpointUrl, why: 'the local AWS endpoint (not set on Lambda)' },
];

/** Names a function's configuration may not set. */
export const reservedEnvironmentKeys: readonly string[] = rows.filter((r) => r.reserved).map((r) => r.name);

/** The host's variables an environment keeps, so toolchains are found. */
const inheritedFromHost = ['PATH', 'HOME', 'LD_LIBRARY_PATH', 'SYSTEMROOT'];

/**
 * The variables an environment's process starts with. Later sources win: the host's few,
 * Lambda's unreserved defaults, the runtime's own (search paths), the function's
 * configuration, then Lambda's reserved names, which nothing may override.
 */
export function environmentVariables(
  facts: EnvironmentFacts,
  layers: { runtime: Record<string, string>; searchPaths: Record<string, string>; service: Record<string, string>; configured: Record<string, string> },
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of inheritedFromHost) if (process.env[key] !== undefined) env[key] = process.env[key]!;
  const set = (reserved: boolean) => {
    for (const row of rows) {
      if (row.reserved !== reserved) continue;
      const value = row.value(facts);
      if (value !== undefined && value !== '') env[row.name] = value;
    }
  };
  set(false);
  Object.assign(env, layers.searchPaths, layers.service, layers.runtime, layers.configured);
  set(true);
  return env;
}

/** The table as a lesson or the README shows it. */
export function variableTable(): Array<{ name: string; reserved: boolean; why: string }> {
  return rows.map(({ name, reserved, why }) => ({ name, reserved, why }));
}
