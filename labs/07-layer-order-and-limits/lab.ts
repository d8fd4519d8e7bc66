import { fail, pass, payloadOf, sameJson, shown } from '../../src/grader/check-helpers.ts';
import { defineLab } from '../../src/grader/lab-types.ts';
import type { TargetInvocation } from '../../src/grader/target.ts';

/** dojo-format 2.0.1, the hotfix, writes currency codes in capitals; the base layer's 2.0.0 keeps them as sent. */
const event = { cents: 1205, currency: 'eur' };
const hotfixed = { price: '12.05 EUR', formatVersion: '2.0.1' };
/** The helper each of the other layers provides, and its version. */
const helpers = { currency: '1.1.0', text: '1.2.0', slug: '0.9.0', time: '3.1.0', ids: '1.0.0' };

interface Answer {
  price?: unknown;
  formatVersion?: unknown;
  helpers?: unknown;
}

const answerOf = (invocation: TargetInvocation) => (payloadOf(invocation) ?? {}) as Answer;

export default defineLab({
  number: 7,
  title: 'Layer order and limits',
  lesson: 3,
  summary: 'Order two layers that hold the same file so the hotfix wins, and fit six layers into Lambda\'s limit of five.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'function.json', python: 'function.json', ruby: 'function.json', go: 'function.json', java: 'function.json', dotnet: 'function.json' },
  function: {
    handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' },
    codeDirectory: 'function',
    timeout: 5,
  },
  starterFails: { refusedWith: 'InvalidParameterValueException', explainedBy: 'keeps every shared helper' },
  checks: [
    {
      name: 'sees the hotfix',
      description: 'Invoked with {"cents": 1205, "currency": "eur"}, the function answers {"price": "12.05 EUR", "formatVersion": "2.0.1", ...}: the hotfix layer\'s dojo-format, not the base layer\'s 2.0.0.',
      hints: {
        concept: 'Lambda extracts a function\'s layers into /opt one after the other, and a file from a later layer replaces the same file from an earlier one: the hotfix must come after the layer it fixes. Lesson 3, Layers: layers are extracted into /opt, in order.',
        api: 'The order of the "Layers" list in function.json is the order of extraction.',
        code: 'In function.json: "Layers": ["layers/format", "layers/format-hotfix", ...]',
      },
      run: async ({ target }) => {
        const invocation = await target.invoke({ payload: event });
        if (invocation.functionError) return fail('The function failed', hotfixed, shown(invocation));
        const { price, formatVersion } = answerOf(invocation);
        if (price === hotfixed.price && formatVersion === hotfixed.formatVersion) return pass();
        const message =
          formatVersion === '2.0.0'
            ? 'The function sees the base layer\'s dojo-format 2.0.0: the base layer was extracted after the hotfix and replaced its file'
            : 'The function did not answer with the hotfix\'s dojo-format 2.0.1';
        return fail(message, hotfixed, { price, formatVersion });
      },
    },
    {
      name: 'keeps every shared helper',
      description: `The response's helpers lists every other shared helper with its version, ${JSON.stringify(helpers)}: merging layers must not lose one.`,
      hints: {
        concept: 'A function may use five layers at most. Merge two of the small layers into one rather than leaving a helper out. Lesson 3, Layers: the rules.',
        api: {
          nodejs: 'Move layers/slug/nodejs/node_modules/dojo-slug into layers/text/nodejs/node_modules/, then drop "layers/slug" from function.json.',
          python: 'Move layers/slug/python/dojo_slug.py into layers/text/python/, then drop "layers/slug" from function.json.',
          ruby: 'Move the files of layers/slug/ruby/lib/ into layers/text/ruby/lib/, then drop "layers/slug" from function.json.',
          java: 'Move layers/slug/java/jar-src/dojo-slug into layers/text/java/jar-src/, then drop "layers/slug" from function.json.',
          dotnet: 'Move the files of layers/slug/bin/ into layers/text/bin/, then drop "layers/slug" from function.json.',
          go: 'Move the files of layers/slug/bin/ into layers/text/bin/, then drop "layers/slug" from function.json.',
        },
        code: 'In function.json: {"Layers": ["layers/format", "layers/format-hotfix", "layers/text", "layers/time", "layers/ids"]}',
      },
      run: async ({ target }) => {
        const invocation = await target.invoke({ payload: event });
        if (invocation.functionError) return fail('The function failed', { helpers }, shown(invocation));
        const actual = answerOf(invocation).helpers;
        return sameJson(actual, helpers) ? pass() : fail('The helpers the function found are not the ones the layers hold', { helpers }, { helpers: actual });
      },
    },
  ],
});
