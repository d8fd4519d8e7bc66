// `npm run doctor`: what each Lambda runtime identifier runs on this machine (the toolchain's
// path and version, and whether that is the version the identifier names), whether Lambda still
// supports it, and for each missing toolchain the command that installs it.

import { existsSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { deprecationSource, isDeprecated, runtimeLifecycle } from '../runtime/runtimes/deprecation.ts';
import { allRuntimes, versionMatches, type RuntimeDefinition, type Toolchain } from '../runtime/runtimes/registry.ts';
import { style, type Style } from '../grader/reporters/terminal.ts';
import { availableContainment } from '../runtime/host/mount-namespace.ts';

/** A bare command name as PATH finds it, so the line says which binary runs. */
function onPath(command: string): string {
  if (isAbsolute(command) || command.includes('/')) return command;
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    const path = folder && join(folder, command);
    if (path && existsSync(path) && statSync(path).isFile()) return path;
  }
  return command;
}

const isFolder = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** The toolchain's binaries: the command first, then its other tools (not versions, nor the folders our builds keep). */
function where(toolchain: Toolchain): string {
  const tools = Object.entries(toolchain.tools ?? {})
    .filter(([name, value]) => !name.endsWith('Version') && !isFolder(value))
    .map(([name, path]) => `${name}: ${onPath(path)}`);
  return [onPath(toolchain.command), ...tools].join(', ');
}

function lifecycle(id: string, s: Style): string {
  const dates = runtimeLifecycle[id];
  if (!dates) return '';
  return isDeprecated(id) ? s.red(`deprecated since ${dates.deprecated}`) : s.dim(`supported until ${dates.deprecated}`);
}

async function family(name: string, definitions: RuntimeDefinition[], s: Style): Promise<boolean> {
  const found = await Promise.all(definitions.map(async (definition) => ({ definition, toolchain: await definition.detect() })));
  const main = found.find((f) => f.toolchain)?.toolchain;
  if (!main) {
    console.log(`  ${s.red('✗')} ${name.padEnd(9)} ${'missing'.padEnd(16)} ${s.dim(definitions.map((d) => d.id).join(', '))}`);
    console.log(`      ${definitions[0]!.installHint}`);
    return false;
  }
  console.log(`  ${s.green('✓')} ${name.padEnd(9)} ${main.version.padEnd(16)} ${s.dim(where(main))}`);
  for (const { definition, toolchain } of found) {
    const id = definition.id.padEnd(16);
    if (!toolchain) {
      console.log(`      ${id} ${s.red('missing'.padEnd(24))} ${lifecycle(definition.id, s)}  ${definition.installHint}`);
      continue;
    }
    const runsOn = versionMatches(definition, toolchain) ? s.green('matches'.padEnd(24)) : `runs on ${toolchain.version}`.padEnd(24);
    const own = toolchain.command !== main.command || toolchain.version !== main.version ? `  ${s.dim(where(toolchain))}` : '';
    console.log(`      ${id} ${runsOn} ${lifecycle(definition.id, s)}${own}`);
  }
  // Go functions run on the OS-only runtimes but need the Go compiler to be built.
  if (name === 'provided') {
    const go = main.tools?.goVersion;
    console.log(`  ${go ? s.green('✓') : s.red('✗')} ${'go'.padEnd(9)} ${(go ?? 'missing').padEnd(16)} ${s.dim(go ? `${onPath(main.tools!.go!)}: Go functions, built into a bootstrap for provided.al2023` : 'Go functions, built into a bootstrap for provided.al2023')}`);
    if (!go) {
      console.log(`      ${definitions[0]!.installHint}`);
      return false;
    }
  }
  return true;
}

/** What each way of holding an environment's processes means for a learner (see the README). */
const containmentNotes: Record<ReturnType<typeof availableContainment>, string> = {
  namespaces: 'namespaces (each environment has its own PID, mount and user namespaces: a size-limited /tmp, read-only code, nothing outlives it).',
  subreaper: 'subreaper (no user namespaces here: processes a function starts stay in its tree and end with it; /tmp has no size limit).',
  plain: 'plain (no launcher: the service finds a function\'s processes itself; /tmp has no size limit and the code store is writable).',
};

export async function main(): Promise<number> {
  const s = style(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const families = new Map<string, RuntimeDefinition[]>();
  for (const definition of allRuntimes()) families.set(definition.family, [...(families.get(definition.family) ?? []), definition]);
  console.log('Lambda runtimes on this machine: what each identifier runs on here\n');
  let missing = 0;
  for (const [name, definitions] of families) {
    if (!(await family(name, definitions, s))) missing++;
  }
  console.log(`\n${s.dim(`Deprecation dates: ${deprecationSource} (src/runtime/runtimes/deprecation.ts). A deprecated runtime still runs, here as on Lambda.`)}`);
  console.log(missing === 0 ? 'Every runtime can run here.' : `${missing} runtime famil${missing === 1 ? 'y is' : 'ies are'} missing a toolchain: labs in those languages say so when you pick them.`);
  console.log(`\nContainment: ${containmentNotes[availableContainment()]}`);
  return 0;
}
