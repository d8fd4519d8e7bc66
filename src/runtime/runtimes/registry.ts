// The runtimes this service can run. Each language folder describes its own identifiers in
// definition.ts; this file only gathers them. Managed runtimes run on the local toolchain; when
// its version differs from the one the function asked for, the cold start says so in the logs.

import { definitions as nodejs } from './nodejs/definition.ts';
import { definitions as python } from './python/definition.ts';
import { definitions as provided } from './provided/definition.ts';
import { definitions as ruby } from './ruby/definition.ts';
import { definitions as dotnet } from './dotnet/definition.ts';
import { definitions as java } from './java/definition.ts';
import { deprecationNotice, isDeprecated, today } from './deprecation.ts';
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

/** Orders language versions as numbers: "3.9" before "3.14", "8" before "10". */
function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0 && !Number.isNaN(difference)) return difference;
  }
  return a.localeCompare(b);
}

/** The family's runtimes Lambda still supports on that day, newest first: what a course should teach. */
export function currentRuntimes(family: string, on: string = today()): RuntimeDefinition[] {
  return definitions
    .filter((d) => d.family === family && !isDeprecated(d.id, on))
    .sort((a, b) => compareVersions(b.languageVersion, a.languageVersion));
}

/**
 * What the logs of an environment's cold start say about its runtime: that the local toolchain
 * is another version than the identifier names, and, the first time a deprecated runtime starts
 * for one caller (`told` holds the identifiers already announced), Lambda's deprecation fact.
 */
export function coldStartNotes(definition: RuntimeDefinition, toolchain: Toolchain, told: Set<string>, on: string = today()): string[] {
  const notes: string[] = [];
  if (!versionMatches(definition, toolchain)) {
    notes.push(
      `[lambda-dojo] ${definition.id} asked for ${definition.family} ${definition.languageVersion}; this machine runs ${definition.family} ${toolchain.version}, so the function runs on ${toolchain.version}.`,
    );
  }
  if (!told.has(definition.id)) {
    const notice = deprecationNotice(definition.id, currentRuntimes(definition.family, on)[0]?.id, on);
    if (notice) {
      told.add(definition.id);
      notes.push(notice);
    }
  }
  return notes;
}
