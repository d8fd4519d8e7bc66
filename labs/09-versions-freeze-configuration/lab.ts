import { fail, pass, payloadOf, shown } from '../../src/grader/check-helpers.ts';
import { defineLab } from '../../src/grader/lab-types.ts';
import type { LambdaTarget, TargetInvocation } from '../../src/grader/target.ts';

/** What the function reports about itself. */
interface Answer {
  version: unknown;
  alias: unknown;
  greeting: unknown;
}

const firstGreeting = 'hello';
const secondGreeting = 'bonjour';
const aliasName = 'live';
/** Invocations of the weighted alias: at an even split, missing one version has odds of 2 in 2^40. */
const weightedCalls = 40;

/** The three fields of the answer; "no alias" may be null, left out, or (Go's zero value) "". */
function answerOf(invocation: TargetInvocation): Answer | undefined {
  const payload = payloadOf(invocation);
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  const { version, alias, greeting } = payload as Record<string, unknown>;
  return { version, alias: alias === undefined || alias === '' ? null : alias, greeting };
}

/** Sets GREETING on $LATEST, keeping the function's other variables. */
async function setGreeting(target: LambdaTarget, greeting: string): Promise<void> {
  const { environment } = await target.configuration();
  await target.updateConfiguration({ environment: { ...environment, GREETING: greeting } });
}

/**
 * Publishes $LATEST with GREETING=hello, then with GREETING=bonjour, and returns both version
 * numbers; $LATEST is left at bonjour. Each check calls it, so each check stands on its own:
 * the numbers grow from check to check, and no check assumes they are 1 and 2.
 */
async function publishTwoVersions(target: LambdaTarget): Promise<{ first: string; second: string }> {
  await setGreeting(target, firstGreeting);
  const first = await target.publishVersion(`GREETING=${firstGreeting}`);
  await setGreeting(target, secondGreeting);
  const second = await target.publishVersion(`GREETING=${secondGreeting}`);
  return { first, second };
}

/** Invokes with the qualifier (none when undefined) and compares the answer with what should have run; `called` starts the failure message. */
async function expectAnswer(target: LambdaTarget, qualifier: string | undefined, expected: Answer, called: string) {
  const invocation = await target.invoke({ payload: {}, ...(qualifier !== undefined ? { qualifier } : {}) });
  if (invocation.functionError) return fail(`${called}: the function failed`, expected, shown(invocation));
  const answer = answerOf(invocation);
  if (!answer) return fail(`${called}: the answer is not a JSON object`, expected, invocation.payload);
  const wrong = (['version', 'alias', 'greeting'] as const).filter((field) => answer[field] !== expected[field]);
  if (wrong.length === 0) return pass();
  const ran = wrong.includes('version') ? ` (Lambda ran version ${invocation.executedVersion})` : '';
  return fail(`${called}: ${wrong.join(' and ')} ${wrong.length > 1 ? 'are' : 'is'} not right${ran}`, expected, answer);
}

export default defineLab({
  number: 9,
  title: 'Versions freeze configuration',
  lesson: 4,
  summary: 'Report which version ran, which alias it was called through and the configuration it runs with, as versions are published and an alias moves and splits traffic.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'index.mjs', python: 'lambda_function.py', ruby: 'lambda_function.rb', go: 'main.go', java: 'src/main/java/Handler.java', dotnet: 'Function.cs' },
  function: {
    handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' },
    timeout: 5,
    environment: { GREETING: firstGreeting },
  },
  checks: [
    {
      name: 'a published version keeps its configuration',
      description: `Version A is published with GREETING=${firstGreeting}, then $LATEST is changed to GREETING=${secondGreeting} and version B is published. Invoked by its number, version A still answers ${firstGreeting} and reports its own number as its version, with no alias.`,
      hint: 'A published version is a snapshot of the code and the configuration; changing $LATEST afterwards does not touch it. Report the version Lambda says is running, not a constant: context.functionVersion in Node.js, context.function_version in Python and Ruby, context.getFunctionVersion() in Java, context.FunctionVersion in C#, lambdacontext.FunctionVersion in Go (all the same as the AWS_LAMBDA_FUNCTION_VERSION variable). Invoked by a version number, there is no alias. Lesson 4, Versions and aliases.',
      run: async ({ target }) => {
        const { first } = await publishTwoVersions(target);
        return expectAnswer(target, first, { version: first, alias: null, greeting: firstGreeting }, `Invoked as version ${first}`);
      },
    },
    {
      name: '$LATEST runs the current configuration',
      description: `With $LATEST changed to GREETING=${secondGreeting}, invoking the qualifier $LATEST answers ${secondGreeting}, reports the version $LATEST, and no alias.`,
      hint: '$LATEST is the one version you can change: it always runs the current code and configuration. Its version is the text "$LATEST", and $LATEST is a version, not an alias. Read GREETING from the environment (once, at init, is enough: a new configuration starts new execution environments). Lesson 4, Versions and aliases.',
      run: async ({ target }) => {
        await setGreeting(target, secondGreeting);
        return expectAnswer(target, '$LATEST', { version: '$LATEST', alias: null, greeting: secondGreeting }, 'Invoked as $LATEST');
      },
    },
    {
      name: 'reports the alias it was called through',
      description: `With the alias ${aliasName} pointing at version A (GREETING=${firstGreeting}), invoking ${aliasName} reports the alias ${aliasName}, the version A and the greeting ${firstGreeting}.`,
      hint: `The alias is not in the event nor in the version: it is the qualifier at the end of the ARN the caller used, context.invokedFunctionArn (invoked_function_arn, getInvokedFunctionArn(), InvokedFunctionArn, or InvokedFunctionArn of lambdacontext.FromContext(ctx) in Go). arn:aws:lambda:region:account:function:name:${aliasName} has 8 parts separated by ":"; the 8th is the qualifier. A number or $LATEST there is a version, anything else an alias. Lesson 4, Versions and aliases.`,
      run: async ({ target }) => {
        const { first } = await publishTwoVersions(target);
        await target.putAlias({ name: aliasName, functionVersion: first });
        return expectAnswer(target, aliasName, { version: first, alias: aliasName, greeting: firstGreeting }, `Invoked through the alias ${aliasName} (pointing at version ${first})`);
      },
    },
    {
      name: 'follows an alias that moves',
      description: `The alias ${aliasName} is moved from version A to version B (GREETING=${secondGreeting}): invoking ${aliasName} now reports the alias ${aliasName}, the version B and the greeting ${secondGreeting}, with no change to the code.`,
      hint: `Callers keep calling ${aliasName}; moving the alias is the release (and moving it back is the rollback). The version comes from the context and the greeting from the environment, so both follow the alias. Lesson 4, Versions and aliases.`,
      run: async ({ target }) => {
        const { first, second } = await publishTwoVersions(target);
        await target.putAlias({ name: aliasName, functionVersion: first });
        const before = await expectAnswer(target, aliasName, { version: first, alias: aliasName, greeting: firstGreeting }, `Invoked through the alias ${aliasName} (pointing at version ${first})`);
        if (before.status === 'failed') return before;
        await target.putAlias({ name: aliasName, functionVersion: second });
        return expectAnswer(target, aliasName, { version: second, alias: aliasName, greeting: secondGreeting }, `Invoked through the alias ${aliasName}, moved to version ${second}`);
      },
    },
    {
      name: 'a weighted alias runs both versions',
      description: `The alias ${aliasName} points at version A and sends half of its invocations to version B. Over ${weightedCalls} invocations both versions run, and every answer reports the version Lambda says it executed, the alias ${aliasName}, and that version's greeting.`,
      hint: 'With weighted routing, one alias runs two versions, chosen per invocation: only the context knows which one is running now. Report context.functionVersion (or your language\'s name for it) on every invocation; do not work it out from the alias. Lesson 4, Versions and aliases.',
      run: async ({ target }) => {
        const { first, second } = await publishTwoVersions(target);
        await target.putAlias({ name: aliasName, functionVersion: first, routing: { version: second, weight: 0.5 } });
        const greetingOf: Record<string, string> = { [first]: firstGreeting, [second]: secondGreeting };
        const seen = new Set<string>();
        for (let call = 1; call <= weightedCalls; call++) {
          const invocation = await target.invoke({ payload: {}, qualifier: aliasName });
          const executed = invocation.executedVersion;
          const expected = { version: executed, alias: aliasName, greeting: greetingOf[executed] };
          if (invocation.functionError) return fail(`Invocation ${call} of ${aliasName} failed`, expected, shown(invocation));
          const answer = answerOf(invocation);
          if (!answer || answer.version !== executed || answer.alias !== aliasName || answer.greeting !== greetingOf[executed]) {
            return fail(`Invocation ${call} of ${aliasName}: Lambda ran version ${executed}, and the answer should say so`, expected, answer ?? invocation.payload);
          }
          seen.add(executed);
        }
        if (seen.size < 2) {
          return fail(`${weightedCalls} invocations of ${aliasName} should reach both versions`, { versions: [first, second] }, { versions: [...seen] });
        }
        return pass();
      },
    },
    {
      name: 'an unqualified call has no alias',
      description: 'Invoked by its name alone, with no qualifier, the function runs $LATEST: it reports the version $LATEST and no alias (null).',
      hint: 'Called without a qualifier, the ARN has only 7 parts (arn:aws:lambda:region:account:function:name): report null for the alias, rather than failing or reporting the function name. Lesson 4, Versions and aliases.',
      run: async ({ target }) => {
        await setGreeting(target, secondGreeting);
        return expectAnswer(target, undefined, { version: '$LATEST', alias: null, greeting: secondGreeting }, 'Invoked by its name alone');
      },
    },
  ],
});
