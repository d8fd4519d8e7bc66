// Python: runs on the machine's python3.

import { detectOnce, installHint, run, runtimeDir, type RuntimeDefinition, type Toolchain } from '../toolchain.ts';

const toolchain = (): Promise<Toolchain | undefined> =>
  detectOnce('python', async () => {
    // Ask python3 for its real executable: version managers (pyenv, asdf) put a shell-script
    // shim first on PATH, and starting through it would double every cold start.
    try {
      const { stdout } = await run('python3', ['-c', 'import sys, platform; print(sys.executable); print(platform.python_version())'], { timeout: 10_000 });
      const [command, version] = stdout.trim().split('\n');
      return command && version ? { command, version } : undefined;
    } catch {
      return undefined;
    }
  });

function python(minor: string): RuntimeDefinition {
  return {
    id: `python${minor}`,
    family: 'python',
    languageVersion: minor,
    detect: toolchain,
    // -u: unbuffered stdio, so print() output is in the log even when the handler is killed.
    // -B: no __pycache__ in the task root (read-only on Lambda). -X utf8: UTF-8 stdio whatever
    // the host's locale, as on Lambda. -E is not used: PYTHONPATH belongs to the function.
    launch: (found) => ({ command: found.command, args: ['-u', '-B', '-X', 'utf8', `${runtimeDir('python')}bootstrap.py`], runtimeDir: runtimeDir('python') }),
    installHint: installHint('python3', 'python'),
  };
}

// Source: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
// Dates, deprecated ones included: deprecation.ts.
export const definitions = ['3.9', '3.10', '3.11', '3.12', '3.13', '3.14'].map(python);
