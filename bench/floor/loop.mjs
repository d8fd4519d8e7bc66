// The floor of a warm invoke in Node.js: the smallest runtime that speaks the Runtime API (GET
// next, POST response, over one kept-alive connection) and does the echo fixture's work.
import { Agent, request } from 'node:http';

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const base = '/2018-06-01/runtime/invocation';

function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host, port: Number(port), method, path, agent, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

for (;;) {
  const next = await call('GET', `${base}/next`);
  const event = JSON.parse(next.body);
  await call('POST', `${base}/${next.headers['lambda-runtime-aws-request-id']}/response`, JSON.stringify({ received: event }));
}
