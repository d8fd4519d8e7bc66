// Records lesson 2.1's error samples: runs each greeter through the embedded runtime and writes
// greeter/errors.json, which the lesson imports. Languages without a toolchain here keep their
// recorded sample (and are named). Run: node content/samples/generate-greeter-errors.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { LambdaService } from '../../src/runtime/service.ts';
import { runGreeter, sampleLanguages, sampleRuntime, samplesFolder } from './greeter-errors.ts';

const file = `${samplesFolder}errors.json`;
let recorded: Record<string, unknown> = {};
try {
  recorded = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  // first run: nothing recorded yet
}
const service = new LambdaService();
const skipped: string[] = [];
try {
  for (const language of sampleLanguages) {
    const runtime = await sampleRuntime(language);
    if (!runtime) {
      skipped.push(language);
      continue;
    }
    const { functionError, error } = await runGreeter(service, language, runtime);
    if (functionError !== 'Unhandled') throw new Error(`The ${language} greeter did not fail with {}: it answered ${JSON.stringify(error)}.`);
    recorded[language] = error;
    console.log(`${language} (${runtime}): recorded`);
  }
} finally {
  await service.shutdown();
}
const ordered = Object.fromEntries(sampleLanguages.filter((l) => l in recorded).map((l) => [l, recorded[l]]));
writeFileSync(file, `${JSON.stringify(ordered, null, 2)}\n`);
if (skipped.length > 0) console.log(`No toolchain here for ${skipped.join(', ')}: kept the recorded sample.`);
