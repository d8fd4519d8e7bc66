// Samples that lessons show from content/samples/<sample>/<language>/ and that the tests run
// (test/site/samples.test.ts): where each lives and the handler string that runs it.
import { fileURLToPath } from 'node:url';
import type { LambdaService } from '../../src/runtime/service.ts';
import type { FunctionConfigurationInput } from '../../src/runtime/types.ts';
import type { SampleLanguage } from './sample-runtimes.ts';

const folder = (sample: string) => fileURLToPath(new URL(`./${sample}/`, import.meta.url));

/** Lesson 1.2: freeze and thaw (counter), the time left (time-left); lesson 2.2: a JSON log line (request-id-log). */
export const sixLanguageSamples = {
  counter: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', java: 'example.Counter::handleRequest', dotnet: 'Counter::Counter.Function::FunctionHandler', go: 'bootstrap', ruby: 'lambda_function.lambda_handler' },
  'time-left': { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', java: 'example.Batch::handleRequest', dotnet: 'Batch::Batch.Function::FunctionHandler', go: 'bootstrap', ruby: 'lambda_function.lambda_handler' },
  'request-id-log': { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', java: 'example.Orders::handleRequest', dotnet: 'Orders::Orders.Function::FunctionHandler', go: 'bootstrap', ruby: 'lambda_function.lambda_handler' },
  // Lesson 4.1: configuration from the environment (config), a secret decrypted at Init here (kms-here);
  // lesson 4.2: which version ran and how it was invoked (who-am-i).
  config: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', java: 'example.Hello::handleRequest', dotnet: 'Hello::Hello.Function::FunctionHandler', go: 'bootstrap', ruby: 'lambda_function.lambda_handler' },
  'kms-here': { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler', go: 'bootstrap', ruby: 'lambda_function.lambda_handler' },
  'who-am-i': { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', java: 'example.WhoAmI::handleRequest', dotnet: 'WhoAmI::WhoAmI.Function::FunctionHandler', go: 'bootstrap', ruby: 'lambda_function.lambda_handler' },
  // Lesson 5.1: a TOKEN authorizer answering with a policy and context; lesson 5.2: an HTTP API
  // authorizer's simple response.
  'token-authorizer': { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', java: 'example.TokenAuthorizer::handleRequest', dotnet: 'Authorizer::Authorizer.Function::FunctionHandler', go: 'bootstrap', ruby: 'lambda_function.lambda_handler' },
  'simple-authorizer': { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', java: 'example.SimpleAuthorizer::handleRequest', dotnet: 'Authorizer::Authorizer.Function::FunctionHandler', go: 'bootstrap', ruby: 'lambda_function.lambda_handler' },
  // Lesson 7.1: a handler that only adapts, and a core with its own unit tests (shipping).
  shipping: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', java: 'example.Handler::handleRequest', dotnet: 'Shipping::Shipping.Function::FunctionHandler', go: 'bootstrap', ruby: 'lambda_function.lambda_handler' },
} as const satisfies Record<string, Record<SampleLanguage, string>>;

export type SixLanguageSample = keyof typeof sixLanguageSamples;

let deployed = 0;

/** Creates a function from one language's copy of a sample; returns its name. */
export async function deploySample(
  service: LambdaService,
  sample: SixLanguageSample,
  language: SampleLanguage,
  runtime: string,
  extra: Partial<FunctionConfigurationInput> = {},
): Promise<string> {
  const FunctionName = `lesson-${sample}-${language}-${++deployed}`;
  await service.createFunction({ FunctionName, Runtime: runtime, Handler: sixLanguageSamples[sample][language], Code: { Directory: `${folder(sample)}${language}` }, ...extra });
  return FunctionName;
}

/** Lesson 2.3's custom runtime: a Python bootstrap on the OS-only runtime, its handler named by _HANDLER. */
export async function deployCustomRuntime(service: LambdaService, handler: string, extra: Partial<FunctionConfigurationInput> = {}): Promise<string> {
  const FunctionName = `lesson-custom-runtime-${++deployed}`;
  await service.createFunction({ FunctionName, Runtime: 'provided.al2023', Handler: handler, Code: { Directory: folder('custom-runtime') }, ...extra });
  return FunctionName;
}

/** Lesson 3's layer samples: content/samples/layers/<language>/{layer,function}/ and the function's handler string. */
export const layerSampleHandlers: Record<SampleLanguage, string> = {
  nodejs: 'index.handler',
  python: 'lambda_function.lambda_handler',
  java: 'example.Hello::handleRequest',
  dotnet: 'Hello::Hello.Function::FunctionHandler',
  go: 'bootstrap',
  ruby: 'lambda_function.lambda_handler',
};

export const layerSampleFolder = (language: SampleLanguage, part: 'layer' | 'function'): string => `${folder('layers')}${language}/${part}`;

/** Lesson 7.1's shipping sample: where each language keeps the core and the core's unit tests. */
export const shippingCoreFiles: Record<SampleLanguage, { core: string[]; tests: string[] }> = {
  nodejs: { core: ['core.mjs'], tests: ['core.test.mjs'] },
  python: { core: ['core.py'], tests: ['test_core.py'] },
  ruby: { core: ['core.rb'], tests: ['test_core.rb'] },
  go: { core: ['core/core.go'], tests: ['core/core_test.go'] },
  java: { core: ['src/main/java/example/Shipping.java'], tests: ['src/test/java/example/ShippingTest.java'] },
  dotnet: { core: ['Core.cs'], tests: ['Tests/CoreTests.cs'] },
};

export const sampleFolder = (sample: SixLanguageSample, language: SampleLanguage): string => `${folder(sample)}${language}`;
