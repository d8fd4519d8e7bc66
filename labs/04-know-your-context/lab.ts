import { fail, functionLogs, pass, payloadOf, shown } from '../../src/grader/check-helpers.ts';
import { defineLab } from '../../src/grader/lab-types.ts';
import type { LambdaTarget, TargetInvocation } from '../../src/grader/target.ts';

interface ContextAnswer {
  requestId?: unknown;
  functionName?: unknown;
  remainingMs?: unknown;
  deadlineMs?: unknown;
}

/** The handler reads its remaining time first thing, so it may be this much below the timeout. */
const startSlackMs = 1500;
/** Clocks in the function and the grader round differently: allow this much either way. */
const clockSlackMs = 1000;

const answerOf = (invocation: TargetInvocation) => payloadOf(invocation) as ContextAnswer | undefined;

/** Invokes once, noting the grader's clock just before and after. */
async function timedInvoke(target: LambdaTarget) {
  const before = Date.now();
  const invocation = await target.invoke({ payload: { task: 'know your context' } });
  return { invocation, before, after: Date.now() };
}

/** The JSON object a log line carries, after any prefix the runtime adds (time, request id, level). */
function jsonIn(line: string): Record<string, unknown> | undefined {
  const start = line.indexOf('{');
  if (start === -1) return undefined;
  try {
    const value: unknown = JSON.parse(line.slice(start));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Fails unless remainingMs is a number just under the timeout (in seconds). */
function checkRemaining(answer: ContextAnswer | undefined, timeoutSeconds: number) {
  const limit = timeoutSeconds * 1000;
  const expected = { remainingMs: `between ${limit - startSlackMs} and ${limit} (the ${timeoutSeconds}-second timeout, minus the time already spent)` };
  const remaining = answer?.remainingMs;
  if (typeof remaining !== 'number') return fail('remainingMs should be a number of milliseconds', expected, { remainingMs: remaining });
  if (remaining > limit || remaining < limit - startSlackMs) {
    return fail(`remainingMs does not match the function's ${timeoutSeconds}-second timeout`, expected, { remainingMs: remaining });
  }
  return undefined;
}

export default defineLab({
  number: 4,
  title: 'Know your context',
  lesson: 2,
  summary: 'Use the context object: return and log the request id, return the function name, and report the remaining time and the deadline.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'index.mjs', python: 'lambda_function.py', ruby: 'lambda_function.rb', go: 'main.go', java: 'src/main/java/Handler.java', dotnet: 'Function.cs' },
  function: { handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' }, timeout: 5 },
  starterFails: ['returns its request id', 'logs its request id', 'returns its function name', 'knows its deadline', 'follows a changed timeout'],
  checks: [
    {
      name: 'returns its request id',
      description: 'The response\'s requestId is the invocation\'s own request id, the one in its START, END and REPORT lines.',
      hints: {
        concept: 'Every invocation has its own request id. It is on the context object the runtime passes beside the event, not in the event. Lesson 2, Handlers: The context object.',
        api: {
          nodejs: 'context.awsRequestId',
          python: 'context.aws_request_id',
          ruby: 'context.aws_request_id',
          java: 'context.getAwsRequestId()',
          dotnet: 'context.AwsRequestId',
          go: 'lc.AwsRequestID, with lc, _ := lambdacontext.FromContext(ctx) (package github.com/aws/aws-lambda-go/lambdacontext)',
        },
        code: {
          nodejs: 'return { requestId: context.awsRequestId, ... };',
          python: 'return {"requestId": context.aws_request_id, ...}',
          ruby: '{ requestId: context.aws_request_id, ... }',
          java: 'response.put("requestId", context.getAwsRequestId());',
          dotnet: 'return new Response { RequestId = context.AwsRequestId, ... };',
          go: 'lc, _ := lambdacontext.FromContext(ctx)\nreturn Response{RequestID: lc.AwsRequestID, ...}, nil',
        },
      },
      run: async ({ target }) => {
        const invocation = await target.invoke({ payload: {} });
        if (invocation.functionError) return fail('The function failed', { requestId: invocation.report?.requestId }, shown(invocation));
        const expected = invocation.report?.requestId;
        const actual = answerOf(invocation)?.requestId;
        return actual === expected ? pass() : fail('requestId should be the request id of this invocation', { requestId: expected }, { requestId: actual });
      },
    },
    {
      name: 'logs its request id',
      description: 'The function writes a JSON log line, such as {"requestId": "...", "message": "..."}, whose requestId field is the invocation\'s request id.',
      hints: {
        concept: 'Structured logs can be searched by field (CloudWatch Logs Insights: filter requestId = "..."). Log one JSON object per line with the request id in it, such as {"requestId": "...", "message": "..."}. Lesson 2, Handlers: The context object.',
        api: {
          nodejs: 'console.log(JSON.stringify({ ... }))',
          python: 'print(json.dumps({...}))',
          ruby: 'puts JSON.generate(...) (require "json")',
          java: 'System.out.println with the JSON text of the object (the request id is a plain string, so building it by hand is safe)',
          dotnet: 'Console.WriteLine(JsonSerializer.Serialize(...)) (System.Text.Json)',
          go: 'json.Marshal, then fmt.Println(string(line))',
        },
        code: {
          nodejs: "console.log(JSON.stringify({ requestId: context.awsRequestId, message: 'Handling a request' }));",
          python: 'print(json.dumps({"requestId": context.aws_request_id, "message": "Handling a request"}))',
          ruby: "puts JSON.generate(requestId: context.aws_request_id, message: 'Handling a request')",
          java: 'System.out.println("{\\"requestId\\": \\"" + context.getAwsRequestId() + "\\", \\"message\\": \\"Handling a request\\"}");',
          dotnet: 'Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["requestId"] = context.AwsRequestId, ["message"] = "Handling a request" }));',
          go: 'line, _ := json.Marshal(map[string]interface{}{"requestId": lc.AwsRequestID, "message": "Handling a request"})\nfmt.Println(string(line))',
        },
      },
      run: async ({ target }) => {
        const invocation = await target.invoke({ payload: {} });
        const requestId = invocation.report?.requestId;
        const expected = `a log line with the JSON object {"requestId": "${requestId}", ...}`;
        if (invocation.functionError) return fail('The function failed', expected, shown(invocation));
        const own = functionLogs(invocation);
        if (own.some((line) => jsonIn(line)?.requestId === requestId)) return pass();
        return fail('No log line is a JSON object with this invocation\'s requestId', expected, own.length > 0 ? own : invocation.logs);
      },
    },
    {
      name: 'returns its function name',
      description: 'The response\'s functionName is the name the function was deployed under.',
      hints: {
        concept: 'The context carries the function\'s own name. Do not hardcode it: the same code runs under other names (a copy per stage, say). Lesson 2, Handlers: The context object.',
        api: {
          nodejs: 'context.functionName',
          python: 'context.function_name',
          ruby: 'context.function_name',
          java: 'context.getFunctionName()',
          dotnet: 'context.FunctionName',
          go: 'lambdacontext.FunctionName (a package variable)',
        },
        code: {
          nodejs: 'functionName: context.functionName,',
          python: '"functionName": context.function_name,',
          ruby: 'functionName: context.function_name,',
          java: 'response.put("functionName", context.getFunctionName());',
          dotnet: 'FunctionName = context.FunctionName,',
          go: 'FunctionName: lambdacontext.FunctionName,',
        },
      },
      run: async ({ target, functionName }) => {
        const invocation = await target.invoke({ payload: {} });
        if (invocation.functionError) return fail('The function failed', { functionName }, shown(invocation));
        const actual = answerOf(invocation)?.functionName;
        return actual === functionName ? pass() : fail('functionName should be the deployed function\'s name', { functionName }, { functionName: actual });
      },
    },
    {
      name: 'knows its deadline',
      description:
        'The response\'s remainingMs is the time left before the configured timeout (just under it, as the handler reads it first thing), and deadlineMs is the moment of that timeout in milliseconds since 1970: the time of the call plus the timeout.',
      hints: {
        concept: 'Ask the context for the time left before the timeout; the deadline is the current time in milliseconds since 1970 plus that. Lesson 2, Handlers: The context object.',
        api: {
          nodejs: 'context.getRemainingTimeInMillis() and Date.now()',
          python: 'context.get_remaining_time_in_millis() and time.time() (seconds: multiply by 1000)',
          ruby: 'context.get_remaining_time_in_millis, and context.deadline_ms for the deadline itself',
          java: 'context.getRemainingTimeInMillis() and System.currentTimeMillis()',
          dotnet: 'context.RemainingTime (a TimeSpan) and DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()',
          go: 'ctx.Deadline() gives the deadline itself: deadline.UnixMilli(), and time.Until(deadline).Milliseconds() for the time left',
        },
        code: {
          nodejs: 'const remainingMs = context.getRemainingTimeInMillis();\nconst deadlineMs = Date.now() + remainingMs;',
          python: 'remaining_ms = context.get_remaining_time_in_millis()\ndeadline_ms = int(time.time() * 1000) + remaining_ms',
          ruby: 'remaining_ms = context.get_remaining_time_in_millis\ndeadline_ms = (Time.now.to_f * 1000).to_i + remaining_ms',
          java: 'int remainingMs = context.getRemainingTimeInMillis();\nlong deadlineMs = System.currentTimeMillis() + remainingMs;',
          dotnet: 'var remainingMs = (long)context.RemainingTime.TotalMilliseconds;\nvar deadlineMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + remainingMs;',
          go: 'deadline, _ := ctx.Deadline()\nremainingMs := time.Until(deadline).Milliseconds()\ndeadlineMs := deadline.UnixMilli()',
        },
      },
      run: async ({ target }) => {
        const { timeout } = await target.configuration();
        const { invocation, before, after } = await timedInvoke(target);
        if (invocation.functionError) return fail('The function failed', { remainingMs: timeout * 1000, deadlineMs: before + timeout * 1000 }, shown(invocation));
        const answer = answerOf(invocation);
        const remainingWrong = checkRemaining(answer, timeout);
        if (remainingWrong) return remainingWrong;
        const earliest = before + timeout * 1000 - clockSlackMs;
        const latest = after + timeout * 1000 + clockSlackMs;
        const deadline = answer?.deadlineMs;
        const expected = { deadlineMs: `between ${earliest} and ${latest} (${new Date(earliest).toISOString()} to ${new Date(latest).toISOString()})` };
        if (typeof deadline !== 'number') return fail('deadlineMs should be a number of milliseconds since 1970', expected, { deadlineMs: deadline });
        if (deadline < earliest || deadline > latest) {
          return fail(`deadlineMs should be the time of the call plus the ${timeout}-second timeout`, expected, { deadlineMs: deadline, as: new Date(deadline).toISOString() });
        }
        return pass();
      },
    },
    {
      name: 'follows a changed timeout',
      description: 'After the function\'s timeout is changed to another number of seconds, remainingMs follows it: the function reads the time left, it does not assume a timeout.',
      hints: {
        concept: 'The timeout is configuration, so it can change without a code change: always ask the context for the time left instead of using a fixed number. Lesson 2, Handlers: The context object.',
        api: {
          nodejs: 'context.getRemainingTimeInMillis(), read on every invocation',
          python: 'context.get_remaining_time_in_millis(), read on every invocation',
          ruby: 'context.get_remaining_time_in_millis, read on every invocation',
          java: 'context.getRemainingTimeInMillis(), read on every invocation',
          dotnet: 'context.RemainingTime, read on every invocation',
          go: 'ctx.Deadline(), read on every invocation',
        },
        code: {
          nodejs: 'remainingMs: context.getRemainingTimeInMillis(), // not 5000',
          python: '"remainingMs": context.get_remaining_time_in_millis(),  # not 5000',
          ruby: 'remainingMs: context.get_remaining_time_in_millis, # not 5000',
          java: 'response.put("remainingMs", context.getRemainingTimeInMillis()); // not 5000',
          dotnet: 'RemainingMs = (long)context.RemainingTime.TotalMilliseconds, // not 5000',
          go: 'RemainingMs: time.Until(deadline).Milliseconds(), // not 5000',
        },
      },
      run: async ({ target }) => {
        const { timeout } = await target.configuration();
        const changed = timeout === 8 ? 9 : 8;
        await target.updateConfiguration({ timeout: changed });
        try {
          const { invocation } = await timedInvoke(target);
          if (invocation.functionError) return fail('The function failed', { remainingMs: changed * 1000 }, shown(invocation));
          return checkRemaining(answerOf(invocation), changed) ?? pass();
        } finally {
          await target.updateConfiguration({ timeout });
        }
      },
    },
  ],
});
