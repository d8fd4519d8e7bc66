// The built site served as a static host serves it, for tests of the site without the course
// server: the course server's own file answer (src/site/server/static-site.ts) on a bare loopback
// listener, so what is tested is what the course serves.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveSiteFile } from '../../src/site/server/static-site.ts';

export interface StaticServer {
  url: string;
  close: () => Promise<void>;
}

export async function serveStatic(root: string): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    serveSiteFile(root, pathname, response, {}).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
