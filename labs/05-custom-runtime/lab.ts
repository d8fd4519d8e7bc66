import { fail, pass, payloadOf, shown } from '../../src/grader/check-helpers.ts';
import { defineLab } from '../../src/grader/lab-types.ts';
import type { LambdaTarget, TargetInvocation } from '../../src/grader/target.ts';

const lessonSection = 'Lesson 2, Handlers: Custom runtimes and the Runtime API.';

/** The error type the README asks the bootstrap to report when the handler fails. */
const handlerErrorType = 'HandlerError';
/** What function.sh prints when the event asks it to fail. */
const handlerFailure = 'Failing on purpose';

interface Greeting {
  message?: unknown;
  requestId?: unknown;
}

const errorOf = (invocation: TargetInvocation) => (payloadOf(invocation) ?? {}) as { errorType?: unknown; errorMessage?: unknown };

/**
 * Why an invocation did not come back with the function's answer, in Runtime API terms, or
 * undefined when it did. A timeout almost always means nothing was posted for the request id.
 */
function noAnswer(invocation: TargetInvocation, event: unknown): { message: string; actual: unknown } | undefined {
  if (!invocation.functionError) return undefined;
  const { errorType } = errorOf(invocation);
  const sent = `For the event ${JSON.stringify(event)}`;
  if (errorType === 'Sandbox.Timedout') {
    return {
      message: `${sent} the invocation timed out: the runtime never posted an answer. Read the request id from the Lambda-Runtime-Aws-Request-Id header of /next and POST the handler's output to /runtime/invocation/<that id>/response`,
      actual: shown(invocation),
    };
  }
  if (errorType === 'Runtime.ExitError') {
    const skipped = String(errorOf(invocation).errorMessage ?? '').includes('next event without posting');
    return {
      message: skipped
        ? `${sent} the bootstrap asked /next for another event without answering this one: POST the handler's output to /runtime/invocation/<request id>/response (or the error to .../error) first`
        : `${sent} the bootstrap exited before answering: it should post an answer for every event and keep running`,
      actual: shown(invocation),
    };
  }
  return { message: `${sent} the invocation failed instead of returning the handler's output`, actual: shown(invocation) };
}

/** Passes when the invocation returned the greeting function.sh prints for `name`. */
function expectGreeting(invocation: TargetInvocation, event: unknown, name: string, why: string) {
  const expected = { message: `Hello, ${name}!`, requestId: '(the request id)' };
  const problem = noAnswer(invocation, event);
  if (problem) return fail(problem.message, expected, problem.actual);
  const greeting = payloadOf(invocation) as Greeting | undefined;
  if (greeting?.message !== expected.message) return fail(`For the event ${JSON.stringify(event)} ${why}`, expected, payloadOf(invocation) ?? invocation.payload);
  return pass();
}

/** Starts from a fresh execution environment: Lambda replaces warm ones after a configuration update. */
async function freshEnvironment(target: LambdaTarget) {
  const { memorySize } = await target.configuration();
  await target.updateConfiguration({ memorySize });
}

const reportLine = (invocation: TargetInvocation) => invocation.logs.find((l) => l.startsWith('REPORT ')) ?? invocation.logs.at(-1);

export default defineLab({
  number: 5,
  title: 'Custom runtime',
  lesson: 2,
  summary: 'Write the bootstrap of a custom runtime in shell: fetch each event from the Runtime API, run a shell function on it, and post its answer or its error.',
  languages: ['provided'],
  entryFile: { provided: 'bootstrap' },
  // For provided.al2023 the handler string means whatever the bootstrap decides: here, file.function.
  function: { handler: { provided: 'function.handler' }, timeout: 3 },
  starterFails: ['answers an invocation', 'passes the event to the handler', 'gives the handler the request id', 'serves invocation after invocation', 'reports a function error', 'keeps serving after an error'],
  checks: [
    {
      name: 'answers an invocation',
      description: 'Invoked with {}, the function answers with what the handler printed: {"message": "Hello, world!", ...}, posted to /runtime/invocation/<request id>/response.',
      hints: {
        concept: `A runtime asks the Runtime API for the next event, runs the handler on it, and posts the handler's output back, naming the invocation by its request id. ${lessonSection}`,
        api: 'GET http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation/next gives the event; its Lambda-Runtime-Aws-Request-Id header names the invocation; POST the output to .../runtime/invocation/<request id>/response.',
        code: 'OUTPUT=$("$FUNCTION" "$EVENT" "$REQUEST_ID")\nprintf \'%s\' "$OUTPUT" | curl -sS -o /dev/null -X POST --data-binary @- "$API/invocation/$REQUEST_ID/response"\n(-o /dev/null keeps curl\'s own output out of the log; --data-binary @- reads the body from standard input.)',
      },
      run: async ({ target }) => {
        const event = {};
        return expectGreeting(await target.invoke({ payload: event }), event, 'world', 'the response should be what the handler printed');
      },
    },
    {
      name: 'passes the event to the handler',
      description: 'Invoked with {"name": "Ada"}, the function answers {"message": "Hello, Ada!", ...}: the bootstrap hands the body of /next to the handler as its first argument.',
      hints: {
        concept: `The body of the /next answer is the event: the bootstrap hands it to the handler. ${lessonSection}`,
        api: "Capture curl's output in a variable with $(...), and pass it to the shell function as its first argument.",
        code: 'EVENT=$(curl -sS -f -D "$HEADERS" "$API/invocation/next")\nOUTPUT=$("$FUNCTION" "$EVENT" "$REQUEST_ID")',
      },
      run: async ({ target }) => {
        const event = { name: 'Ada' };
        return expectGreeting(await target.invoke({ payload: event }), event, 'Ada', 'the handler should greet Ada: did it get the event?');
      },
    },
    {
      name: 'gives the handler the request id',
      description: "Invoked with {\"name\": \"Ada\"}, the requestId in the handler's output is the invocation's own request id, the one on its START and REPORT lines.",
      hints: {
        concept: `The request id arrives as a header of the /next answer, not in the event: read it there, use it in the /response path and give it to the handler. ${lessonSection}`,
        api: 'curl -D FILE saves the response headers; grep -i the Lambda-Runtime-Aws-Request-Id line, then strip the name and the trailing \\r.',
        code: 'REQUEST_ID=$(grep -i \'^Lambda-Runtime-Aws-Request-Id:\' "$HEADERS" | sed \'s/^[^:]*:[[:space:]]*//\' | tr -d \'\\r\')\nOUTPUT=$("$FUNCTION" "$EVENT" "$REQUEST_ID")',
      },
      run: async ({ target }) => {
        const event = { name: 'Ada' };
        const invocation = await target.invoke({ payload: event });
        const problem = noAnswer(invocation, event);
        const expected = { requestId: invocation.report?.requestId ?? '(the id on the REPORT line)' };
        if (problem) return fail(problem.message, expected, problem.actual);
        const said = (payloadOf(invocation) as Greeting | undefined)?.requestId;
        if (said !== invocation.report?.requestId) {
          return fail("The requestId in the handler's output is not the invocation's request id", expected, { requestId: said ?? null, response: payloadOf(invocation) ?? invocation.payload });
        }
        return pass();
      },
    },
    {
      name: 'serves invocation after invocation',
      description: 'Invoked three times in a fresh environment, the function answers each one, and only the first REPORT line has an Init Duration: one bootstrap process serves them all, in a loop.',
      hints: {
        concept: `A runtime is a loop: after posting an answer, it asks for the next event and waits. Lambda keeps the same process (a warm environment) and freezes it while it waits; if the bootstrap exits, the next invocation needs a cold start. ${lessonSection}`,
        api: 'A while true; do ... done loop around GET /next, the handler and the POST.',
        code: 'while true; do\n  EVENT=$(curl -sS -f -D "$HEADERS" "$API/invocation/next") || exit 1\n  REQUEST_ID=...\n  ... run the handler and post its answer ...\ndone',
      },
      run: async ({ target }) => {
        await freshEnvironment(target);
        const names = ['Ada', 'Grace', 'Edsger'];
        for (const [index, name] of names.entries()) {
          const event = { name };
          const invocation = await target.invoke({ payload: event });
          const answer = expectGreeting(invocation, event, name, 'the handler should greet ' + name);
          if (answer.status === 'failed') return answer;
          const cold = invocation.report?.initDurationMs !== undefined;
          if (index > 0 && cold) {
            return fail(
              `Invocation ${index + 1} of ${names.length} needed a new execution environment (its REPORT line has an Init Duration): the bootstrap stopped after answering instead of asking /next for another event`,
              'REPORT without Init Duration (warm)',
              reportLine(invocation),
            );
          }
        }
        return pass();
      },
    },
    {
      name: 'reports a function error',
      description: `Invoked with {"fail": true}, the handler fails; the invocation comes back as Unhandled with errorType "${handlerErrorType}" and, as errorMessage, what the handler printed.`,
      hints: {
        concept: `A handler that fails is reported to a different path than an answer, with an error type, so that the caller sees a function error rather than a success. ${lessonSection}`,
        api: `POST {"errorType": "${handlerErrorType}", "errorMessage": "<its output>", "stackTrace": []} to /runtime/invocation/<request id>/error, with the header Lambda-Runtime-Function-Error-Type: ${handlerErrorType}. Escape \\ and " in the message (sed) so that the body stays valid JSON.`,
        code: `if OUTPUT=$("$FUNCTION" "$EVENT" "$REQUEST_ID"); then\n  printf '%s' "$OUTPUT" | curl -sS -o /dev/null -X POST --data-binary @- "$API/invocation/$REQUEST_ID/response"\nelse\n  MESSAGE=$(printf '%s' "$OUTPUT" | sed 's/\\\\/\\\\\\\\/g; s/"/\\\\"/g')\n  printf '{"errorType": "${handlerErrorType}", "errorMessage": "%s", "stackTrace": []}' "$MESSAGE" |\n    curl -sS -o /dev/null -X POST -H 'Lambda-Runtime-Function-Error-Type: ${handlerErrorType}' --data-binary @- "$API/invocation/$REQUEST_ID/error"\nfi`,
      },
      run: async ({ target }) => {
        const event = { fail: true };
        const expected = { functionError: 'Unhandled', errorType: handlerErrorType, errorMessage: `${handlerFailure}: the event asked for it` };
        const invocation = await target.invoke({ payload: event });
        if (!invocation.functionError) {
          return fail('The handler failed, but the invocation came back as a success: post failures to /runtime/invocation/<request id>/error, not /response', expected, shown(invocation));
        }
        const error = errorOf(invocation);
        const actual = { functionError: invocation.functionError, errorType: error.errorType, errorMessage: error.errorMessage };
        if (error.errorType === 'Sandbox.Timedout' || error.errorType === 'Runtime.ExitError') return fail(noAnswer(invocation, event)!.message, expected, actual);
        if (payloadOf(invocation) === undefined) return fail('The error body is not valid JSON', expected, invocation.payload);
        if (error.errorType !== handlerErrorType) return fail(`The errorType should be ${handlerErrorType}`, expected, actual);
        if (typeof error.errorMessage !== 'string' || !error.errorMessage.includes(handlerFailure)) {
          return fail('The errorMessage should be what the handler printed', expected, actual);
        }
        return pass();
      },
    },
    {
      name: 'keeps serving after an error',
      description: 'Invoked with {"fail": true} and then with {"name": "Ada"}, the second invocation is answered by the same, warm environment: a failing handler does not end the loop.',
      hints: {
        concept: `A function error ends the invocation, not the runtime: after posting to /error, go back to /next. ${lessonSection}`,
        api: 'set -e ends the script when the handler returns a non-zero status; a command tested by if does not.',
        code: 'if OUTPUT=$("$FUNCTION" "$EVENT" "$REQUEST_ID"); then\n  ... post to /response ...\nelse\n  ... post to /error ...\nfi\n# and the loop goes on to the next event',
      },
      run: async ({ target }) => {
        const failing = { fail: true };
        const failed = await target.invoke({ payload: failing });
        const { errorType } = errorOf(failed);
        if (errorType === 'Sandbox.Timedout' || errorType === 'Runtime.ExitError') {
          return fail(noAnswer(failed, failing)!.message, { functionError: 'Unhandled', errorType: handlerErrorType }, shown(failed));
        }
        if (!failed.functionError) {
          return fail(
            'The event {"fail": true} came back as a success, so there was no error to survive: post failures to /runtime/invocation/<request id>/error first (see "reports a function error")',
            { functionError: 'Unhandled', errorType: handlerErrorType },
            shown(failed),
          );
        }
        const event = { name: 'Ada' };
        const invocation = await target.invoke({ payload: event });
        const answer = expectGreeting(invocation, event, 'Ada', 'the handler should greet Ada');
        if (answer.status === 'failed') return answer;
        if (invocation.report?.initDurationMs !== undefined) {
          return fail(
            'After the failed invocation, the next one needed a new execution environment (its REPORT line has an Init Duration): the bootstrap stopped after the failed invocation instead of going back to /next',
            'REPORT without Init Duration (warm)',
            reportLine(invocation),
          );
        }
        return pass();
      },
    },
  ],
});
