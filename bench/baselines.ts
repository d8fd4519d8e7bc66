// Per runtime: the floor a cold start cannot go under, started the way the service would start
// the real binary (never through a version manager's shell shim).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRuntime, type Toolchain } from '../src/runtime/runtimes/registry.ts';

export interface BareStart {
  command: string;
  args: string[];
  /** What the floor is, in a few words, for the report. */
  what: string;
}

/**
 * Per runtime family, starting the toolchain's binary and doing nothing. The functions benched are
 * the conformance suite's echo fixtures (test/support/runtimes.ts).
 */
export const bareStarts: Record<string, (toolchain: Toolchain) => Promise<BareStart>> = {
  nodejs: async (t) => ({ command: t.command, args: ['-e', '0'], what: 'node -e 0' }),
  // The detected command is the interpreter itself (sys.executable), not a pyenv or asdf shim.
  python: async (t) => ({ command: t.command, args: ['-c', '0'], what: `${t.command} -c 0` }),
  // The custom-runtime fixture's bootstrap is a Python script: its floor is the real interpreter
  // (the bootstrap's #!/usr/bin/env may pass through a shim first; that cost is the subject's).
  provided: async () => {
    const python = await findRuntime('python3.12')!.detect();
    if (!python) throw new Error('the custom-runtime fixture needs python3');
    return { command: python.command, args: ['-c', '0'], what: `${python.command} -c 0` };
  },
  // The bootstrap starts Ruby without RubyGems (loaded on demand), so that is the floor; `ruby -e 0` is ~40 ms slower.
  ruby: async (t) => ({ command: t.command, args: ['--disable-gems', '-e', '0'], what: 'ruby --disable-gems -e 0' }),
  // Go: a Go program that does nothing, built once the way the service builds functions.
  go: async (t) => ({ command: goHello(t.tools?.go ?? 'go'), args: [], what: 'an empty Go binary' }),
  // C# on Mono: an empty program the runtime builds next to its own support assemblies.
  dotnet: async (t) => ({ command: t.command, args: [join(t.tools?.support ?? '', 'bare.exe')], what: 'mono bare.exe' }),
  // Java: the JVM starting with the runtime's own flags (class data sharing, C1 only, serial GC) and doing nothing.
  java: async (t) => ({ command: t.command, args: ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto', '-XX:-UsePerfData', '-version'], what: 'java -version' }),
};

/** Builds an empty Go program once (kept in the temporary folder for later runs) and returns its path. */
function goHello(go: string): string {
  const folder = join(tmpdir(), 'lambda-dojo-bench-go');
  const binary = join(folder, 'hello');
  if (!existsSync(binary)) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'go.mod'), 'module hello\n\ngo 1.18\n');
    writeFileSync(join(folder, 'main.go'), 'package main\n\nfunc main() {}\n');
    execFileSync(go, ['build', '-trimpath', '-ldflags=-s -w', '-o', binary, '.'], { cwd: folder, env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod', GOPROXY: 'off' } });
  }
  return binary;
}
