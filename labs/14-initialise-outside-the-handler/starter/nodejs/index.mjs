import http from 'node:http';

const backend = new URL(process.env.BACKEND_URL);

/** One JSON request to the backend through `agent`; `token` proves the connection was opened. */
function request(agent, method, path, token) {
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

export const handler = async (event) => {
  // A new client and a new connection on every invocation.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const { token } = await request(agent, 'POST', '/connect');
  const { priceCents } = await request(agent, 'GET', `/prices/${encodeURIComponent(event.sku)}`, token);
  agent.destroy();
  return { sku: event.sku, priceCents };
};
