// Proves every lab is gradable as shipped: for each lab and language, the starter fails at
// least one check (or Lambda refuses its configuration) and the solution passes all of them.
// Runs the real checks against real functions in the embedded runtime, as `npm run lab` does.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EmbeddedTarget } from '../../src/grader/embedded-target.ts';
import type { CheckOutcome, Language, LabDefinition } from '../../src/grader/lab-types.ts';
import { LambdaServiceError } from '../../src/runtime/errors.ts';
import type { LambdaService } from '../../src/runtime/service.ts';
import type { FunctionConfigurationInput } from '../../src/runtime/types.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { useService } from '../support/service.ts';

const labsRoot = fileURLToPath(new URL('../../labs/', import.meta.url));

// Site fixtures that are not course labs (no starter or solution); remove an entry with its folder.
const notCourseLabs = new Set(['99-sample']);

const labFolders = readdirSync(labsRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(labsRoot, entry.name, 'lab.ts')) && !notCourseLabs.has(entry.name))
  .map((entry) => entry.name)
  .sort();

const labs: Array<{ folder: string; lab: LabDefinition }> = [];
for (const folder of labFolders) {
  const module = (await import(join(labsRoot, folder, 'lab.ts'))) as { default: LabDefinition };
  labs.push({ folder, lab: module.default });
}

function runtimeFor(language: Language): string {
  const found = runtimesUnderTest.find((r) => r.family === language);
  if (!found) throw new Error(`No local runtime for ${language} in test/support/runtimes.ts`);
  return found.runtime;
}

/** The properties a code folder's function.json may set, in CreateFunction's names. */
interface FunctionFile {
  MemorySize?: number;
  Timeout?: number;
  Environment?: { Variables?: Record<string, string> };
}

/**
 * CreateFunction input for one code folder: lab.ts's function configuration with the folder's
 * function.json merged over it (function.json wins; environment variables merge key by key).
 * Local stand-in until src/grader offers the grader's own helper.
 */
function functionInput(lab: LabDefinition, language: Language, codeDirectory: string, functionName: string): FunctionConfigurationInput {
  const file = join(codeDirectory, 'function.json');
  const overrides: FunctionFile = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const memorySize = overrides.MemorySize ?? lab.function.memorySize;
  const timeout = overrides.Timeout ?? lab.function.timeout;
  const variables = { ...lab.function.environment, ...overrides.Environment?.Variables };
  const handler = lab.function.handler[language];
  if (!handler) throw new Error(`lab ${lab.number} has no handler for ${language}`);
  return {
    FunctionName: functionName,
    Runtime: runtimeFor(language),
    Handler: handler,
    Code: { Directory: codeDirectory },
    ...(memorySize !== undefined ? { MemorySize: memorySize } : {}),
    ...(timeout !== undefined ? { Timeout: timeout } : {}),
    ...(Object.keys(variables).length > 0 ? { Environment: { Variables: variables } } : {}),
  };
}

type Graded = { deployError: LambdaServiceError } | { results: Array<{ name: string; outcome: CheckOutcome }> };

let deployed = 0;

/** Deploys one code folder, runs every check in order, and deletes the function again. */
async function grade(service: LambdaService, lab: LabDefinition, language: Language, codeDirectory: string): Promise<Graded> {
  const functionName = `lab${lab.number}-${language}-${++deployed}`;
  try {
    await service.createFunction(functionInput(lab, language, codeDirectory, functionName));
  } catch (error) {
    if (error instanceof LambdaServiceError) return { deployError: error };
    throw error;
  }
  try {
    const target = new EmbeddedTarget(service, functionName);
    const results: Array<{ name: string; outcome: CheckOutcome }> = [];
    for (const check of lab.checks) {
      results.push({ name: check.name, outcome: await check.run({ target, functionName, language }) });
    }
    return { results };
  } finally {
    // Deleting frees the function's warm environments, so later labs do not hit maxEnvironments.
    await service.deleteFunction(functionName);
  }
}

const summary = (graded: Graded) =>
  'deployError' in graded
    ? `${graded.deployError.type}: ${graded.deployError.message}`
    : graded.results.map(({ name, outcome }) => `${outcome.status === 'passed' ? '✓' : '✗'} ${name}${outcome.status === 'failed' ? `: ${outcome.message} (actual ${JSON.stringify(outcome.actual)})` : ''}`).join('\n');

describe('labs', () => {
  const service = useService();

  it('finds the course labs', () => {
    expect(labs.length).toBeGreaterThan(0);
  });

  for (const { folder, lab } of labs) {
    describe(folder, () => {
      it('is numbered like its folder and has checks', () => {
        expect(lab.number).toBe(Number.parseInt(folder, 10));
        expect(lab.checks.length).toBeGreaterThan(0);
        expect(new Set(lab.checks.map((c) => c.name)).size).toBe(lab.checks.length);
      });

      for (const language of lab.languages) {
        const folderOf = (kind: 'starter' | 'solution') => join(labsRoot, folder, kind, language);

        it(`ships a ${language} starter and solution with the entry file`, () => {
          for (const kind of ['starter', 'solution'] as const) {
            expect(existsSync(join(folderOf(kind), lab.entryFile[language] ?? '(no entry file in lab.ts)')), `${kind}/${language}`).toBe(true);
          }
        });

        it(`the ${language} starter fails at least one check`, async () => {
          const graded = await grade(service(), lab, language, folderOf('starter'));
          const failedSomething = 'deployError' in graded || graded.results.some((r) => r.outcome.status === 'failed');
          expect(failedSomething, summary(graded)).toBe(true);
        });

        it(`the ${language} solution passes every check`, async () => {
          const graded = await grade(service(), lab, language, folderOf('solution'));
          expect(summary(graded)).toBe(lab.checks.map((c) => `✓ ${c.name}`).join('\n'));
        });
      }
    });
  }
});
