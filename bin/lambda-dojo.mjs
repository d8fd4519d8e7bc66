#!/usr/bin/env node
// `npx lambda-dojo <command>`: npm puts the project's pinned Node 24 first on PATH, which
// runs the TypeScript sources directly (type stripping), with no build step.
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  console.error(`lambda-dojo needs Node.js 22.12 or newer; this is ${process.version}. Run it through npm (npm run ..., npx lambda-dojo) so the project's own Node 24 is used, after npm install.`);
  process.exit(2);
}
await import('../src/cli/main.ts');
