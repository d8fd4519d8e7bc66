// The command-line entry: dispatches to one command module, nothing more.

import { UsageError } from './usage-error.ts';

const commands: Record<string, { summary: string; load: () => Promise<{ main(args: string[]): Promise<number> }> }> = {
  start: { summary: 'serve the course site with its labs on 127.0.0.1 (npm start), and open it', load: () => import('./start.ts') },
  lab: { summary: 'list the labs, or grade lab N (npm run lab 3)', load: () => import('./lab.ts') },
  doctor: { summary: 'list the runtimes this machine can run, and how to install the missing ones', load: () => import('./doctor.ts') },
  encrypt: { summary: 'encrypt a secret for an environment variable with the local key service', load: () => import('./encrypt.ts') },
  setup: { summary: 'install the AWS SDKs Lambda\'s Node.js and Python runtimes include (npm install runs it)', load: () => import('./setup.ts') },
  serve: { summary: 'start a SAM template\'s functions behind a local AWS endpoint (AWS_ENDPOINT_URL) for the SDKs and the AWS CLI', load: () => import('./serve.ts') },
  invoke: { summary: 'run a function once (or --repeat N times) in the embedded Lambda runtime', load: () => import('./invoke.ts') },
};

function help(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: lambda-dojo <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun lambda-dojo <command> --help for a command's options.`;
}

async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command '${name}'.\n\n${help()}`);
    return 2;
  }
  try {
    return await (await command.load()).main(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await run(process.argv.slice(2));
