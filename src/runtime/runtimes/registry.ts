// The runtimes this service can run. Each language folder describes its own identifiers in
// definition.ts; this file only gathers them. Managed runtimes run on the local toolchain; when
// its version differs from the one the function asked for, the cold start says so in the logs.

import { definitions as nodejs } from './nodejs/definition.ts';
import { definitions as python } from './python/definition.ts';
import { definitions as provided } from './provided/definition.ts';
import { definitions as ruby } from './ruby/definition.ts';
import { definitions as dotnet } from './dotnet/definition.ts';
import { definitions as java } from './java/definition.ts';
import type { RuntimeDefinition, Toolchain } from './toolchain.ts';

export type { BuildRequest, LaunchPlan, RuntimeDefinition, Toolchain } from './toolchain.ts';

const definitions: RuntimeDefinition[] = [...nodejs, ...python, ...provided, ...ruby, ...dotnet, ...java];

export function allRuntimes(): RuntimeDefinition[] {
  return [...definitions];
}

export function runtimeIds(): string[] {
  return definitions.map((d) => d.id);
}

export function findRuntime(id: string): RuntimeDefinition | undefined {
  return definitions.find((d) => d.id === id);
}

/** True when the local toolchain is the version the runtime identifier names. */
export function versionMatches(definition: RuntimeDefinition, toolchain: Toolchain): boolean {
  return toolchain.version === definition.languageVersion || toolchain.version.startsWith(`${definition.languageVersion}.`);
}
