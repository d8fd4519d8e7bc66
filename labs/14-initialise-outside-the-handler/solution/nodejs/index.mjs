import http from 'node:http';

const backend = new URL(process.env.BACKEND_URL);

// Made once per execution environment, at init: every warm invocation reuses the agent and the
// TCP connection it keeps alive.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One JSON request to the backend; `token` proves the connection was opened. */
function request(method, path, token) {
  return new Promise((resolve, reject) => {
    const headers = token ? { Authorization: `Bearer ${token}` } : {};
    const req = http.request({ host: backend.hostname, port: backend.port, method, path, agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${method} ${path}: ${res.statusCode} ${body}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

// Top-level await: init waits for the connection, so no invocation does.
const { token } = await request('POST', '/connect');

export const handler = async (event) => {
  const { priceCents } = await request('GET', `/prices/${encodeURIComponent(event.sku)}`, token);
  return { sku: event.sku, priceCents };
};
