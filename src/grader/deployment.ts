// The deployer: turns a lab and a folder of code into resources on a target (the layers its
// function.json names, the function with the lab's settings and the learner's own on top, as a
// SAM template would, and what lab.ts says it needs, such as a key service) and tears them down.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { buildInCache, copyTree, defaultBuildCacheDir, findRuntime, zipFolder } from '../runtime/service.ts';
import type { LabDefinition, Language } from './lab-types.ts';
import type { LambdaTarget } from './target.ts';
import { learnerTemplateParameters, openLabStack } from './targets/lab-stack.ts';
import { TargetRefused, type FunctionSpec, type LabTarget, type ProvidedNeeds, type TargetOutputs } from './targets/lab-target.ts';

export const settingsFile = 'function.json';

export class SettingsFileError extends Error {
  override name = 'SettingsFileError';
}

export interface Settings {
  MemorySize?: number;
  Timeout?: number;
  Environment?: { Variables?: Record<string, string> };
  /** Layer folders, relative to the code folder, in the order Lambda extracts them. */
  Layers?: string[];
  /** The scaling of the lab's event source mapping (a lab whose stack template takes it). */
  EventSourceMapping?: MappingSettings;
}

/** What a learner may set on a lab's mapping: the template's LearnerParallelizationFactor and LearnerBatchSize. */
export interface MappingSettings {
  ParallelizationFactor?: number;
  BatchSize?: number;
}

// DG services-kinesis-parameters.html: ParallelizationFactor 1-10, a stream's BatchSize 1-10,000.
const mappingRules: Record<keyof MappingSettings, { min: number; max: number; example: number }> = {
  ParallelizationFactor: { min: 1, max: 10, example: 5 },
  BatchSize: { min: 1, max: 10_000, example: 100 },
};

function readMappingSettings(file: string, value: unknown): MappingSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SettingsFileError(`${file}: "EventSourceMapping" is ${JSON.stringify(value)}, but it must be an object such as {"ParallelizationFactor": 5, "BatchSize": 100}.`);
  }
  const names = Object.keys(mappingRules);
  const unknown = Object.keys(value).filter((k) => !names.includes(k));
  if (unknown.length > 0) {
    throw new SettingsFileError(`${file}: "EventSourceMapping" has ${unknown.map((k) => `"${k}"`).join(', ')}, which the lab's mapping does not take from you. Allowed: ${names.join(', ')}.`);
  }
  for (const [name, rule] of Object.entries(mappingRules)) {
    const n = (value as Record<string, unknown>)[name];
    if (n === undefined) continue;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < rule.min || n > rule.max) {
      throw new SettingsFileError(`${file}: "EventSourceMapping"."${name}" is ${JSON.stringify(n)}, but it must be a whole number from ${rule.min} to ${rule.max}: write, for example, "${name}": ${rule.example}.`);
    }
  }
  return value as MappingSettings;
}

export function readSettings(codeFolder: string): Settings {
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
  const allowed = ['MemorySize', 'Timeout', 'Environment', 'Layers', 'EventSourceMapping'];
  const unknown = Object.keys(parsed).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw new SettingsFileError(`${file} has ${unknown.map((k) => `"${k}"`).join(', ')}, which this lab does not use. Allowed: ${allowed.join(', ')}.`);
  }
  const layers = (parsed as Settings).Layers;
  if (layers !== undefined && (!Array.isArray(layers) || layers.some((l) => typeof l !== 'string'))) {
    throw new SettingsFileError(`${file}: "Layers" must be a list of layer folders, such as ["layers/common"].`);
  }
  const mapping = (parsed as Settings).EventSourceMapping;
  if (mapping !== undefined) readMappingSettings(file, mapping);
  return parsed as Settings;
}

/** The function's own settings: the lab's, with the learner's function.json on top. */
export function functionSpec(lab: LabDefinition, language: Language, runtime: string, codeFolder: string, functionName: string, layerArns: string[] = []): FunctionSpec {
  const handler = lab.function.handler[language];
  if (!handler) throw new SettingsFileError(`Lab ${lab.number} has no handler for ${language}.`);
  const settings = readSettings(codeFolder);
  const memorySize = settings.MemorySize ?? lab.function.memorySize;
  const timeout = settings.Timeout ?? lab.function.timeout;
  return {
    name: functionName,
    runtime,
    handler,
    codeFolder: lab.function.codeDirectory ? join(codeFolder, lab.function.codeDirectory) : codeFolder,
    ...(memorySize !== undefined ? { memorySize } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    environment: { ...lab.function.environment, ...settings.Environment?.Variables },
    layers: layerArns,
    lab: lab.number,
  };
}

/** The layer folders function.json names, each checked to exist. */
export function layerFolders(codeFolder: string): string[] {
  return (readSettings(codeFolder).Layers ?? []).map((folder) => {
    if (!existsSync(join(codeFolder, folder))) throw new SettingsFileError(`${join(codeFolder, settingsFile)} lists the layer folder "${folder}", which does not exist in ${codeFolder}.`);
    return folder;
  });
}

/**
 * function.json's EventSourceMapping, refused (before anything is made) for a lab whose stack
 * template does not take it, so a setting never does nothing in silence.
 */
export function mappingSettings(lab: LabDefinition, codeFolder: string): MappingSettings {
  const mapping = readSettings(codeFolder).EventSourceMapping ?? {};
  const set = Object.keys(mapping) as Array<keyof MappingSettings>;
  if (set.length === 0) return mapping;
  const declared = lab.needs?.stack ? learnerTemplateParameters(lab.needs.stack.template) : [];
  const ignored = set.filter((name) => !declared.includes(`Learner${name}`));
  if (ignored.length > 0) {
    throw new SettingsFileError(`${join(codeFolder, settingsFile)} sets "EventSourceMapping"."${ignored.join('", "')}", but lab ${lab.number} has no event source mapping that takes it from you: remove it from function.json.`);
  }
  return mapping;
}

/** Languages whose code Lambda runs only once built (a jar, a bootstrap binary, an assembly). */
const builtLanguages: Language[] = ['java', 'dotnet', 'go'];

export interface Deployment {
  function: LambdaTarget & { arn: string };
  needs: ProvidedNeeds;
  outputs: TargetOutputs;
  /** Deletes what was made, last first; never throws (what could not be deleted is returned). */
  teardown(): Promise<string[]>;
}

/**
 * Makes the lab's resources on the target: its needs, the layers function.json names (each folder
 * zipped, as a learner would upload it), then the function. Errors are the target's own; what was
 * made before one is removed again.
 */
export async function deployLab(target: LabTarget, lab: LabDefinition, language: Language, runtime: string, codeFolder: string, functionName: string): Promise<Deployment> {
  if (target.kind === 'aws' && builtLanguages.includes(language)) {
    throw new TargetRefused(
      'BuildNeeded',
      `On AWS, ${language} code runs once built, which this command does not do: export the lab as a SAM template (npm run lab ${lab.number} -- --template) and deploy it with sam build && sam deploy, or grade in Node.js, Python or Ruby.`,
    );
  }
  const undo: Array<[string, () => Promise<unknown>]> = [];
  const teardown = async () => {
    const left: string[] = [];
    for (const [what, remove] of undo.reverse()) await remove().catch((error: Error) => left.push(`${what}: ${error.message}`));
    undo.length = 0;
    return left;
  };
  try {
    const needs: ProvidedNeeds = {};
    if (lab.needs?.keyService) {
      const keys = await target.provideKeyService({ ...lab.needs.keyService, lab: lab.number });
      undo.push([`the key ${keys.keyId}`, () => keys.release()]);
      needs.keyService = keys;
    }
    const mapping = mappingSettings(lab, codeFolder);
    const stack = lab.needs?.stack ? await openLabStack(target, lab.number, lab.needs.stack) : undefined;
    if (stack) undo.push([`lab ${lab.number}'s stack`, () => stack.release()]);
    if (lab.needs?.backend) {
      const backend = await target.provideBackend(lab.needs.backend, lab.number);
      undo.push([`the backend at ${backend.url}`, () => backend.release()]);
      needs.backend = backend;
    }
    const arns: string[] = [];
    for (const folder of layerFolders(codeFolder)) {
      const name = `lab${lab.number}-${folder.replace(/[^a-zA-Z0-9_-]+/g, '-').replace(/^-+|-+$/g, '')}`;
      const arn = await target.publishLayer(name, await zipLayer(join(codeFolder, folder)), lab.number);
      undo.push([`the layer ${arn}`, () => target.deleteLayer(arn)]);
      arns.push(arn);
    }
    const spec = functionSpec(lab, language, runtime, codeFolder, functionName, arns);
    spec.environment = { ...spec.environment, ...needs.keyService?.environment, ...needs.backend?.environment, ...stack?.environment };
    await target.deleteFunction(functionName);
    const fn = await target.createFunction(spec).catch(async (error: unknown) => {
      // A function that failed to become Active still exists on the target.
      if (error instanceof TargetRefused) await target.deleteFunction(functionName).catch(() => undefined);
      throw error;
    });
    undo.push([`the function ${functionName}`, () => target.deleteFunction(functionName)]);
    if (stack) {
      needs.stack = await stack.start(fn, functionName, mapping);
      // Stopped before the learner's function is deleted, so nothing of the stack calls a missing function.
      undo.push([`lab ${lab.number}'s stack`, () => stack.release()]);
    }
    const endpoint = target.kind === 'aws' ? `https://lambda.${target.region}.amazonaws.com` : String(await target.clients.lambda.config.endpoint?.().then((e) => `${e.protocol}//${e.hostname}${e.port ? `:${e.port}` : ''}`));
    return { function: fn, needs, outputs: { endpoint, functions: { Function: { name: functionName, arn: fn.arn } } }, teardown };
  } catch (error) {
    await teardown();
    throw error;
  }
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
