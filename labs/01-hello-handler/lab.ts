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
  starterFails: ['greets by name', 'logs a line', 'tells a cold start from a warm one'],
  checks: [
    {
      name: 'greets by name',
      description: 'Invoked with {"name": "Ada"}, the function returns {"message": "Hello, Ada!"}.',
      hints: {
        concept: 'The event is the JSON the function was invoked with, handed to your handler as its first argument: read its name field and build the message from it. Lesson 1, Functions: A first handler.',
        api: {
          nodejs: 'event.name',
          python: 'event["name"] (the event arrives as a dict)',
          ruby: "event['name'] (the event arrives as a Hash)",
          java: 'event.get("name") (the event arrives as a Map<String, Object>)',
          dotnet: 'request.Name: the serializer fills the Request class from the event',
          go: 'event.Name: json.Unmarshal fills the Event struct from the event (the `json:"name"` tag maps the field)',
        },
        code: {
          nodejs: 'return { message: `Hello, ${event.name}!` };',
          python: 'return {"message": f"Hello, {event[\'name\']}!"}',
          ruby: "{ message: \"Hello, #{event['name']}!\" }",
          java: 'response.put("message", "Hello, " + event.get("name") + "!");',
          dotnet: 'return new Response { Message = $"Hello, {request.Name}!" };',
          go: 'return Response{Message: fmt.Sprintf("Hello, %s!", event.Name)}, nil',
        },
      },
      run: async ({ target }) => {
        const event = { name: 'Ada' };
        return expectMessage(await target.invoke({ payload: event }), 'Hello, Ada!', event);
      },
    },
    {
      name: 'has a default name',
      description: 'Invoked with an event that has no name ({}), the function returns {"message": "Hello, world!"}.',
      hints: {
        concept: 'An event is whatever the caller sent, so a field may be missing: fall back to "world" when there is no name. Lesson 1, Functions: A first handler.',
        api: {
          nodejs: 'The ?? operator: event.name ?? "world"',
          python: 'dict.get with a default: event.get("name", "world")',
          ruby: "Hash#fetch with a default: event.fetch('name', 'world')",
          java: 'Map.getOrDefault: event.getOrDefault("name", "world") (the event itself may be null)',
          dotnet: 'string.IsNullOrEmpty(request?.Name): a missing field stays null',
          go: 'A missing field leaves event.Name at its zero value, ""',
        },
        code: {
          nodejs: 'const name = event.name ?? "world";',
          python: 'name = event.get("name", "world")',
          ruby: "name = event.fetch('name', 'world')",
          java: 'Object name = event == null ? null : event.get("name");\nif (name == null) name = "world";',
          dotnet: 'var name = string.IsNullOrEmpty(request?.Name) ? "world" : request.Name;',
          go: 'name := event.Name\nif name == "" {\n\tname = "world"\n}',
        },
      },
      run: async ({ target }) => {
        const event = {};
        return expectMessage(await target.invoke({ payload: event }), 'Hello, world!', event);
      },
    },
    {
      name: 'logs a line',
      description: 'Invoked with {"name": "Grace"}, the function writes a log line (between START and END) that mentions Grace.',
      hints: {
        concept: 'Whatever a function writes to standard output or standard error becomes its log, between the START and END lines Lambda writes. Log the name you greet. Lesson 1, Functions: What the log shows.',
        api: { nodejs: 'console.log', python: 'print', ruby: 'puts', java: 'System.out.println', dotnet: 'Console.WriteLine', go: 'fmt.Println or fmt.Printf' },
        code: {
          nodejs: 'console.log(`Greeting ${name}`);',
          python: 'print(f"Greeting {name}")',
          ruby: 'puts "Greeting #{name}"',
          java: 'System.out.println("Greeting " + name);',
          dotnet: 'Console.WriteLine($"Greeting {name}");',
          go: 'fmt.Printf("Greeting %s\\n", name)',
        },
      },
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
      hints: {
        concept: 'Code outside the handler runs once per execution environment, during init; the handler runs on every invocation. Keep a flag outside the handler that starts true; in the handler, return the value it had and then set it to false. Lesson 1, Functions: Cold starts and warm starts.',
        api: {
          nodejs: 'A variable at the top level of index.mjs (let coldStart = true), outside the handler',
          python: 'A module-level variable (cold_start = True); the handler changes it after declaring global cold_start',
          ruby: 'A global variable ($cold_start = true) at the top of the file',
          java: 'A static field of the Handler class (private static boolean coldStart = true)',
          dotnet: 'A static field of the Function class (private static bool coldStart = true), and a ColdStart property in Response',
          go: 'A package-level var (var coldStart = true), and a ColdStart field in Response with the tag `json:"coldStart"`',
        },
        code: {
          nodejs: 'let coldStart = true;\nexport const handler = async (event) => {\n  const wasCold = coldStart;\n  coldStart = false;\n  return { message: ..., coldStart: wasCold };\n};',
          python: 'cold_start = True\n\ndef lambda_handler(event, context):\n    global cold_start\n    was_cold = cold_start\n    cold_start = False\n    return {"message": ..., "coldStart": was_cold}',
          ruby: "$cold_start = true\n\ndef lambda_handler(event:, context:)\n  was_cold = $cold_start\n  $cold_start = false\n  { message: ..., coldStart: was_cold }\nend",
          java: 'private static boolean coldStart = true;\n// in handleRequest:\nboolean wasCold = coldStart;\ncoldStart = false;\nresponse.put("coldStart", wasCold);',
          dotnet: 'private static bool coldStart = true;\n// in FunctionHandler:\nvar wasCold = coldStart;\ncoldStart = false;\nreturn new Response { Message = ..., ColdStart = wasCold };',
          go: 'var coldStart = true\n\n// in handler:\nwasCold := coldStart\ncoldStart = false\nreturn Response{Message: ..., ColdStart: wasCold}, nil',
        },
      },
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
            const returned = said === undefined ? 'no coldStart field' : `coldStart: ${JSON.stringify(said)}`;
            return fail(`The ${label} invocation's REPORT line ${report}, but the function returned ${returned}`, { coldStart: cold }, shown(invocation));
          }
        }
        return pass();
      },
    },
  ],
});
