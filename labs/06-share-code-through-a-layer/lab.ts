import { fail, pass, payloadOf, shown } from '../../src/grader/check-helpers.ts';
import { defineLab, type Language } from '../../src/grader/lab-types.ts';
import type { TargetInvocation } from '../../src/grader/target.ts';

/** The layer's dojo-format: 2.0.0 always writes two digits of cents. The old copy wrote "12.5 EUR". */
const event = { cents: 1205, currency: 'EUR' };
const expected = { price: '12.05 EUR', formatVersion: '2.0.0' };

/** Where each runtime finds layer code under /opt (docs: packaging-layers.html, "Layer paths for each Lambda runtime"). */
const layerFolder: Record<Language, string> = {
  nodejs: '/opt/nodejs/',
  python: '/opt/python/',
  ruby: '/opt/ruby/',
  java: '/opt/java/lib/',
  go: '/opt/bin/',
  dotnet: '/opt/bin/',
  provided: '/opt/bin/',
};

interface Answer {
  price?: unknown;
  formatVersion?: unknown;
  formatPath?: unknown;
}

const answerOf = (invocation: TargetInvocation) => (payloadOf(invocation) ?? {}) as Answer;

/** Fails unless the answer is the layer's formatting; undefined when it is. */
function checkFormatting(invocation: TargetInvocation, label: string) {
  if (invocation.functionError) return fail(`${label} failed`, expected, shown(invocation));
  const { price, formatVersion } = answerOf(invocation);
  if (price === expected.price && formatVersion === expected.formatVersion) return undefined;
  const stale = formatVersion === '1.4.0' || price === '12.5 EUR';
  const message = stale
    ? `${label} formatted with the function's own old copy of dojo-format (1.4.0), which drops the zero in 12.05`
    : `${label} did not answer with dojo-format 2.0.0 from the layer`;
  return fail(message, expected, { price, formatVersion });
}

/** Fails unless formatPath lies in the runtime's layer folder under /opt; undefined when it does. */
function checkPath(invocation: TargetInvocation, language: Language, label: string) {
  const { formatPath } = answerOf(invocation);
  const folder = layerFolder[language];
  if (typeof formatPath === 'string' && formatPath.includes(folder)) return undefined;
  return fail(`${label}: dojo-format was not loaded from the layer folder ${folder}`, { formatPath: `a path containing ${folder}` }, { formatPath });
}

export default defineLab({
  number: 6,
  title: 'Share code through a layer',
  lesson: 3,
  summary: 'Take a shared helper out of the function package and use it from a layer, laid out where the runtime looks for it.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'function.json', python: 'function.json', ruby: 'function.json', go: 'function.json', java: 'function.json', dotnet: 'function.json' },
  function: {
    handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' },
    codeDirectory: 'function',
    timeout: 5,
  },
  starterFails: ['formats with the shared helper', 'loads the helper from the layer', 'finds the layer cold and warm'],
  checks: [
    {
      name: 'formats with the shared helper',
      description: 'Invoked with {"cents": 1205, "currency": "EUR"}, the function answers {"price": "12.05 EUR", "formatVersion": "2.0.0", ...}: the output of dojo-format 2.0.0, the version in the layer.',
      hints: {
        concept: 'The function still uses its own old copy of dojo-format. Take that copy out of the function package and give the function the layer instead, where the current version lives. Lesson 3, Layers: using a layer from your code.',
        api: {
          nodejs: 'Delete function/node_modules/dojo-format, and list "layers/format" in the "Layers" of function.json.',
          python: 'Delete function/dojo_format.py, and list "layers/format" in the "Layers" of function.json.',
          ruby: 'Delete function/dojo_format.rb, and list "layers/format" in the "Layers" of function.json.',
          java: 'Delete function/src/main/java/dojo/Format.java, and list "layers/format" in the "Layers" of function.json.',
          dotnet: 'List "layers/format" in the "Layers" of function.json: the function runs the dojo-format command it finds on its PATH.',
          go: 'List "layers/format" in the "Layers" of function.json: the function runs the dojo-format command it finds on its PATH.',
        },
        code: 'In function.json: {"Layers": ["layers/format"]}',
      },
      run: async ({ target }) => checkFormatting(await target.invoke({ payload: event }), 'The function') ?? pass(),
    },
    {
      name: 'loads the helper from the layer',
      description: 'The response\'s formatPath, where the function found dojo-format, is in the folder under /opt where the function\'s runtime looks for layer code.',
      hints: {
        concept: 'Lambda extracts each layer into /opt, but a runtime only looks in its own folders there: the helper must sit in that folder inside the layer. Lesson 3, Layers: where each runtime looks.',
        api: {
          nodejs: '/opt/nodejs/node_modules is on the module search path: the layer needs nodejs/node_modules/dojo-format.',
          python: '/opt/python is on sys.path: the layer needs python/dojo_format.py.',
          ruby: '/opt/ruby/lib is on the load path: the layer needs ruby/lib/dojo_format.rb.',
          java: 'The jars in /opt/java/lib are on the class path: the layer needs java/lib/<name>.jar (here built from java/jar-src/dojo-format/).',
          dotnet: '/opt/bin is on PATH: the layer needs bin/dojo-format.',
          go: '/opt/bin is on PATH: the layer needs bin/dojo-format.',
        },
        code: {
          nodejs: 'mkdir -p layers/format/nodejs && mv layers/format/node_modules layers/format/nodejs/',
          python: 'mkdir -p layers/format/python && mv layers/format/dojo_format.py layers/format/python/',
          ruby: 'mkdir -p layers/format/ruby && mv layers/format/lib layers/format/ruby/',
          java: 'mkdir -p layers/format/java && mv layers/format/jar-src layers/format/java/',
          dotnet: 'mkdir -p layers/format/bin && mv layers/format/dojo-format layers/format/bin/',
          go: 'mkdir -p layers/format/bin && mv layers/format/dojo-format layers/format/bin/',
        },
      },
      run: async ({ target, language }) => {
        const invocation = await target.invoke({ payload: event });
        if (invocation.functionError) return fail('The function failed', { formatPath: `a path containing ${layerFolder[language]}` }, shown(invocation));
        return checkPath(invocation, language, 'The function') ?? pass();
      },
    },
    {
      name: 'finds the layer cold and warm',
      description: 'In a new execution environment, the first (cold) invocation and the next (warm) one both answer with dojo-format 2.0.0 from the layer folder.',
      hints: {
        concept: 'Every new execution environment gets its own copy of the function\'s layers in /opt before init runs, and keeps it while it stays warm. If the answer changes between the two invocations, something in the function depends on more than its package and its layers. Lesson 3, Layers: what the embedded runtime does.',
        api: 'The function package (the function folder) and the layers listed in function.json: nothing else reaches a new environment.',
        code: 'Keep the helper only in the layer, in the folder your runtime searches, and list the layer in function.json; do not write files outside /tmp at run time.',
      },
      run: async ({ target, language }) => {
        // A configuration update makes Lambda start fresh environments, so the first call is cold.
        const { memorySize } = await target.configuration();
        await target.updateConfiguration({ memorySize });
        for (const label of ['The first (cold) invocation', 'The second (warm) invocation']) {
          const invocation = await target.invoke({ payload: event });
          const wrong = checkFormatting(invocation, label) ?? checkPath(invocation, language, label);
          if (wrong) return wrong;
          const cold = invocation.report?.initDurationMs !== undefined;
          if (cold !== label.includes('cold')) {
            return fail(`${label} ${cold ? 'started a new execution environment' : 'did not start a new execution environment'}`, cold ? 'a warm start' : 'a cold start', invocation.logs.at(-1));
          }
        }
        return pass();
      },
    },
  ],
});
