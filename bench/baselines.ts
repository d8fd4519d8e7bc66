// Per runtime: what the bench invokes and the bare toolchain start it is compared with.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Toolchain } from '../src/runtime/runtimes/registry.ts';

/**
 * Per runtime family, starting the toolchain and doing nothing: the floor a cold start cannot go
 * under. The functions benched are the conformance suite's echo fixtures (test/support/runtimes.ts).
 */
export const bareStarts: Record<string, (toolchain: Toolchain) => { command: string; args: string[] }> = {
  nodejs: (t) => ({ command: t.command, args: ['-e', '0'] }),
  python: (t) => ({ command: t.command, args: ['-c', '0'] }),
  // The custom-runtime fixture's bootstrap is a Python script.
  provided: () => ({ command: 'python3', args: ['-c', '0'] }),
  // The bootstrap starts Ruby without RubyGems (loaded on demand), so that is the floor; `ruby -e 0` is ~40 ms slower.
  ruby: (t) => ({ command: t.command, args: ['--disable-gems', '-e', '0'] }),
  // Go: the floor is a Go program that does nothing, built once like the service builds functions.
  go: (t) => ({ command: goHello(t.tools?.go ?? 'go'), args: [] }),
  // C# on Mono: an empty program the runtime builds next to its own support assemblies.
  dotnet: (t) => ({ command: t.command, args: [join(t.tools?.support ?? '', 'bare.exe')] }),
  // Java: the JVM starting with the runtime's own flags (class data sharing, C1 only, serial GC) and doing nothing.
  java: (t) => ({ command: t.command, args: ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto', '-XX:-UsePerfData', '-version'] }),
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
