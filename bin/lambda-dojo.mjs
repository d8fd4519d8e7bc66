#!/usr/bin/env node
// `npx lambda-dojo <command>`, and what every npm script of the CLI runs: npm puts the project's
// pinned Node 24 first on PATH, which runs the TypeScript sources directly (type stripping), with
// no build step. Node's compile cache keeps the stripped and compiled modules on disk, so a
// one-shot command does not strip 200 KB of TypeScript again on every start.
import module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  console.error(`lambda-dojo needs Node.js 22.12 or newer; this is ${process.version}. Run it through npm (npm run ..., npx lambda-dojo) so the project's own Node 24 is used, after npm install.`);
  process.exit(2);
}
// NODE_COMPILE_CACHE, when set, has already chosen a folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
// Source: https://nodejs.org/api/module.html#moduleenablecompilecachecachedir
module.enableCompileCache?.(process.env.NODE_COMPILE_CACHE || join(homedir(), '.cache', 'lambda-dojo', 'node-compile-cache'));
await import('../src/cli/main.ts');
