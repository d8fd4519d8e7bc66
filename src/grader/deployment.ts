// Turns a lab and a folder of code into a function configuration: the lab's settings, with
// the folder's function.json (the learner's own settings) on top, as a SAM template would.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import type { LambdaService } from '../runtime/service.ts';
import type { FunctionConfigurationInput } from '../runtime/types.ts';
import { buildInCache, defaultBuildCacheDir } from '../runtime/registry/build-cache.ts';
import { copyTree } from '../runtime/registry/code-snapshot.ts';
import { findRuntime } from '../runtime/runtimes/registry.ts';
import { zipFolder } from '../runtime/registry/zip.ts';
import type { LabDefinition, Language } from './lab-types.ts';

export const settingsFile = 'function.json';

export class SettingsFileError extends Error {
  override name = 'SettingsFileError';
}

interface Settings {
  MemorySize?: number;
  Timeout?: number;
  Environment?: { Variables?: Record<string, string> };
  /** Layer folders, relative to the code folder, in the order Lambda extracts them. */
  Layers?: string[];
}

function readSettings(codeFolder: string): Settings {
  const file = join(codeFolder, settingsFile);
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SettingsFileError(`${file} is not valid JSON (${(error as Error).message}). Fix it, or run the lab with --reset to start again.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SettingsFileError(`${file} must hold a JSON object such as {"MemorySize": 256, "Timeout": 3}.`);
  }
  const allowed = ['MemorySize', 'Timeout', 'Environment', 'Layers'];
  const unknown = Object.keys(parsed).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw new SettingsFileError(`${file} has ${unknown.map((k) => `"${k}"`).join(', ')}, which this lab does not use. Allowed: ${allowed.join(', ')}.`);
  }
  const layers = (parsed as Settings).Layers;
  if (layers !== undefined && (!Array.isArray(layers) || layers.some((l) => typeof l !== 'string'))) {
    throw new SettingsFileError(`${file}: "Layers" must be a list of layer folders, such as ["layers/common"].`);
  }
  return parsed as Settings;
}

export function functionInput(lab: LabDefinition, language: Language, runtime: string, codeFolder: string, functionName: string, layerArns: string[] = []): FunctionConfigurationInput {
  const handler = lab.function.handler[language];
  if (!handler) throw new SettingsFileError(`Lab ${lab.number} has no handler for ${language}.`);
  const settings = readSettings(codeFolder);
  const variables = { ...lab.function.environment, ...settings.Environment?.Variables };
  const memorySize = settings.MemorySize ?? lab.function.memorySize;
  const timeout = settings.Timeout ?? lab.function.timeout;
  return {
    FunctionName: functionName,
    Runtime: runtime,
    Handler: handler,
    Code: { Directory: lab.function.codeDirectory ? join(codeFolder, lab.function.codeDirectory) : codeFolder },
    ...(memorySize !== undefined ? { MemorySize: memorySize } : {}),
    ...(timeout !== undefined ? { Timeout: timeout } : {}),
    Environment: { Variables: variables },
    ...(layerArns.length > 0 ? { Layers: layerArns } : {}),
  };
}

/**
 * Publishes the layers the code folder's function.json names (each folder zipped, as a learner
 * would upload it) and creates the function with them. Errors are Lambda's own.
 */
export async function deployLab(service: LambdaService, lab: LabDefinition, language: Language, runtime: string, codeFolder: string, functionName: string): Promise<void> {
  const layers = readSettings(codeFolder).Layers ?? [];
  const arns: string[] = [];
  for (const folder of layers) {
    const path = join(codeFolder, folder);
    if (!existsSync(path)) throw new SettingsFileError(`${join(codeFolder, settingsFile)} lists the layer folder "${folder}", which does not exist in ${codeFolder}.`);
    const name = `lab${lab.number}-${folder.replace(/[^a-zA-Z0-9_-]+/g, '-').replace(/^-+|-+$/g, '')}`;
    arns.push(service.publishLayerVersion({ LayerName: name, Content: { ZipFile: await zipLayer(path) } }).LayerVersionArn);
  }
  await service.createFunction(functionInput(lab, language, runtime, codeFolder, functionName, arns));
}

/** Every `<dir>/jar-src/<name>/` folder of a layer: Java sources to build into `<dir>/lib/<name>.jar`. */
function jarSources(folder: string, found: string[] = []): string[] {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(folder, entry.name);
    if (entry.name === 'jar-src') found.push(...readdirSync(path, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(path, e.name)));
    else jarSources(path, found);
  }
  return found;
}

/**
 * Zips a layer folder as a learner would upload it. A layer may carry a Java library as source
 * (`java/jar-src/<name>/`): it is compiled into `java/lib/<name>.jar` first, as `mvn package`
 * would before a real upload, so the course ships no binaries.
 */
async function zipLayer(folder: string): Promise<Buffer> {
  const sources = jarSources(folder);
  if (sources.length === 0) return zipFolder(folder);
  const jdk = await findRuntime('java17')?.detect();
  const javac = jdk?.tools?.javac;
  if (!jdk || !javac) throw new SettingsFileError(`The layer ${folder} holds Java sources to build into a jar (${relative(folder, sources[0]!)}), which needs the JDK: install it (npm run doctor says how).`);
  const work = mkdtempSync(join(tmpdir(), 'lambda-dojo-layer-'));
  try {
    const copy = join(work, 'layer');
    copyTree(folder, copy);
    for (const source of sources) {
      const inCopy = join(copy, relative(folder, source));
      const files = listJava(inCopy);
      // Built once per source and JDK in the build cache, like function builds: the same jar
      // bytes each time, so the layer's hash, and the builds of functions using it, stay the same.
      const key = createHash('sha256').update(`${javac}\n${jdk.version}\n`);
      for (const file of files) key.update(`${relative(inCopy, file)}\n`).update(readFileSync(file));
      const built = await buildInCache(defaultBuildCacheDir(), 'javalayer', key.digest('hex'), async (output) => {
        const classes = join(work, 'classes', basename(source));
        mkdirSync(classes, { recursive: true });
        const compiled = spawnSync(javac, ['-encoding', 'UTF-8', '-d', classes, ...files], { encoding: 'utf8', timeout: 120_000 });
        if (compiled.status !== 0) throw new SettingsFileError(`The layer's Java library ${relative(folder, source)} does not compile:\n${compiled.stderr || compiled.error?.message}`);
        writeFileSync(join(output, 'library.jar'), zipFolder(classes));
      });
      const lib = join(dirname(dirname(inCopy)), 'lib');
      mkdirSync(lib, { recursive: true });
      copyFileSync(join(built, 'library.jar'), join(lib, `${basename(source)}.jar`));
    }
    // The sources stay out of the layer, as they would stay out of a real upload.
    for (const source of sources) rmSync(join(copy, relative(folder, dirname(source))), { recursive: true, force: true });
    return zipFolder(copy);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function listJava(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listJava(join(folder, e.name)) : e.name.endsWith('.java') ? [join(folder, e.name)] : []));
}
