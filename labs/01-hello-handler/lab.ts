import { fail, functionLogs, pass, payloadOf, shown } from '../../src/grader/check-helpers.ts';
import { defineLab } from '../../src/grader/lab-types.ts';
import type { TargetInvocation } from '../../src/grader/target.ts';

/** The response as an object, or undefined when the function returned something else. */
function responseObject(invocation: TargetInvocation): Record<string, unknown> | undefined {
  const payload = payloadOf(invocation);
  return payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
}

/** Passes when the invocation returned { message: expected } (other fields are allowed). */
function expectMessage(invocation: TargetInvocation, expected: string, event: unknown) {
  if (invocation.functionError) return fail(`For the event ${JSON.stringify(event)} the function failed`, { message: expected }, shown(invocation));
  const message = responseObject(invocation)?.message;
  if (message !== expected) {
    return fail(`For the event ${JSON.stringify(event)} the message should be ${JSON.stringify(expected)}`, { message: expected }, shown(invocation));
  }
  return pass();
}

export default defineLab({
  number: 1,
  title: 'Hello handler',
  lesson: 1,
  summary: 'Write a handler that greets the caller by name, logs a line and tells a cold start from a warm one.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'index.mjs', python: 'lambda_function.py', ruby: 'lambda_function.rb', go: 'main.go', java: 'src/main/java/Handler.java', dotnet: 'Function.cs' },
  function: { handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' } },
  checks: [
    {
      name: 'greets by name',
      description: 'Invoked with {"name": "Ada"}, the function returns {"message": "Hello, Ada!"}.',
      hint: 'The event is the JSON the function was invoked with: read its name field and build the message from it. Node.js: event.name, Python and Ruby: event["name"], Java: event.get("name"), C#: request.Name, Go: event.Name. Lesson 2, Handlers: Event in, response out.',
      run: async ({ target }) => {
        const event = { name: 'Ada' };
        return expectMessage(await target.invoke({ payload: event }), 'Hello, Ada!', event);
      },
    },
    {
      name: 'has a default name',
      description: 'Invoked with an event that has no name ({}), the function returns {"message": "Hello, world!"}.',
      hint: 'An event is whatever the caller sent, so a field may be missing. Fall back to "world" when there is no name. Node.js: event.name ?? "world", Python: event.get("name", "world"), Java: event.getOrDefault("name", "world"), C#: request.Name ?? "world", Go: event.Name is "" when missing, Ruby: event.fetch("name", "world"). Lesson 2, Handlers: Event in, response out.',
      run: async ({ target }) => {
        const event = {};
        return expectMessage(await target.invoke({ payload: event }), 'Hello, world!', event);
      },
    },
    {
      name: 'logs a line',
      description: 'Invoked with {"name": "Grace"}, the function writes a log line (between START and END) that mentions Grace.',
      hint: 'Whatever a function writes to standard output or standard error becomes its log, between the START and END lines Lambda writes. Log the name you greet. Node.js: console.log, Python: print, Java: System.out.println, C#: Console.WriteLine, Go: fmt.Println, Ruby: puts. Lesson 1, Functions: What the log shows.',
      run: async ({ target }) => {
        const invocation = await target.invoke({ payload: { name: 'Grace' } });
        if (invocation.functionError) return fail('The function failed', 'a log line that mentions Grace', shown(invocation));
        const own = functionLogs(invocation);
        return own.some((line) => line.includes('Grace'))
          ? pass()
          : fail('None of the lines the function logged mentions Grace', 'a log line that mentions Grace', own.length > 0 ? own : invocation.logs);
      },
    },
    {
      name: 'tells a cold start from a warm one',
      description:
        'Invoked twice in a row, the function returns coldStart: true only when its REPORT line shows an Init Duration (a new execution environment), and the second invocation runs warm in the same environment with coldStart: false.',
      hint: 'Code outside the handler runs once per execution environment, during init; the handler runs on every invocation. Keep a flag outside the handler that starts true; in the handler, return the value it had and set it to false: a top-level variable in Node.js and Python (Python needs global cold_start in the handler), a static field in Java and C#, a package-level var in Go (and a ColdStart field in Response), a global such as $cold_start in Ruby. Lesson 1, Functions: Cold starts and warm starts.',
      run: async ({ target }) => {
        // A configuration update makes Lambda start fresh environments, so the first call is cold
        // whatever ran before; the check still compares against the REPORT line, not this assumption.
        const { memorySize } = await target.configuration();
        await target.updateConfiguration({ memorySize });
        const calls: Array<{ invocation: TargetInvocation; label: string }> = [];
        for (const label of ['first', 'second']) calls.push({ invocation: await target.invoke({ payload: { name: 'Ada' } }), label });
        for (const { invocation, label } of calls) {
          if (invocation.functionError) return fail(`The ${label} invocation failed`, { coldStart: 'true or false' }, shown(invocation));
          const cold = invocation.report?.initDurationMs !== undefined;
          const said = responseObject(invocation)?.coldStart;
          if (label === 'second' && cold) {
            return fail(
              'The second invocation started a new execution environment instead of reusing the warm one: did the first one crash or exit?',
              'REPORT without Init Duration (warm)',
              invocation.logs.at(-1),
            );
          }
          if (said !== cold) {
            const report = cold ? 'has an Init Duration (cold start)' : 'has no Init Duration (warm start)';
            return fail(`The ${label} invocation's REPORT line ${report}, but the function returned coldStart: ${JSON.stringify(said)}`, { coldStart: cold }, shown(invocation));
          }
        }
        return pass();
      },
    },
  ],
});
