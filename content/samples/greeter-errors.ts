// The error samples of lesson 2.1, produced by running the greeter shown there (content/samples/
// greeter/<language>/) through the embedded runtime with the event {}. The lesson imports the
// recorded result (greeter/errors.json); test/site/samples.test.ts runs the code again and
// compares, so the code on the page and the error beside it cannot drift apart.
// Regenerate: node content/samples/generate-greeter-errors.ts

import { fileURLToPath } from 'node:url';
import type { LambdaService } from '../../src/runtime/service.ts';
import type { SampleLanguage } from './sample-runtimes.ts';

export { sampleLanguages, sampleRuntime, type SampleLanguage } from './sample-runtimes.ts';

/** What the lesson says about each sample: where the code is and which handler string runs it. */
export const greeterSamples: Record<SampleLanguage, { folder: string; handler: string }> = {
  nodejs: { folder: 'nodejs', handler: 'index.handler' },
  python: { folder: 'python', handler: 'lambda_function.lambda_handler' },
  java: { folder: 'java', handler: 'example.Greeter::handleRequest' },
  dotnet: { folder: 'dotnet', handler: 'Greeter::Greeter.Function::FunctionHandler' },
  go: { folder: 'go', handler: 'bootstrap' },
  ruby: { folder: 'ruby', handler: 'lambda_function.lambda_handler' },
};

export const samplesFolder = fileURLToPath(new URL('./greeter/', import.meta.url));

/** The request id every sample shows, so the recorded samples do not change from run to run. */
export const sampleRequestId = '5e0c2b7a-91d4-4f6e-8a3b-2c7d9e1f4a60';

/** The file of each sample that a stack trace names: frames elsewhere are the runtime's own. */
const sampleFiles: Record<SampleLanguage, string> = {
  nodejs: 'index.mjs',
  python: 'lambda_function.py',
  java: 'Greeter.java',
  dotnet: 'Function.cs',
  go: 'main.go',
  ruby: 'lambda_function.rb',
};

/**
 * The error object the caller receives, as the lesson shows it: the request id fixed, the folder
 * the embedded runtime ran the code from shown as Lambda's /var/task, and the stack trimmed to the
 * sample's own frames (the runtime's frames below them differ between runtime versions).
 */
export function asLambdaShowsIt(language: SampleLanguage, payload: string, requestId: string): Record<string, unknown> {
  const error = JSON.parse(requestId ? payload.replaceAll(requestId, sampleRequestId) : payload) as Record<string, unknown>;
  const file = sampleFiles[language];
  const taskPath = new RegExp(`(file://)?/[^\\s"'()]*/task/(?=${file.replace('.', '\\.')})`, 'g');
  for (const key of ['trace', 'stackTrace']) {
    const frames = error[key];
    if (!Array.isArray(frames)) continue;
    error[key] = frames
      .map((frame: string) => frame.replace(taskPath, (_path, scheme: string | undefined) => `${scheme ?? ''}/var/task/`))
      // Node.js starts its trace with "Type: message"; every other kept line names the sample's file.
      .filter((frame: string, index: number) => frame.includes(file) || (key === 'trace' && index === 0));
  }
  return error;
}

/** Runs one language's greeter with the event {} and returns the error object the caller gets. */
export async function runGreeter(service: LambdaService, language: SampleLanguage, runtime: string): Promise<{ functionError: string | undefined; error: Record<string, unknown> }> {
  const sample = greeterSamples[language];
  const FunctionName = `lesson-greeter-${language}`;
  const code = `${samplesFolder}${sample.folder}`;
  await service.createFunction({ FunctionName, Runtime: runtime, Handler: sample.handler, Code: { Directory: code } });
  try {
    const result = await service.invoke({ FunctionName, Payload: {} });
    return { functionError: result.FunctionError, error: asLambdaShowsIt(language, result.Payload.toString('utf8'), result.RequestId) };
  } finally {
    await service.deleteFunction(FunctionName);
  }
}
