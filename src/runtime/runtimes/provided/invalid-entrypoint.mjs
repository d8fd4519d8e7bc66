// Stands in for a bootstrap Lambda could not start (missing, not executable, not a program).
// On Lambda the platform itself fails the init with Runtime.InvalidEntrypoint before any process
// runs; here this script tells the service the same through the Runtime API, then ends.
//   node invalid-entrypoint.mjs "<what went wrong, in Lambda's words>"

import { request } from 'node:http';

const problem = process.argv[2] ?? "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]";
const errorType = 'Runtime.InvalidEntrypoint';
const body = JSON.stringify({ errorType, errorMessage: `Error: ${problem}` });
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');

const post = request(
  {
    host,
    port: Number(port),
    method: 'POST',
    path: '/2018-06-01/runtime/init/error',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'lambda-runtime-function-error-type': errorType },
  },
  (res) => {
    res.resume();
    res.on('end', () => process.exit(1));
  },
);
post.on('error', () => process.exit(1));
post.end(body);
