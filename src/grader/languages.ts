// The course languages and the Lambda runtime each one runs on here.

import { findRuntime, type Toolchain } from '../runtime/runtimes/registry.ts';
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

/** Runtime identifiers to try per language, newest first. */
const candidates: Record<Language, string[]> = {
  nodejs: ['nodejs24.x', 'nodejs22.x', 'nodejs20.x'],
  python: ['python3.13', 'python3.12', 'python3.11', 'python3.10', 'python3.9'],
  java: ['java21', 'java17'],
  dotnet: ['dotnet8'],
  go: ['provided.al2023'],
  ruby: ['ruby3.4', 'ruby3.3', 'ruby3.2'],
  provided: ['provided.al2023'],
};

export interface LanguageRuntime {
  runtime: string;
  toolchain?: Toolchain;
  installHint: string;
}

/**
 * The runtime a lab uses for a language: the one matching the local toolchain's version when
 * Lambda has it (so the logs carry no version note), else the newest.
 */
export async function runtimeFor(language: Language): Promise<LanguageRuntime> {
  const known = candidates[language].map((id) => findRuntime(id)).filter((d) => d !== undefined);
  const newest = known[0];
  if (!newest) return { runtime: candidates[language][0]!, installHint: `The ${languageNames[language]} runtime is not available in this version of Lambda Dojo.` };
  const toolchain = await newest.detect();
  if (!toolchain) return { runtime: newest.id, installHint: newest.installHint };
  // Go runs on the OS-only runtime, which needs nothing, but building Go code needs the compiler.
  if (language === 'go' && !toolchain.tools?.go) return { runtime: newest.id, installHint: newest.installHint };
  const matching = known.find((d) => toolchain.version === d.languageVersion || toolchain.version.startsWith(`${d.languageVersion}.`));
  return { runtime: (matching ?? newest).id, toolchain, installHint: newest.installHint };
}
