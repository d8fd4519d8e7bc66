// `npm start`: builds the site when a source changed since the last build, serves it with the
// lab API on one loopback address, prints that address (with this start's token) and opens it.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startCourseServer } from '../site/server/course-server.ts';
import { buildSite, siteIsStale } from '../site/server/static-site.ts';
import { labsFolder, projectRoot, workspaceFolder } from './paths.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: npm start [-- options]

  --port <N>     listen on 127.0.0.1:N (default 4321; 0 picks a free port)
  --no-open      do not open the browser (scripts, CI); the address is printed either way
  --no-build     serve the last build even if the site's sources changed since`;

interface StartOptions {
  port: number;
  open: boolean;
  build: boolean;
}

function parse(args: string[]): StartOptions | 'help' {
  const options: StartOptions = { port: 4321, open: true, build: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--no-open') options.open = false;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg.includes('=') ? arg.slice('--port='.length) : args[++i];
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number from 0 to 65535, not ${JSON.stringify(value ?? '')}.\n\n${usage}`);
      options.port = port;
    } else throw new UsageError(`Unknown option '${arg}'.\n\n${usage}`);
  }
  return options;
}

/** Opens the address in the learner's browser; a machine without one just keeps the printed address. */
function openBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

export async function main(args: string[]): Promise<number> {
  const options = parse(args);
  if (options === 'help') {
    console.log(usage);
    return 0;
  }
  const siteFolder = process.env.LAMBDA_DOJO_SITE ?? join(projectRoot, 'dist');
  if (options.build && siteIsStale(projectRoot, siteFolder)) {
    console.log('Building the course site (once, and again after its sources change)…');
    await buildSite(projectRoot, siteFolder, process.stdout);
  }
  let server;
  try {
    server = await startCourseServer({ projectRoot, siteFolder, labsFolder: labsFolder(), workspaceFolder: workspaceFolder(), port: options.port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`Port ${options.port} is in use (another npm start?). Choose another: npm start -- --port ${options.port + 1}`);
    throw error;
  }
  console.log(`\nLambda Dojo is running at ${server.url}\nOpen this address (it carries this session's key):\n\n    ${server.openUrl}\n\nPress Ctrl-C to stop.`);
  if (options.open) openBrowser(server.openUrl);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop); // a closed terminal: close cleanly too, not with Node's default exit
  });
  await server.close();
  return 0;
}
