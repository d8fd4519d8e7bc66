// Lab 2: beat the clock.
// Init: the function loads a reference table once per execution environment. Here it is
// simulated with 150 MB of data; function.json decides how much memory the function gets.
const table = Buffer.alloc(150 * 1024 * 1024, 'lambda');

const work = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The event lists jobs to do in order: { "jobs": [{ "id": "job-1", "ms": 400 }, ...] }.
export const handler = async (event, context) => {
  const jobs = event.jobs ?? [];
  const done = [];
  for (const job of jobs) {
    // Your code here: stop before Lambda's timeout stops you. The context object knows
    // how many milliseconds this invocation has left.
    await work(job.ms);
    done.push(job.id);
  }
  const left = jobs.slice(done.length).map((job) => job.id);
  console.log(`Done ${done.length} job(s), ${left.length} left; table of ${table.length} bytes`);
  return { done, left };
};
