// The shapes an execution environment is made from and answers with: what the service tells it
// (its spec), what one invocation asks of it, and how init and an invocation end.

import type { LaunchPlan } from '../runtimes/registry.ts';
import type { ExecutionEnvironment } from './environment.ts';

export interface EnvironmentSpec {
  id: string;
  functionName: string;
  version: string;
  region: string;
  executionEnv?: string;
  handler: string;
  memorySize: number;
  /** The function's configured variables. */
  variables: Record<string, string>;
  /** The function's code; copied into the sandbox's task root. */
  codeDirectory: string;
  /** The folder under which this environment makes its sandbox. */
  sandboxParent: string;
  logStreamName: string;
  /** Extracted layer folders, copied into the environment's /opt in this order. */
  layers: string[];
  /** The runtime's search-path variables for a given /opt and runtime folder (NODE_PATH, PYTHONPATH, ...). */
  layerPaths: (opt: string, runtimeDir: string | undefined) => Record<string, string>;
  /** Variables every environment of this service gets (the local services' endpoints). */
  serviceVariables: Record<string, string>;
  /** The local AWS endpoint the service runs behind, for AWS_ENDPOINT_URL. */
  endpointUrl?: string;
  /** Run inside namespaces with a real /opt and /tmp (see host/mount-namespace.ts). */
  isolate: boolean;
  /** Folders the function may read but not change (the service's code store and sandboxes). */
  readOnly: string[];
  /** The size of /tmp (EphemeralStorage), in bytes. */
  tmpBytes: number;
  launch: (taskRoot: string) => LaunchPlan;
  /** Receives every line the process writes, tagged with the invocation it belongs to. */
  onOutput: (line: OutputLine, environment: ExecutionEnvironment) => void;
}

export interface OutputLine {
  text: string;
  requestId?: string;
}

export interface InvocationRequest {
  requestId: string;
  payload: Buffer;
  timeoutMs: number;
  invokedFunctionArn: string;
  traceId: string;
  clientContext?: string;
  cognitoIdentity?: string;
  /** Called the moment the event is handed to the runtime (START belongs there). */
  onDispatch?: () => void;
  /** For InvokeWithResponseStream: a streamed response's chunks, as they arrive. */
  onChunk?: (chunk: Buffer) => void;
}

export type InvocationOutcome =
  | { kind: 'response'; payload: Buffer; streamed?: { contentType: string; prelude?: Record<string, unknown> } }
  | { kind: 'error'; payload: Buffer; errorType?: string }
  | { kind: 'timeout'; elapsedMs: number }
  | { kind: 'out-of-memory' }
  | { kind: 'response-too-large'; size: number }
  | { kind: 'exit'; reason: string; /** False when the runtime died before it asked for this event. */ dispatched: boolean };

export type InitOutcome =
  | { kind: 'ready' }
  | { kind: 'invalid-entrypoint'; message: string }
  | { kind: 'out-of-memory' }
  | { kind: 'init-error'; payload: Buffer; errorType?: string }
  | { kind: 'timeout' }
  | { kind: 'exit'; reason: string };
