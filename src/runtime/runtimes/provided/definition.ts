// OS-only runtimes (provided.al2023, provided.al2): Lambda starts the function's own executable
// `bootstrap` and nothing else. That serves custom runtimes (a shell script with curl, a Python
// or Node script with a #! line, any binary) and Go, whose binary is named bootstrap
// (docs: runtimes-custom.html, lambda-golang.html). Go source without a bootstrap is compiled
// into one by build() (go-build.ts).

import { accessSync, constants, closeSync, cpSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { detectOnce, type LaunchPlan, type RuntimeDefinition, type Toolchain } from '../toolchain.ts';
import { buildGo, findGo, goInstallHint, holdsGoSource } from './go-build.ts';

/** Where Lambda looks, in order; the paths it names in its error (there is no /opt here yet). */
const lambdaBootstrapPaths = '[/var/task/bootstrap /opt/bootstrap]';

type Entrypoint = { problem: string } | { interpreter?: { path: string; argument?: string } };

/**
 * How the kernel would start this bootstrap, or why Lambda would refuse it, in the words of
 * its Runtime.InvalidEntrypoint errors (the platform starts it with Go's os/exec, hence
 * "fork/exec"). Checked before spawning so the learner gets Lambda's message, not Node's.
 */
export function inspectBootstrap(taskRoot: string): Entrypoint {
  const bootstrap = join(taskRoot, 'bootstrap');
  if (!existsSync(bootstrap) || !statSync(bootstrap).isFile()) return { problem: `Couldn't find valid bootstrap(s): ${lambdaBootstrapPaths}` };
  try {
    accessSync(bootstrap, constants.X_OK);
  } catch {
    return { problem: 'fork/exec /var/task/bootstrap: permission denied' };
  }
  const head = Buffer.alloc(256);
  const fd = openSync(bootstrap, 'r');
  let read = 0;
  try {
    read = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const start = head.subarray(0, read);
  const magic = start.subarray(0, 4).toString('hex');
  if (magic === '7f454c46' || magic === 'cffaedfe' || magic === 'cefaedfe') {
    // A program: it must be built for this machine, as on Lambda for the function's architecture
    // (a bootstrap built with GOARCH=arm64 fails on an x86_64 function).
    return nativeProgram(start) ? {} : { problem: 'fork/exec /var/task/bootstrap: exec format error' };
  }
  if (start.subarray(0, 2).toString('latin1') !== '#!') {
    // The kernel runs only programs and #! scripts; a shell would run a script without the line, Lambda does not.
    return { problem: 'fork/exec /var/task/bootstrap: exec format error' };
  }
  // The interpreter named on the #! line must exist. A Windows line ending (#!/bin/sh\r) is the
  // classic miss: the kernel then looks for "/bin/sh\r".
  const line = start.toString('latin1').split('\n')[0]!.slice(2).replace(/^[ \t]+/, '');
  const [path = '', ...rest] = line.split(/[ \t]+/);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return { problem: 'fork/exec /var/task/bootstrap: no such file or directory' };
  }
  const argument = rest.join(' ').replace(/[ \t]+$/, '');
  return { interpreter: { path, ...(argument ? { argument } : {}) } };
}

/** ELF machine numbers (e_machine) and Mach-O CPU types of the architectures Node runs on. */
const elfMachines: Record<string, number> = { x64: 0x3e, arm64: 0xb7, ia32: 0x03, arm: 0x28 };
const machCpuTypes: Record<string, number> = { x64: 0x01000007, arm64: 0x0100000c };

/** Is this ELF (on Linux) or Mach-O (on macOS) program built for this machine's CPU? */
function nativeProgram(head: Buffer): boolean {
  if (head.length < 20) return false;
  if (head.subarray(0, 4).toString('hex') === '7f454c46') {
    return process.platform !== 'darwin' && head.readUInt16LE(18) === elfMachines[process.arch];
  }
  return process.platform === 'darwin' && head.readUInt32LE(4) === machCpuTypes[process.arch];
}

/** Amazon Linux's /bin/sh is bash; Debian's and Ubuntu's is dash, which refuses bash-isms such as `set -o pipefail`. */
const bash = ['/bin/bash', '/usr/bin/bash'].find((path) => existsSync(path));

function launch(taskRoot: string): LaunchPlan {
  const bootstrap = join(taskRoot, 'bootstrap');
  const entrypoint = inspectBootstrap(taskRoot);
  if ('problem' in entrypoint) {
    // Lambda's platform reports this before any process runs, and so does the service.
    return { command: bootstrap, args: [], entrypointError: entrypoint.problem };
  }
  const interpreter = entrypoint.interpreter;
  if (interpreter?.path === '/bin/sh' && bash) {
    // A #!/bin/sh script runs under bash, as on Lambda, so AWS's own shell examples work here too.
    return { command: bash, args: [...(interpreter.argument ? [interpreter.argument] : []), bootstrap] };
  }
  return { command: bootstrap, args: [] };
}

function provided(os: 'al2023' | 'al2'): RuntimeDefinition {
  const id = `provided.${os}`;
  return {
    id,
    family: 'provided',
    languageVersion: os,
    // The runtime itself needs nothing from this machine; Go, when the code is Go, comes from findGo.
    detect: () =>
      detectOnce(id, async (): Promise<Toolchain> => {
        const go = await findGo();
        return { command: 'bootstrap', version: os, ...(go ? { tools: { go: go.command, goVersion: go.version } } : {}) };
      }),
    async build(request) {
      if (!existsSync(join(request.source, 'bootstrap')) && holdsGoSource(request.source)) return buildGo(request);
      cpSync(request.source, request.output, { recursive: true, verbatimSymlinks: true }); // keeps file modes
    },
    launch: (_toolchain, taskRoot) => launch(taskRoot),
    installHint: `Custom runtimes need nothing installed. Go code needs Go: ${goInstallHint}`,
  };
}

// Source: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (OS-only runtimes)
export const definitions = [provided('al2023'), provided('al2')];
