// The stand-ins for AWS's packages (src/runtime/runtimes/upstream.ts): each records the package
// and version it follows, exists where it says, is described by its runtime folder's README
// (what differs from upstream), and is the version the labs' project files reference.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { standIns } from '../../src/runtime/runtimes/upstream.ts';
import { nodeClient, pythonClient } from '../support/runtime-clients.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const runtimes = join(root, 'src/runtime/runtimes');

function projectFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.csproj')).map((name) => join(folder, name));
}

describe('stand-ins for AWS packages', () => {
  it('records each one once, with a version and where that version was read', () => {
    expect(new Set(standIns.map((s) => s.package)).size).toBe(standIns.length);
    for (const standIn of standIns) {
      expect(standIn.version, standIn.package).toMatch(/^\d+\.\d+(\.\d+)?$/);
      expect(standIn.source, standIn.package).toMatch(/@ [0-9a-f]{7}|class library/);
    }
  });

  it('follows the version of AWS\'s runtime client that the conformance suite holds our bootstraps to', () => {
    for (const client of [nodeClient, pythonClient]) {
      expect(standIns.find((s) => s.package === client.name)?.version, client.name).toBe(client.version);
    }
  });

  it('points at files that exist in its runtime folder', () => {
    for (const standIn of standIns) {
      for (const file of standIn.files) expect(existsSync(join(runtimes, standIn.folder, file)), `${standIn.folder}/${file}`).toBe(true);
    }
  });

  it('is named in its runtime folder\'s README, which says what differs from upstream', () => {
    for (const folder of new Set(standIns.map((s) => s.folder))) {
      const readme = readFileSync(join(runtimes, folder, 'README.md'), 'utf8');
      expect(readme, folder).toContain('../upstream.ts');
      expect(readme, folder).toMatch(/^## Where it differs from upstream$/m);
      for (const standIn of standIns.filter((s) => s.folder === folder)) expect(readme, `${folder}: ${standIn.package}`).toContain(`\`${standIn.package}\``);
    }
  });

  it('is the version every C# project of the course (labs, lesson samples, fixtures) references, and projects reference no package we do not stand in for', () => {
    const nuget = new Map(standIns.filter((s) => s.registry === 'NuGet').map((s) => [s.package, s.version]));
    const projects = ['labs', 'content', 'test/fixtures/dotnet'].flatMap((folder) => projectFiles(join(root, folder)));
    expect(projects.length).toBeGreaterThan(10);
    let references = 0;
    for (const project of projects) {
      const text = readFileSync(project, 'utf8');
      expect(text, project).toContain('<TargetFramework>net10.0</TargetFramework>');
      for (const [, name, version] of text.matchAll(/<PackageReference Include="([^"]+)" Version="([^"]+)"/g)) {
        references++;
        expect(nuget.has(name!), `${project}: ${name} has no stand-in here`).toBe(true);
        expect(version, `${project}: ${name}`).toBe(nuget.get(name!));
      }
    }
    expect(references).toBeGreaterThan(10);
  });
});
