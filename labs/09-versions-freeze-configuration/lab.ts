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
  starterFails: ['a published version keeps its configuration', 'reports the alias it was called through', 'follows an alias that moves', 'a weighted alias runs both versions'],
  checks: [
    {
      name: 'a published version keeps its configuration',
      description: `Version A is published with GREETING=${firstGreeting}, then $LATEST is changed to GREETING=${secondGreeting} and version B is published. Invoked by its number, version A still answers ${firstGreeting} and reports its own number as its version, with no alias.`,
      hints: {
        concept: 'A published version is a snapshot of the code and the configuration; changing $LATEST afterwards does not touch it. Report the version Lambda says is running, not a constant; invoked by a version number, there is no alias. Lesson 4, Versions and aliases.',
        api: {
          nodejs: 'context.functionVersion',
          python: 'context.function_version',
          ruby: 'context.function_version',
          java: 'context.getFunctionVersion()',
          dotnet: 'context.FunctionVersion',
          go: 'lambdacontext.FunctionVersion (a package variable)',
        },
        code: {
          nodejs: 'return { version: context.functionVersion, alias: null, greeting: process.env.GREETING };',
          python: 'return {"version": context.function_version, "alias": None, "greeting": os.environ.get("GREETING")}',
          ruby: "{ version: context.function_version, alias: nil, greeting: ENV['GREETING'] }",
          java: 'response.put("version", context.getFunctionVersion());\nresponse.put("alias", null);\nresponse.put("greeting", System.getenv("GREETING"));',
          dotnet: 'return new Response { Version = context.FunctionVersion, Alias = null, Greeting = Environment.GetEnvironmentVariable("GREETING") };',
          go: 'return Response{Version: lambdacontext.FunctionVersion, Greeting: os.Getenv("GREETING")}, nil\n// with Alias string `json:"alias,omitempty"`, an empty alias is left out',
        },
      },
      run: async ({ target }) => {
        const { first } = await publishTwoVersions(target);
        return expectAnswer(target, first, { version: first, alias: null, greeting: firstGreeting }, `Invoked as version ${first}`);
      },
    },
    {
      name: '$LATEST runs the current configuration',
      description: `With $LATEST changed to GREETING=${secondGreeting}, invoking the qualifier $LATEST answers ${secondGreeting}, reports the version $LATEST, and no alias.`,
      hints: {
        concept: '$LATEST is the one version you can change: it always runs the current code and configuration. Its version is the text "$LATEST", and $LATEST is a version, not an alias. Lesson 4, Versions and aliases.',
        api: {
          nodejs: 'context.functionVersion is "$LATEST"; process.env.GREETING (once, at init, is enough: a new configuration starts new execution environments)',
          python: 'context.function_version is "$LATEST"; os.environ.get("GREETING") (once, at init, is enough: a new configuration starts new execution environments)',
          ruby: "context.function_version is \"$LATEST\"; ENV['GREETING'] (once, at init, is enough: a new configuration starts new execution environments)",
          java: 'context.getFunctionVersion() is "$LATEST"; System.getenv("GREETING") (once, in a static field, is enough: a new configuration starts new execution environments)',
          dotnet: 'context.FunctionVersion is "$LATEST"; Environment.GetEnvironmentVariable("GREETING") (once, in a static field, is enough: a new configuration starts new execution environments)',
          go: 'lambdacontext.FunctionVersion is "$LATEST"; os.Getenv("GREETING") (once, at init, is enough: a new configuration starts new execution environments)',
        },
        code: {
          nodejs: 'const greeting = process.env.GREETING;',
          python: 'GREETING = os.environ.get("GREETING")',
          ruby: "GREETING = ENV['GREETING']",
          java: 'private static final String GREETING = System.getenv("GREETING");',
          dotnet: 'private static readonly string Greeting = Environment.GetEnvironmentVariable("GREETING");',
          go: 'var greeting = os.Getenv("GREETING")',
        },
      },
      run: async ({ target }) => {
        await setGreeting(target, secondGreeting);
        return expectAnswer(target, '$LATEST', { version: '$LATEST', alias: null, greeting: secondGreeting }, 'Invoked as $LATEST');
      },
    },
    {
      name: 'reports the alias it was called through',
      description: `With the alias ${aliasName} pointing at version A (GREETING=${firstGreeting}), invoking ${aliasName} reports the alias ${aliasName}, the version A and the greeting ${firstGreeting}.`,
      hints: {
        concept: `The alias is in neither the event nor the version: it is the qualifier at the end of the ARN the caller used. arn:aws:lambda:region:account:function:name:${aliasName} has 8 parts separated by ":"; the 8th is the qualifier. A number or $LATEST there is a version, anything else an alias. Lesson 4, Versions and aliases.`,
        api: {
          nodejs: 'context.invokedFunctionArn, and split(":")',
          python: 'context.invoked_function_arn, and split(":")',
          ruby: "context.invoked_function_arn, and split(':')",
          java: 'context.getInvokedFunctionArn(), and split(":")',
          dotnet: 'context.InvokedFunctionArn, and Split(\':\')',
          go: 'lc.InvokedFunctionArn with lc, _ := lambdacontext.FromContext(ctx), and strings.Split(arn, ":")',
        },
        code: {
          nodejs: "function aliasOf(arn) {\n  const qualifier = arn.split(':')[7];\n  if (qualifier === undefined || qualifier === '$LATEST' || /^\\d+$/.test(qualifier)) return null;\n  return qualifier;\n}",
          python: 'def alias_of(arn):\n    parts = arn.split(":")\n    if len(parts) < 8 or parts[7] == "$LATEST" or parts[7].isdigit():\n        return None\n    return parts[7]',
          ruby: "def alias_of(arn)\n  qualifier = arn.split(':')[7]\n  return nil if qualifier.nil? || qualifier == '$LATEST' || qualifier.match?(/\\A\\d+\\z/)\n  qualifier\nend",
          java: 'static String aliasOf(String arn) {\n    String[] parts = arn.split(":");\n    if (parts.length < 8) return null;\n    String qualifier = parts[7];\n    if (qualifier.equals("$LATEST") || qualifier.matches("\\\\d+")) return null;\n    return qualifier;\n}',
          dotnet: 'private static string AliasOf(string arn)\n{\n    var parts = arn.Split(\':\');\n    if (parts.Length < 8) return null;\n    var qualifier = parts[7];\n    if (qualifier == "$LATEST" || Regex.IsMatch(qualifier, "^[0-9]+$")) return null;\n    return qualifier;\n}',
          go: 'func aliasOf(arn string) string {\n\tparts := strings.Split(arn, ":")\n\tif len(parts) < 8 || parts[7] == "$LATEST" || versionNumber.MatchString(parts[7]) {\n\t\treturn ""\n\t}\n\treturn parts[7]\n}\n// var versionNumber = regexp.MustCompile(`^[0-9]+$`)',
        },
      },
      run: async ({ target }) => {
        const { first } = await publishTwoVersions(target);
        await target.putAlias({ name: aliasName, functionVersion: first });
        return expectAnswer(target, aliasName, { version: first, alias: aliasName, greeting: firstGreeting }, `Invoked through the alias ${aliasName} (pointing at version ${first})`);
      },
    },
    {
      name: 'follows an alias that moves',
      description: `The alias ${aliasName} is moved from version A to version B (GREETING=${secondGreeting}): invoking ${aliasName} now reports the alias ${aliasName}, the version B and the greeting ${secondGreeting}, with no change to the code.`,
      hints: {
        concept: `Callers keep calling ${aliasName}; moving the alias is the release (and moving it back is the rollback). The version comes from the context and the greeting from the environment, so both follow the alias with no change to the code. Lesson 4, Versions and aliases.`,
        api: {
          nodejs: 'context.functionVersion',
          python: 'context.function_version',
          ruby: 'context.function_version',
          java: 'context.getFunctionVersion()',
          dotnet: 'context.FunctionVersion',
          go: 'lambdacontext.FunctionVersion (a package variable)',
        },
        code: 'Report the version from the context and the alias from the ARN on every invocation, as in the checks before; nothing here is fixed in the code.',
      },
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
      hints: {
        concept: 'With weighted routing, one alias runs two versions, chosen per invocation: only the context knows which one is running now. Do not work the version out from the alias. Lesson 4, Versions and aliases.',
        api: {
          nodejs: 'context.functionVersion',
          python: 'context.function_version',
          ruby: 'context.function_version',
          java: 'context.getFunctionVersion()',
          dotnet: 'context.FunctionVersion',
          go: 'lambdacontext.FunctionVersion (a package variable)',
        },
        code: {
          nodejs: 'version: context.functionVersion, // read on every invocation',
          python: '"version": context.function_version,  # read on every invocation',
          ruby: 'version: context.function_version, # read on every invocation',
          java: 'response.put("version", context.getFunctionVersion()); // read on every invocation',
          dotnet: 'Version = context.FunctionVersion, // read on every invocation',
          go: 'Version: lambdacontext.FunctionVersion, // read on every invocation',
        },
      },
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
      hints: {
        concept: 'Called without a qualifier, the ARN has only 7 parts (arn:aws:lambda:region:account:function:name): report no alias, rather than failing or reporting the function name. Lesson 4, Versions and aliases.',
        api: {
          nodejs: 'arn.split(":")[7] is undefined: return null',
          python: 'len(arn.split(":")) < 8: return None',
          ruby: "arn.split(':')[7] is nil: return nil",
          java: 'arn.split(":").length < 8: return null',
          dotnet: 'arn.Split(\':\').Length < 8: return null',
          go: 'len(strings.Split(arn, ":")) < 8: return "" (left out of the JSON with omitempty)',
        },
        code: {
          nodejs: "if (qualifier === undefined) return null;",
          python: 'if len(parts) < 8:\n    return None',
          ruby: 'return nil if qualifier.nil?',
          java: 'if (parts.length < 8) return null;',
          dotnet: 'if (parts.Length < 8) return null;',
          go: 'if len(parts) < 8 {\n\treturn ""\n}',
        },
      },
      run: async ({ target }) => {
        await setGreeting(target, secondGreeting);
        return expectAnswer(target, undefined, { version: '$LATEST', alias: null, greeting: secondGreeting }, 'Invoked by its name alone');
      },
    },
  ],
});
