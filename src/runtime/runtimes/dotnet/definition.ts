// C# (dotnet10, dotnet8): compiled with Mono's mcs and run on Mono, the .NET toolchain Debian packages
// (apt-get install mono-mcs). The bootstrap and our Amazon.Lambda.Core are compiled once per
// machine and version of their sources; the function's own .cs files once per source hash.

import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { CodeBuildError } from '../../errors.ts';
import { detectOnce, installHint, run, runtimeDir, versionOf, type BuildRequest, type RuntimeDefinition, type Toolchain } from '../toolchain.ts';

const here = runtimeDir('dotnet');
/**
 * Compiled into one assembly, Amazon.Lambda.Core.dll, which every function references: our stand-ins
 * for AWS's NuGet packages (upstream.ts), the JSON code behind them, and the KMS, DynamoDB and SQS helpers.
 */
const librarySources = [
  'Amazon.Lambda.Core.cs',
  'Amazon.Lambda.Serialization.SystemTextJson.cs',
  'Amazon.Lambda.APIGatewayEvents.cs',
  'Amazon.Lambda.APIGatewayEvents.HttpApi.cs',
  'Amazon.Lambda.APIGatewayEvents.Authorizers.cs',
  'System.Text.Json.cs',
  'LambdaDojo.JsonReader.cs',
  'LambdaDojo.JsonConvert.cs',
  'LambdaDojo.JsonWriter.cs',
  'LambdaDojo.AwsJson.cs',
  'LambdaDojo.Kms.cs',
  'LambdaDojo.DynamoDB.cs',
  'LambdaDojo.Sqs.cs',
];
const supportSources = [...librarySources, 'Bootstrap.cs', 'Bare.cs'];

/** Where the compiled bootstrap lives: one folder per version of its sources and of Mono. */
function supportFolder(monoVersion: string): string {
  const hash = createHash('sha256').update(monoVersion);
  for (const name of supportSources) hash.update(name).update(readFileSync(join(here, name)));
  const root = process.env.LAMBDA_DOJO_BUILD_CACHE ? join(process.env.LAMBDA_DOJO_BUILD_CACHE, '..', 'runtimes') : join(homedir(), '.cache', 'lambda-dojo', 'runtimes');
  return join(root, `dotnet-${hash.digest('hex').slice(0, 16)}`);
}

async function compileSupport(mono: string, mcs: string, folder: string): Promise<void> {
  if (existsSync(join(folder, 'bootstrap.exe'))) return;
  mkdirSync(join(folder, '..'), { recursive: true });
  const building = mkdtempSync(`${folder}.building-`);
  try {
    const common = ['-optimize+', '-debug', '-unsafe', '-nowarn:1591', `-pathmap:${here.replace(/[\\/]+$/, '')}=/var/runtime`];
    await run(mcs, [...common, '-target:library', `-out:${join(building, 'Amazon.Lambda.Core.dll')}`, ...librarySources.map((name) => join(here, name))], { timeout: 120_000 });
    await run(mcs, [...common, '-target:exe', `-r:${join(building, 'Amazon.Lambda.Core.dll')}`, `-out:${join(building, 'bootstrap.exe')}`, join(here, 'Bootstrap.cs')], { timeout: 120_000 });
    await run(mcs, [...common, '-target:exe', `-out:${join(building, 'bare.exe')}`, join(here, 'Bare.cs')], { timeout: 120_000 });
    // Ahead-of-time compiled, the runtime's own code starts about twice as fast. Mono needs the
    // system assembler and linker (binutils) for it; without them the JIT does the work instead.
    for (const file of ['Amazon.Lambda.Core.dll', 'bootstrap.exe']) {
      await run(mono, ['--aot', join(building, file)], { cwd: building, timeout: 120_000 }).catch(() => undefined);
    }
    try {
      renameSync(building, folder);
    } catch (error) {
      // Another process compiled the same sources meanwhile: theirs is as good as ours.
      if (!existsSync(join(folder, 'bootstrap.exe'))) throw error;
      rmSync(building, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
}

const toolchain = (): Promise<Toolchain | undefined> =>
  detectOnce('dotnet', async () => {
    const version = await versionOf('mono', ['--version']);
    if (!version || !(await versionOf('mcs', ['--version']))) return undefined;
    let folder = supportFolder(version);
    try {
      await compileSupport('mono', 'mcs', folder);
    } catch {
      // A read-only home: keep the compiled runtime in the temporary folder instead.
      folder = join(tmpdir(), 'lambda-dojo-runtimes', basename(folder));
      try {
        await compileSupport('mono', 'mcs', folder);
      } catch {
        return undefined;
      }
    }
    return { command: 'mono', version: `Mono ${version}`, tools: { mcs: 'mcs', support: folder } };
  });

/**
 * The .cs files of a project folder, as `dotnet build` would take them: bin and obj left out,
 * and so is a subfolder with a project file of its own (another project, a test project say).
 */
function sourceFiles(root: string, folder = root): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (folder === root && (entry.name === 'bin' || entry.name === 'obj')) continue;
      if (readdirSync(path).some((name) => name.endsWith('.csproj'))) continue;
      found.push(...sourceFiles(root, path));
    } else if (entry.isFile() && entry.name.endsWith('.cs')) {
      found.push(relative(root, path).split(sep).join('/'));
    }
  }
  return found.sort();
}

/**
 * The assembly's name: a project file's AssemblyName, else the project file's own name, else
 * the Assembly part of the handler. A build is cached by source alone, so a project file makes
 * the name independent of the handler string, as it is on Lambda.
 */
function assemblyName(source: string, handler: string): string {
  const projects = readdirSync(source).filter((name) => name.endsWith('.csproj'));
  if (projects.length === 1) {
    const declared = /<AssemblyName>\s*([^<\s]+)\s*<\/AssemblyName>/.exec(readFileSync(join(source, projects[0]!), 'utf8'))?.[1];
    return declared ?? projects[0]!.slice(0, -'.csproj'.length);
  }
  const named = handler.split('::')[0]?.trim().replace(/\.dll$/i, '');
  return named && /^[\w.-]+$/.test(named) ? named : 'Function';
}

async function build({ source, output, toolchain: found, handler }: BuildRequest): Promise<void> {
  const files = sourceFiles(source);
  if (files.length === 0) {
    throw new CodeBuildError('No C# source files (.cs) in the function\'s code folder.', '', undefined);
  }
  const name = assemblyName(source, handler);
  const support = found.tools!.support!;
  const args = [
    '-target:library',
    '-debug',
    '-nologo',
    // Stack traces name files as the project has them (./Function.cs), not by a temporary path.
    `-pathmap:${source.replace(/[\\/]+$/, '')}=.`,
    `-out:${join(output, `${name}.dll`)}`,
    `-r:${join(support, 'Amazon.Lambda.Core.dll')}`,
    '-r:System.Core.dll',
    '-r:System.Numerics.dll',
    '-r:Microsoft.CSharp.dll',
    ...files,
  ];
  // Files the code reads at run time (data, settings) go into the package beside the assembly,
  // as a project's content files do; sources, project files and build folders stay behind.
  // Copied first, so the compiled assembly wins a name clash.
  cpSync(source, output, {
    recursive: true,
    filter: (path) => {
      const rel = relative(source, path);
      if (rel === '') return true;
      const parts = rel.split(sep);
      if (parts.some((part) => part.startsWith('.')) || parts[0] === 'bin' || parts[0] === 'obj') return false;
      return !/\.(cs|csproj|sln)$/i.test(rel);
    },
  });
  try {
    await run(found.tools!.mcs!, args, { cwd: source, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    const text = `${stdout}${stderr}`.trim();
    // mcs: "Function.cs(12,5): error CS1525: Unexpected symbol `}'"
    const first = /^(.+?)\((\d+),\d+\): error (CS\d+: .*)$/m.exec(text);
    if (first) {
      const file = first[1]!.replace(/^[\\/]+/, '');
      throw new CodeBuildError(`C# compile error in ${file} line ${first[2]}: ${first[3]}`, text, { file, line: Number(first[2]) });
    }
    throw new CodeBuildError(`The C# compiler failed: ${text.split('\n')[0] || (error as Error).message}`, text || (error as Error).message);
  }
}

function dotnet(version: string): RuntimeDefinition {
  return {
    id: `dotnet${version}`,
    family: 'dotnet',
    languageVersion: version,
    detect: toolchain,
    build,
    // --debug: line numbers in stack traces, read from the .mdb files the builds write.
    launch: (found) => ({ command: found.command, args: ['--debug', join(found.tools!.support!, 'bootstrap.exe')], runtimeDir: here }),
    installHint: installHint('mono-mcs', 'mono'),
  };
}

// Source: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (dotnet10 since
// 2026-01-08); dates, deprecated ones included: deprecation.ts. Both run on Mono here: its C#
// compiler and class library, not .NET's (see README.md), and the cold start says so.
export const definitions = [dotnet('8'), dotnet('10')];
