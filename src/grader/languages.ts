// The course languages and the Lambda runtime each one runs on here.

import { currentRuntimes, versionMatches, type RuntimeDefinition, type Toolchain } from '../runtime/service.ts';
import type { Language } from './lab-types.ts';

export const languageNames: Record<Language, string> = {
  nodejs: 'Node.js',
  python: 'Python',
  java: 'Java',
  dotnet: 'C#',
  go: 'Go',
  ruby: 'Ruby',
  provided: 'custom runtime',
};

export const allLanguages = Object.keys(languageNames) as Language[];

export function isLanguage(value: string): value is Language {
  return (allLanguages as string[]).includes(value);
}

/**
 * The runtime family each language runs on. Go builds a bootstrap for the OS-only runtime, as
 * Lambda advises since go1.x (DG lambda-golang.html).
 */
const families: Record<Language, string> = {
  nodejs: 'nodejs',
  python: 'python',
  java: 'java',
  dotnet: 'dotnet',
  go: 'provided',
  ruby: 'ruby',
  provided: 'provided',
};

export interface LanguageRuntime {
  runtime: string;
  toolchain?: Toolchain;
  installHint: string;
}

/** Whether a runtime can run a language's labs here: its toolchain, and for Go the compiler. */
const usable = (language: Language, toolchain: Toolchain | undefined): toolchain is Toolchain =>
  Boolean(toolchain) && (language !== 'go' || Boolean(toolchain!.tools?.go));

/**
 * The runtime a lab uses for a language: only runtimes Lambda still supports (labs teach current
 * ones; deprecation.ts holds the dates), the one matching the local toolchain's version when
 * Lambda has it (so the logs carry no version note), else the newest this machine can run.
 */
export async function runtimeFor(language: Language): Promise<LanguageRuntime> {
  // Go and custom runtimes run on Amazon Linux 2023, the OS-only runtime Lambda recommends.
  const current = currentRuntimes(families[language]).filter((d) => d.family !== 'provided' || d.id === 'provided.al2023');
  const newest = current[0];
  if (!newest) return { runtime: language, installHint: `The ${languageNames[language]} runtime is not available in this version of Lambda Dojo.` };
  const found = await Promise.all(current.map(async (definition) => ({ definition, toolchain: await definition.detect() })));
  const runnable = found.filter((f): f is { definition: RuntimeDefinition; toolchain: Toolchain } => usable(language, f.toolchain));
  const chosen = runnable.find((f) => versionMatches(f.definition, f.toolchain)) ?? runnable[0];
  if (!chosen) return { runtime: newest.id, installHint: newest.installHint };
  return { runtime: chosen.definition.id, toolchain: chosen.toolchain, installHint: chosen.definition.installHint };
}
