// How an environment's runtime is started: the launch that contains its processes (namespaces,
// a subreaper, or the plain fallback; see host/mount-namespace.ts), where it sees /opt and /tmp,
// and the variables it starts with (environments/variables.ts holds the table).

import { canShadow, contain } from '../host/mount-namespace.ts';
import { limits } from '../limits.ts';
import type { LaunchPlan } from '../runtimes/registry.ts';
import type { EnvironmentSpec } from './environment-types.ts';
import type { Containment } from './process-control.ts';
import type { Sandbox } from './sandbox.ts';
import { environmentVariables, type EnvironmentFacts } from './variables.ts';

/** The launch of `direct` for this environment: the command to spawn, its variables and its containment. */
export function planLaunch(spec: EnvironmentSpec, direct: LaunchPlan, box: Sandbox): { plan: LaunchPlan; env: Record<string, string>; containment: Containment } {
  const { plan, seen, containment } = isolation(spec, direct, box);
  return { plan, containment, env: variables(spec, seen, plan, box) };
}

/** Where the runtime sees /opt and /tmp, and the launch that holds its processes and gives it that view. */
function isolation(spec: EnvironmentSpec, direct: LaunchPlan, box: Sandbox): { plan: LaunchPlan; seen: { opt: string; tmp: string }; containment: Containment } {
  // Never hide a folder the runtime itself lives in (a project checked out under /tmp, say).
  const needed = [box.taskRoot, direct.command, ...direct.args, ...Object.values(direct.env ?? {}), direct.runtimeDir ?? '', process.env.PATH ?? '']
    .flatMap((value) => value.split(':')) // class paths and search paths list several
    .filter((p) => p.startsWith('/'));
  const ownOpt = spec.isolate && canShadow('/opt', needed);
  const ownTmp = spec.isolate && canShadow('/tmp', needed);
  const hidden = (folder: string) => (ownOpt && !canShadow('/opt', [folder])) || (ownTmp && !canShadow('/tmp', [folder]));
  const { plan, containment } = contain(direct, {
    namespaces: spec.isolate,
    ...(ownOpt ? { opt: box.opt } : {}),
    ...(ownTmp ? { tmpBytes: spec.tmpBytes } : { writable: box.tmp }),
    readOnly: spec.readOnly.filter((folder) => !hidden(folder)),
    descriptors: limits.fileDescriptors.max,
  });
  return { plan, containment, seen: { opt: ownOpt ? '/opt' : box.opt, tmp: ownTmp ? '/tmp' : box.tmp } };
}

function variables(s: EnvironmentSpec, seen: { opt: string; tmp: string }, plan: LaunchPlan, box: Sandbox): Record<string, string> {
  const facts: EnvironmentFacts = {
    handler: s.handler,
    functionName: s.functionName,
    version: s.version,
    memorySize: s.memorySize,
    region: s.region,
    ...(s.executionEnv ? { executionEnv: s.executionEnv } : {}),
    taskRoot: box.taskRoot,
    ...(plan.runtimeDir ? { runtimeDir: plan.runtimeDir } : {}),
    runtimeApi: box.address,
    logStreamName: s.logStreamName,
    tmp: seen.tmp,
    ...(s.endpointUrl ? { endpointUrl: s.endpointUrl } : {}),
  };
  return environmentVariables(facts, {
    searchPaths: s.layerPaths(seen.opt, plan.runtimeDir),
    service: s.serviceVariables,
    runtime: (plan.env ?? {}) as Record<string, string>,
    configured: s.variables,
  });
}
