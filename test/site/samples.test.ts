// Code a lesson shows is code the course runs. Lesson 2.1 shows a greeter in six languages and
// the error each returns for {}: the errors are recorded in content/samples/greeter/errors.json
// from running that very code, and here each greeter runs again and must return the recorded
// error. Lesson 1.1's first handler runs here too, and must answer what the lesson says.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyService } from '../../src/runtime/key-service.ts';
import { asLambdaShowsIt, greeterSamples, runGreeter, sampleLanguages, sampleRuntime, samplesFolder } from '../../content/samples/greeter-errors.ts';
import { orderExamples, orderHandlers, runOrders } from '../../content/samples/orders.ts';
import { deployCustomRuntime, deploySample, layerSampleFolder, layerSampleHandlers, sampleFolder, shippingCoreFiles, type SixLanguageSample } from '../../content/samples/lesson-samples.ts';
import { runtimeFor } from '../../src/grader/languages.ts';
import { runUnitTests } from '../../src/grader/unit-tests/run-unit-tests.ts';
import { findRuntime } from '../../src/runtime/runtimes/registry.ts';
import { zipFolder } from '../../src/runtime/registry/zip.ts';
import { useService } from '../support/service.ts';

const recorded = JSON.parse(readFileSync(join(samplesFolder, 'errors.json'), 'utf8'));
const lessonDir = new URL('../../content/lessons/02-handlers/', import.meta.url);
const lesson = readdirSync(lessonDir).filter((f) => f.startsWith('1-')).map((f) => readFileSync(new URL(f, lessonDir), 'utf8'))[0] ?? '';

describe('the error samples of lesson 2.1', () => {
  const service = useService();

  it('shows each language\'s greeter from the file that produced its sample, and that sample', () => {
    for (const language of sampleLanguages) {
      expect(lesson, `lesson 2.1 imports the ${language} greeter`).toMatch(new RegExp(`from '\\.\\./\\.\\./samples/greeter/${greeterSamples[language].folder}/[^']+\\?raw'`));
      expect(recorded[language], `errors.json has a sample for ${language}`).toMatchObject({ errorMessage: 'event.name must be a non-empty string' });
    }
    expect(lesson).toContain("from '../../samples/greeter/errors.json'");
  });

  it('shows the request id and /var/task as Lambda would, and only the sample\'s own frames', () => {
    const payload = JSON.stringify({
      errorType: 'InvalidName',
      requestId: 'abc-123',
      trace: ['InvalidName: x', '    at handler (file:///var/tmp/dojo-1/f00/task/index.mjs:8:11)', '    at ignition (file:///opt/bootstrap.mjs:1:1)'],
    });
    expect(asLambdaShowsIt('nodejs', payload, 'abc-123')).toEqual({
      errorType: 'InvalidName',
      requestId: '5e0c2b7a-91d4-4f6e-8a3b-2c7d9e1f4a60',
      trace: ['InvalidName: x', '    at handler (file:///var/task/index.mjs:8:11)'],
    });
  });

  for (const language of sampleLanguages) {
    it(`the ${language} greeter still fails with {} exactly as the lesson shows`, async (context) => {
      const runtime = await sampleRuntime(language);
      if (!runtime) return context.skip();
      const { functionError, error } = await runGreeter(service(), language, runtime);
      expect(functionError).toBe('Unhandled');
      expect(error, 'run `node content/samples/generate-greeter-errors.ts` if the runtime changed on purpose').toEqual(recorded[language]);
    }, 300_000);
  }
});

describe('the first handler of lesson 1.1', () => {
  const service = useService();
  const page = readFileSync(new URL('../../content/lessons/01-functions/1-functions-and-invocation.mdx', import.meta.url), 'utf8');

  it('is shown from the files the test runs, with the handler string that runs them, and the lesson says what it answers', () => {
    for (const language of sampleLanguages) {
      expect(page).toMatch(new RegExp(`from '\\.\\./\\.\\./samples/orders/${language}/[^']+\\?raw'`));
      if (language !== 'go') expect(page).toContain(`(handler: ${orderHandlers[language]})`);
    }
    expect(page).toContain('Invoked with `{"drink": "tea"}` it answers `{"order": "One tea, coming up"}`, and with `{}`\nit answers with coffee.');
  });

  for (const language of sampleLanguages) {
    it(`the ${language} handler answers and logs as the lesson says`, async (context) => {
      const runtime = await sampleRuntime(language);
      if (!runtime) return context.skip();
      const results = await runOrders(service(), language, runtime);
      results.forEach((result, i) => {
        expect(result.answer).toEqual(orderExamples[i]!.answer);
        expect(result.log).toContain(orderExamples[i]!.logs);
      });
    }, 300_000);
  }
});

describe('the other samples lessons show, run as shown', () => {
  const service = useService();
  const lessonText = (path: string) => readFileSync(new URL(`../../content/lessons/${path}`, import.meta.url), 'utf8');
  const shownFrom = (page: string, sample: SixLanguageSample | 'custom-runtime') =>
    expect(lessonText(page), `${page} shows ${sample} from content/samples`).toMatch(new RegExp(`from '\\.\\./\\.\\./samples/${sample}/[^']+\\?raw'`));

  it('are imported by the lessons that show them', () => {
    shownFrom('01-functions/2-execution-environment.mdx', 'counter');
    shownFrom('01-functions/2-execution-environment.mdx', 'time-left');
    shownFrom('02-handlers/2-context.mdx', 'request-id-log');
    shownFrom('02-handlers/3-custom-runtimes.mdx', 'custom-runtime');
  });

  for (const language of sampleLanguages) {
    it(`${language}: the counter counts 1, 2, 3 in one warm environment, as lesson 1.2 says`, async (context) => {
      const runtime = await sampleRuntime(language);
      if (!runtime) return context.skip();
      const name = await deploySample(service(), 'counter', language, runtime);
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(JSON.parse((await service().invoke({ FunctionName: name, Payload: {} })).Payload.toString()));
      expect(answers.map((a) => a.invocations)).toEqual([1, 2, 3]);
      expect(new Set(answers.map((a) => a.startedAt)).size).toBe(1);
    }, 300_000);

    it(`${language}: the time-left loop processes the items and answers with its request id`, async (context) => {
      const runtime = await sampleRuntime(language);
      if (!runtime) return context.skip();
      const name = await deploySample(service(), 'time-left', language, runtime);
      const result = await service().invoke({ FunctionName: name, Payload: { items: ['a', 'b', 'c'] }, LogType: 'Tail' });
      expect(JSON.parse(result.Payload.toString())).toEqual({ processed: 3, requestId: result.RequestId });
      expect(Buffer.from(result.LogResult ?? '', 'base64').toString('utf8')).toContain(`${name} processed 3 items`);
    }, 300_000);

    it(`${language}: the log line of lesson 2.2 is one JSON object carrying the request id`, async (context) => {
      const runtime = await sampleRuntime(language);
      if (!runtime) return context.skip();
      const name = await deploySample(service(), 'request-id-log', language, runtime);
      const result = await service().invoke({ FunctionName: name, Payload: {}, LogType: 'Tail' });
      expect(JSON.parse(result.Payload.toString())).toEqual({ ok: true });
      const lines = Buffer.from(result.LogResult ?? '', 'base64').toString('utf8').split('\n');
      const json = lines.map((line) => line.slice(line.indexOf('{'))).filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
      expect(json).toContainEqual({ level: 'info', requestId: result.RequestId, message: 'order received' });
    }, 300_000);
  }

  it('the custom runtime of lesson 2.3 answers, reports a function error, and refuses a handler it does not have at init', async (context) => {
    if (!(await sampleRuntime('python'))) return context.skip();
    const greet = await deployCustomRuntime(service(), 'greet');
    expect(JSON.parse((await service().invoke({ FunctionName: greet, Payload: { name: 'Ada' } })).Payload.toString())).toEqual({ greeting: 'Hello, Ada!' });
    const failed = await service().invoke({ FunctionName: greet, Payload: {} });
    expect(failed.FunctionError).toBe('Unhandled');
    expect(JSON.parse(failed.Payload.toString())).toMatchObject({ errorType: 'KeyError' });
    const missing = await deployCustomRuntime(service(), 'nope');
    const refused = await service().invoke({ FunctionName: missing, Payload: {} });
    expect(refused.FunctionError).toBe('Unhandled');
    expect(JSON.parse(refused.Payload.toString())).toMatchObject({ errorType: 'Runtime.HandlerNotFound' });
  }, 120_000);
});

describe('the samples of lesson 4, run as shown', () => {
  const keyHome = mkdtempSync(join(tmpdir(), 'dojo-lesson-kms-'));
  afterAll(() => rmSync(keyHome, { recursive: true, force: true }));
  const keyFile = join(keyHome, 'kms-key');
  const service = useService({ keyFile });
  const page = (path: string) => readFileSync(new URL(`../../content/lessons/04-configuration/${path}`, import.meta.url), 'utf8');

  it('are imported by the lesson pages that show them', () => {
    for (const [file, sample] of [['1-environment-variables.mdx', 'config'], ['1-environment-variables.mdx', 'kms-here'], ['2-versions-and-aliases.mdx', 'who-am-i']] as const) {
      expect(page(file)).toMatch(new RegExp(`from '\\.\\./\\.\\./samples/${sample}/[^']+\\?raw'`));
    }
  });

  for (const language of sampleLanguages) {
    it(`${language}: reads its settings at Init, and fails there, naming TABLE_NAME, without it`, async (context) => {
      const runtime = await sampleRuntime(language);
      if (!runtime) return context.skip();
      const configured = await deploySample(service(), 'config', language, runtime, { Environment: { Variables: { TABLE_NAME: 'orders-prod', GREETING: 'Hi' } } });
      expect(JSON.parse((await service().invoke({ FunctionName: configured, Payload: { name: 'Ada' } })).Payload.toString())).toEqual({ table: 'orders-prod', message: 'Hi, Ada!' });
      expect(JSON.parse((await service().invoke({ FunctionName: configured, Payload: {} })).Payload.toString())).toEqual({ table: 'orders-prod', message: 'Hi, world!' });
      const bare = await deploySample(service(), 'config', language, runtime);
      const failed = await service().invoke({ FunctionName: bare, Payload: {} });
      expect(failed.FunctionError).toBe('Unhandled');
      expect(`${failed.Payload.toString()}\n${failed.Logs.join('\n')}`).toContain('Missing environment variable TABLE_NAME');
    }, 300_000);

    it(`${language}: decrypts the secret at Init (the SDK, or the course's helper where no SDK can be had)`, async (context) => {
      const runtime = await sampleRuntime(language);
      if (!runtime) return context.skip();
      const API_KEY = new KeyService(keyFile).encrypt('my-api-key');
      const name = await deploySample(service(), 'kms-here', language, runtime, { Environment: { Variables: { API_KEY } } });
      const result = await service().invoke({ FunctionName: name, Payload: {} });
      expect(result.FunctionError, result.Payload.toString()).toBeUndefined();
      expect(JSON.parse(result.Payload.toString())).toEqual({ keyLength: 'my-api-key'.length });
    }, 300_000);

    it(`${language}: reports the version that ran and the ARN it was invoked as`, async (context) => {
      const runtime = await sampleRuntime(language);
      if (!runtime) return context.skip();
      const name = await deploySample(service(), 'who-am-i', language, runtime);
      const latest = JSON.parse((await service().invoke({ FunctionName: name, Payload: {} })).Payload.toString());
      expect(latest.version).toBe('$LATEST');
      expect(latest.invokedAs).toMatch(new RegExp(`:function:${name}$`));
      const published = await service().publishVersion(name);
      service().createAlias(name, { Name: 'live', FunctionVersion: published.Version });
      const live = JSON.parse((await service().invoke({ FunctionName: name, Qualifier: 'live', Payload: {} })).Payload.toString());
      expect(live).toEqual({ version: published.Version, invokedAs: expect.stringMatching(new RegExp(`:function:${name}:live$`)) });
    }, 300_000);
  }
});

describe('the layer samples of lesson 3, run as shown', () => {
  const service = useService();
  const work = mkdtempSync(join(tmpdir(), 'dojo-lesson-layers-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const lesson = readFileSync(new URL('../../content/lessons/03-layers.mdx', import.meta.url), 'utf8');

  /** The layer folder as it is uploaded: Java's library source built into java/lib/greeting.jar, as the lesson's build step does. */
  async function layerContent(language: (typeof sampleLanguages)[number]): Promise<string> {
    const source = layerSampleFolder(language, 'layer');
    if (language !== 'java') return source;
    const javac = (await findRuntime('java17')?.detect())?.tools?.javac ?? 'javac';
    const classes = join(work, 'classes');
    execFileSync(javac, ['-d', classes, join(source, 'java/jar-src/greeting/shared/Greeting.java')]);
    const layer = join(work, 'java-layer');
    mkdirSync(join(layer, 'java/lib'), { recursive: true });
    writeFileSync(join(layer, 'java/lib/greeting.jar'), zipFolder(classes));
    return layer;
  }

  it('shows each language\'s layer and function from content/samples', () => {
    for (const language of sampleLanguages) {
      expect(lesson).toMatch(new RegExp(`from '\\.\\./samples/layers/${language}/layer/[^']+\\?raw'`));
      expect(lesson).toMatch(new RegExp(`from '\\.\\./samples/layers/${language}/function/[^']+\\?raw'`));
    }
  });

  for (const language of sampleLanguages) {
    it(`${language}: the function greets through the layer it is given`, async (context) => {
      const runtime = await sampleRuntime(language);
      if (!runtime) return context.skip();
      const layer = service().publishLayerVersion({ LayerName: `lesson-greeting-${language}`, Content: { Directory: await layerContent(language) } });
      const code = join(work, `function-${language}`);
      cpSync(layerSampleFolder(language, 'function'), code, { recursive: true });
      const FunctionName = `lesson-layers-${language}`;
      await service().createFunction({ FunctionName, Runtime: runtime, Handler: layerSampleHandlers[language], Code: { Directory: code }, Layers: [layer.LayerVersionArn] });
      const ada = await service().invoke({ FunctionName, Payload: { name: 'Ada' } });
      expect(ada.FunctionError, ada.Payload.toString()).toBeUndefined();
      expect(JSON.parse(ada.Payload.toString())).toEqual({ message: 'Hello, Ada!' });
      expect(JSON.parse((await service().invoke({ FunctionName, Payload: {} })).Payload.toString())).toEqual({ message: 'Hello, world!' });
      // A name with a space stays one name, also where it is passed to a program in bin/.
      expect(JSON.parse((await service().invoke({ FunctionName, Payload: { name: 'Ada Lovelace' } })).Payload.toString())).toEqual({ message: 'Hello, Ada Lovelace!' });
    }, 300_000);
  }
});

describe('the shipping sample of lesson 7.1, run as shown', () => {
  const service = useService();

  it('is imported by the lesson page that shows it', () => {
    const page = readFileSync(new URL('../../content/lessons/07-best-practices/1-function-code.mdx', import.meta.url), 'utf8');
    for (const language of sampleLanguages) {
      for (const file of [...shippingCoreFiles[language].core, ...shippingCoreFiles[language].tests]) expect(page, `${language} ${file}`).toContain(`samples/shipping/${language}/${file}?raw'`);
    }
  });

  for (const language of sampleLanguages) {
    it(`${language}: the handler answers through the core, and the core's own tests pass with no handler and no Lambda library beside them`, async (context) => {
      const runtime = await sampleRuntime(language);
      const { toolchain } = await runtimeFor(language);
      if (!runtime || !toolchain) return context.skip();
      const name = await deploySample(service(), 'shipping', language, runtime);
      const result = await service().invoke({ FunctionName: name, Payload: { weightGrams: 1250, express: true } });
      expect(JSON.parse(result.Payload.toString())).toEqual({ shippingCents: 1052 });
      const tests = await runUnitTests(language, toolchain, sampleFolder('shipping', language), shippingCoreFiles[language]);
      expect(tests, tests.output).toMatchObject({ ran: 2, failed: 0, passed: true });
    }, 300_000);
  }
});
