import { expectPayload, fail, pass, payloadOf, shown } from '../../src/grader/check-helpers.ts';
import { defineLab } from '../../src/grader/lab-types.ts';
import type { LambdaTarget, TargetInvocation } from '../../src/grader/target.ts';

/** The function's timeout, in seconds: part of the task, so the learner may not raise it. */
const timeoutSeconds = 3;

const jobs = (count: number, ms: number) => Array.from({ length: count }, (_, i) => ({ id: `job-${i + 1}`, ms }));

/** Explains a failed invocation in the terms of this lab (memory and time), or undefined when it succeeded. */
function failure(invocation: TargetInvocation, expected: unknown) {
  if (!invocation.functionError) return undefined;
  const error = payloadOf(invocation) as { errorType?: string } | undefined;
  if (error?.errorType === 'Runtime.OutOfMemory') {
    const { memorySizeMB, maxMemoryUsedMB } = invocation.report ?? {};
    return fail(`The function ran out of memory: it needs more than its ${memorySizeMB} MB`, expected, { ...error, memorySizeMB, maxMemoryUsedMB });
  }
  if (error?.errorType === 'Sandbox.Timedout') {
    return fail(`The function was still working at its ${timeoutSeconds}-second timeout, so Lambda stopped it and its work was lost`, expected, shown(invocation));
  }
  return fail('The function failed', expected, shown(invocation));
}

async function invokeWith(target: LambdaTarget, list: Array<{ id: string; ms: number }>) {
  return target.invoke({ payload: { jobs: list } });
}

export default defineLab({
  number: 2,
  title: 'Beat the clock',
  lesson: 1,
  summary: 'Give a function enough memory for the data it loads at init, and make it stop before its timeout by watching its remaining time.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'index.mjs', python: 'lambda_function.py', ruby: 'lambda_function.rb', go: 'main.go', java: 'src/main/java/Handler.java', dotnet: 'Function.cs' },
  function: { handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' }, timeout: timeoutSeconds },
  starterFails: { refusedWith: 'ValidationException', explainedBy: 'has enough memory' },
  checks: [
    {
      name: 'has enough memory',
      description: 'With one short job, the function runs without running out of memory: its MemorySize (in function.json) holds the table it loads at init.',
      hints: {
        concept: 'Lambda stops an environment that uses more memory than its MemorySize, and that memory includes what init loaded. Compare the REPORT line\'s Max Memory Used with its Memory Size. Lesson 1, Functions: The limits.',
        api: 'The MemorySize setting in function.json, at the top of your lab folder: a whole number of MB from 128 to 10,240.',
        code: 'In function.json: {"MemorySize": 256, "Timeout": 3} (256 MB holds the table with room to spare).',
      },
      run: async ({ target }) => {
        const list = jobs(1, 10);
        const invocation = await invokeWith(target, list);
        return failure(invocation, 'a response, no Runtime.OutOfMemory') ?? pass(`Max Memory Used ${invocation.report?.maxMemoryUsedMB} MB of ${invocation.report?.memorySizeMB} MB`);
      },
    },
    {
      name: 'finishes a short list',
      description: 'Given 3 jobs of 100 ms, the function does them all and returns {"done": ["job-1", "job-2", "job-3"], "left": []}.',
      hints: {
        concept: 'When there is time, do every job in order and return the ids of the jobs done and of those left (none). Lesson 1, Functions: Memory and time: the two budgets.',
        api: {
          nodejs: 'event.jobs, a list of {id, ms}; return an object { done, left }',
          python: 'event["jobs"], a list of dicts with "id" and "ms"; return {"done": [...], "left": [...]}',
          ruby: "event['jobs'], an Array of Hashes with 'id' and 'ms'; return { done: [...], left: [...] }",
          java: 'event.jobs, a List<Job> with id and ms; return Map.of("done", done, "left", left)',
          dotnet: 'request.Jobs, a List<Job> with Id and Ms; return a Response with Done and Left lists',
          go: 'event.Jobs, a []Job with ID and Ms; return a Result with Done and Left slices',
        },
        code: {
          nodejs: 'const done = [];\nfor (const job of event.jobs) {\n  await work(job.ms);\n  done.push(job.id);\n}\nconst left = event.jobs.slice(done.length).map((job) => job.id);\nreturn { done, left };',
          python: 'done = []\nfor job in event["jobs"]:\n    work(job["ms"])\n    done.append(job["id"])\nleft = [job["id"] for job in event["jobs"][len(done):]]\nreturn {"done": done, "left": left}',
          ruby: "done = []\nevent['jobs'].each do |job|\n  work(job['ms'])\n  done << job['id']\nend\nleft = event['jobs'].drop(done.size).map { |job| job['id'] }\n{ done: done, left: left }",
          java: 'List<String> done = new ArrayList<>();\nfor (Job job : event.jobs) {\n    work(job.ms);\n    done.add(job.id);\n}\n// left: the ids of event.jobs.subList(done.size(), event.jobs.size())',
          dotnet: 'var done = new List<string>();\nforeach (var job in request.Jobs)\n{\n    Work(job.Ms);\n    done.Add(job.Id);\n}\n// left: the ids of the jobs from index done.Count on',
          go: 'done := []string{}\nfor _, job := range event.Jobs {\n\twork(job.Ms)\n\tdone = append(done, job.ID)\n}\n// left: the IDs of event.Jobs[len(done):]',
        },
      },
      run: async ({ target }) => {
        const list = jobs(3, 100);
        const expected = { done: list.map((j) => j.id), left: [] };
        const invocation = await invokeWith(target, list);
        return failure(invocation, expected) ?? expectPayload(invocation, expected, 'With time to spare, every job should be done and none left');
      },
    },
    {
      name: 'stops before the timeout',
      description: `Given 12 jobs of 400 ms (4.8 s of work, more than the ${timeoutSeconds}-second timeout), the function does at least 3 of them, stops while it still has time and returns the ids done and the ids left, in order, instead of timing out.`,
      hints: {
        concept: 'Before each job, ask how much time is left before the timeout. If it is less than the job needs plus a safety margin (say 500 ms), stop and return what is done and what is left. Lesson 1, Functions: Memory and time: the two budgets.',
        api: {
          nodejs: 'context.getRemainingTimeInMillis()',
          python: 'context.get_remaining_time_in_millis()',
          ruby: 'context.get_remaining_time_in_millis',
          java: 'context.getRemainingTimeInMillis()',
          dotnet: 'context.RemainingTime, a TimeSpan',
          go: 'ctx.Deadline() gives the deadline; time.Until(deadline) the time left',
        },
        code: {
          nodejs: 'if (context.getRemainingTimeInMillis() < job.ms + 500) break;',
          python: 'if context.get_remaining_time_in_millis() < job["ms"] + 500:\n    break',
          ruby: "break if context.get_remaining_time_in_millis < job['ms'] + 500",
          java: 'if (context.getRemainingTimeInMillis() < job.ms + 500) break;',
          dotnet: 'if (context.RemainingTime < TimeSpan.FromMilliseconds(job.Ms + 500)) break;',
          go: 'deadline, _ := ctx.Deadline()\n// in the loop:\nif time.Until(deadline) < time.Duration(job.Ms+500)*time.Millisecond {\n\tbreak\n}',
        },
      },
      run: async ({ target }) => {
        const list = jobs(12, 400);
        const ids = list.map((j) => j.id);
        const expectedShape = { done: ['job-1', 'job-2', 'job-3', '...'], left: ['...', 'job-12'] };
        const invocation = await invokeWith(target, list);
        const failed = failure(invocation, expectedShape);
        if (failed) return failed;
        const result = payloadOf(invocation) as { done?: unknown; left?: unknown } | undefined;
        const { done, left } = result ?? {};
        if (!Array.isArray(done) || !Array.isArray(left)) return fail('The function should return {"done": [...], "left": [...]}', expectedShape, shown(invocation));
        if (left.length === 0) return fail('The function reports no jobs left, but 4.8 s of work cannot fit in 3 s', expectedShape, result);
        if (JSON.stringify([...done, ...left]) !== JSON.stringify(ids)) {
          return fail('done followed by left should list every job id once, in the order given', { 'done + left': ids }, result);
        }
        if (done.length < 3) return fail(`The function stopped after ${done.length} job(s); about 6 fit in 3 s, so it gave up too early`, expectedShape, result);
        return pass(`done ${done.length}, left ${left.length}, in ${invocation.report?.durationMs.toFixed(0)} ms`);
      },
    },
    {
      name: 'keeps the 3-second timeout',
      description: `The function's Timeout is still ${timeoutSeconds} seconds: the task is to finish inside it, not to raise it.`,
      hints: {
        concept: 'Raising the timeout only moves the wall: the task is to finish inside it by watching the time left. Lesson 1, Functions: Memory and time: the two budgets.',
        api: `The Timeout setting in function.json: keep it at ${timeoutSeconds}, or remove it.`,
        code: `In function.json: "Timeout": ${timeoutSeconds}`,
      },
      run: async ({ target }) => {
        const { timeout } = await target.configuration();
        return timeout === timeoutSeconds ? pass() : fail(`The timeout was changed to ${timeout} s`, { timeout: timeoutSeconds }, { timeout });
      },
    },
  ],
});
