// Runs the project's own CLI as a user would, through the pinned Node.

import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export function cli(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}) {
  return execa(process.execPath, [`${projectRoot}bin/lambda-dojo.mjs`, ...args], {
    cwd: options.cwd ?? projectRoot,
    reject: false,
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
    ...(options.env ? { env: options.env } : {}),
    timeout: 60_000,
  });
}
