// The languages a lesson's code samples are written in, and the runtime each runs on here, so
// that tests can run the code a lesson shows (test/site/samples.test.ts).
import { findRuntime, runtimeIds } from '../../src/runtime/runtimes/registry.ts';

export const sampleLanguages = ['nodejs', 'python', 'java', 'dotnet', 'go', 'ruby'] as const;
export type SampleLanguage = (typeof sampleLanguages)[number];

/**
 * The runtime identifier a language's sample runs on here: the newest of Lambda's identifiers for
 * that language whose toolchain this machine has; undefined when it has none.
 */
export async function sampleRuntime(language: SampleLanguage): Promise<string | undefined> {
  if (language === 'go') {
    const toolchain = await findRuntime('provided.al2023')?.detect();
    return toolchain?.tools?.go ? 'provided.al2023' : undefined;
  }
  for (const id of runtimeIds().filter((id) => findRuntime(id)!.family === language).reverse()) {
    if (await findRuntime(id)!.detect()) return id;
  }
  return undefined;
}
