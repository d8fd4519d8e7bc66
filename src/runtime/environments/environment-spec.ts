// What one execution environment of a function version is started with: its identity, its
// configuration, its code and layers, the variables that point its SDK at the local services,
// the read-only folders and the /tmp size it is held to, and where its output goes.

import { existsSync } from 'node:fs';
import { mountNamespacesAvailable } from '../host/mount-namespace.ts';
import type { FunctionVersion } from '../registry/function-registry.ts';
import { layerSearchPaths } from '../registry/layer-paths.ts';
import type { EnvironmentSpec } from './environment.ts';

export interface SpecContext {
  region: string;
  /** The service's folder (code store and sandboxes). */
  root: string;
  buildCacheDir: string;
  /** The local AWS endpoint the service runs behind, if any. */
  endpointUrl?: string;
  /** The service's own key service, once started (used when there is no endpoint). */
  kmsEndpoint(): string | undefined;
  /** A line the function wrote, with the invocation it belongs to. */
  onOutput(version: FunctionVersion, environmentId: string, line: { text: string; requestId?: string }, environment: Parameters<EnvironmentSpec['onOutput']>[1]): void;
}

export function environmentSpecFor(version: FunctionVersion, id: string, context: SpecContext): EnvironmentSpec {
  const { config, runtime, toolchain } = version;
  const kms = context.endpointUrl ?? context.kmsEndpoint();
  return {
    id,
    functionName: config.FunctionName,
    version: config.Version,
    region: context.region,
    ...(runtime.family !== 'provided' ? { executionEnv: `AWS_Lambda_${runtime.id}` } : {}),
    handler: config.Handler,
    memorySize: config.MemorySize,
    variables: config.Environment.Variables,
    codeDirectory: version.artifact,
    layers: version.layers.map((l) => l.folder),
    layerPaths: (opt, runtimeDir) => layerSearchPaths(runtime.family, runtime.languageVersion, opt, process.env, runtimeDir),
    ...(context.endpointUrl ? { endpointUrl: context.endpointUrl } : {}),
    // Our decrypt helpers read AWS_ENDPOINT_URL_KMS; behind an endpoint it is the endpoint too.
    serviceVariables: kms ? { AWS_ENDPOINT_URL_KMS: kms } : {},
    isolate: mountNamespacesAvailable(),
    // The code store, every sandbox and the builds: a function may read them, never change them.
    readOnly: [context.root, context.buildCacheDir].filter((folder) => existsSync(folder)),
    tmpBytes: config.EphemeralStorage.Size * 1024 * 1024,
    sandboxParent: context.root,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[${config.Version}]${id}`,
    launch: (taskRoot) => runtime.launch(toolchain, taskRoot),
    onOutput: (line, environment) => context.onOutput(version, id, line, environment),
  };
}
