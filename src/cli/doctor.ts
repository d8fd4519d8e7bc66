// `npm run doctor`: which runtimes this machine can run, with the local toolchain's version,
// and for each missing one the command that installs it.

import { allRuntimes } from '../runtime/runtimes/registry.ts';
import { style } from '../grader/reporters/terminal.ts';

export async function main(): Promise<number> {
  const s = style(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const families = new Map<string, ReturnType<typeof allRuntimes>>();
  for (const definition of allRuntimes()) families.set(definition.family, [...(families.get(definition.family) ?? []), definition]);
  console.log('Runtimes on this machine\n');
  let missing = 0;
  for (const [family, definitions] of families) {
    const toolchain = await definitions[0]!.detect();
    const ids = definitions.map((d) => d.id).join(', ');
    if (toolchain) {
      const tools = Object.entries(toolchain.tools ?? {}).map(([name, path]) => `${name}: ${path}`);
      console.log(`  ${s.green('✓')} ${family.padEnd(9)} ${toolchain.version.padEnd(10)} ${s.dim(ids)}`);
      console.log(s.dim(`      ${[toolchain.command, ...tools].join(', ')}`));
      // Go functions run on the OS-only runtimes but need the Go compiler to be built.
      if (family === 'provided') {
        if (toolchain.tools?.goVersion) console.log(`  ${s.green('✓')} ${'go'.padEnd(9)} ${toolchain.tools.goVersion.padEnd(10)} ${s.dim('Go functions, built into a bootstrap for provided.al2023')}`);
        else {
          missing++;
          console.log(`  ${s.red('✗')} ${'go'.padEnd(9)} ${'missing'.padEnd(10)} ${s.dim('Go functions, built into a bootstrap for provided.al2023')}`);
          console.log(`      ${definitions[0]!.installHint}`);
        }
      }
    } else {
      missing++;
      console.log(`  ${s.red('✗')} ${family.padEnd(9)} ${'missing'.padEnd(10)} ${s.dim(ids)}`);
      console.log(`      ${definitions[0]!.installHint}`);
    }
  }
  console.log(missing === 0 ? '\nEvery runtime can run here.' : `\n${missing} runtime famil${missing === 1 ? 'y is' : 'ies are'} missing a toolchain: labs in those languages say so when you pick them.`);
  return 0;
}
