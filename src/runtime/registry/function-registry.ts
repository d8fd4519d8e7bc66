// Functions, their versions and aliases: what is deployed and which version a name runs.
// $LATEST changes with updateFunctionCode/Configuration; published versions never change.
// It knows nothing of environments: the service retires those when a version changes.

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LambdaServiceError } from '../errors.ts';
import { limits } from '../limits.ts';
import { findRuntime, type RuntimeDefinition, type Toolchain } from '../runtimes/registry.ts';
import type { FunctionConfiguration, FunctionConfigurationInput } from '../types.ts';
import { checkAliasName, checkAliasTarget, chooseVersion, type AliasConfiguration, type AliasInput } from './aliases.ts';
import { buildOnce } from './build-cache.ts';
import { snapshotCode } from './code-snapshot.ts';
import { checkDeadLetterConfig, checkEnvironment, checkFunctionName, checkHandler, checkRuntime, checkWholeNumberInRange } from './configuration.ts';
import type { LayerStore, StoredLayer } from './layers.ts';

/** One version of a function ($LATEST or a published number): what runs. */
export interface FunctionVersion {
  config: FunctionConfiguration;
  /** The code as deployed. */
  code: string;
  /** What environments run: the code itself, or its build for compiled languages. */
  artifact: string;
  runtime: RuntimeDefinition;
  toolchain: Toolchain;
  layers: StoredLayer[];
}

interface FunctionRecord {
  latest: FunctionVersion;
  /** Published versions by number: immutable snapshots of $LATEST. */
  published: Map<string, FunctionVersion>;
  aliases: Map<string, AliasConfiguration>;
  nextVersion: number;
}

export interface RegistryOptions {
  region: string;
  accountId: string;
  /** The service's own folder: deployed code is kept under its code/ folder. */
  root: string;
  buildCacheDir: string;
  layers: LayerStore;
}

export type ConfigurationChanges = Partial<Omit<FunctionConfigurationInput, 'FunctionName' | 'Code'>>;

export class FunctionRegistry {
  private readonly functions = new Map<string, FunctionRecord>();
  private codeRevision = 0;

  private readonly options: RegistryOptions;

  constructor(options: RegistryOptions) {
    this.options = options;
  }

  functionArn(name: string, qualifier?: string): string {
    return `arn:aws:lambda:${this.options.region}:${this.options.accountId}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
  }

  /** `accepted` hears the configuration once every check passed, before the (possibly slow) build. */
  async create(input: FunctionConfigurationInput, accepted?: (config: FunctionConfiguration) => void): Promise<FunctionVersion> {
    const name = checkFunctionName(input.FunctionName);
    if (this.functions.has(name)) {
      throw new LambdaServiceError('ResourceConflictException', `Function already exist: ${name}. Delete it first, or use updateFunctionCode / updateFunctionConfiguration.`);
    }
    const { config, runtime, toolchain, layers } = await this.resolveConfiguration({ ...input, FunctionName: name }, undefined);
    const snapshot = snapshotCode(input.Code?.Directory, this.newCodeFolder(name));
    let artifact: string;
    try {
      checkTotalSize(snapshot.size, layers);
      accepted?.({ ...structuredClone(config), CodeSha256: snapshot.sha256, CodeSize: snapshot.size });
      artifact = await buildOnce(this.options.buildCacheDir, runtime, toolchain, snapshot.directory, snapshot.sha256, config.Handler, layers);
    } catch (error) {
      rmSync(snapshot.directory, { recursive: true, force: true });
      throw error;
    }
    const latest: FunctionVersion = { config: { ...config, CodeSha256: snapshot.sha256, CodeSize: snapshot.size }, code: snapshot.directory, artifact, runtime, toolchain, layers };
    this.functions.set(name, { latest, published: new Map(), aliases: new Map(), nextVersion: 1 });
    return latest;
  }

  /** New code for $LATEST. The caller retires $LATEST's environments. */
  async updateCode(name: string, code: { Directory: string }, accepted?: (config: FunctionConfiguration) => void): Promise<FunctionVersion> {
    const latest = this.record(name).latest;
    const snapshot = snapshotCode(code?.Directory, this.newCodeFolder(name));
    try {
      checkTotalSize(snapshot.size, latest.layers);
      accepted?.({ ...structuredClone(latest.config), CodeSha256: snapshot.sha256, CodeSize: snapshot.size });
      latest.artifact = await buildOnce(this.options.buildCacheDir, latest.runtime, latest.toolchain, snapshot.directory, snapshot.sha256, latest.config.Handler, latest.layers);
    } catch (error) {
      rmSync(snapshot.directory, { recursive: true, force: true });
      throw error;
    }
    const old = latest.code;
    latest.code = snapshot.directory;
    Object.assign(latest.config, { CodeSha256: snapshot.sha256, CodeSize: snapshot.size, LastModified: new Date().toISOString() });
    this.removeCodeUnlessPublished(name, old);
    return latest;
  }

  /** New configuration for $LATEST. The caller retires $LATEST's environments. */
  async updateConfiguration(name: string, changes: ConfigurationChanges, accepted?: (config: FunctionConfiguration) => void): Promise<FunctionVersion> {
    const latest = this.record(name).latest;
    const merged = {
      FunctionName: name,
      Runtime: changes.Runtime ?? latest.config.Runtime,
      Handler: changes.Handler ?? latest.config.Handler,
      MemorySize: changes.MemorySize ?? latest.config.MemorySize,
      Timeout: changes.Timeout ?? latest.config.Timeout,
      Environment: changes.Environment ?? latest.config.Environment,
      EphemeralStorage: changes.EphemeralStorage ?? latest.config.EphemeralStorage,
      Description: changes.Description ?? latest.config.Description,
      Layers: changes.Layers ?? latest.config.Layers.map((l) => l.Arn),
      DeadLetterConfig: changes.DeadLetterConfig ?? latest.config.DeadLetterConfig,
    };
    const { config, runtime, toolchain, layers } = await this.resolveConfiguration(merged, latest.config);
    checkTotalSize(latest.config.CodeSize, layers);
    accepted?.({ ...structuredClone(config), CodeSha256: latest.config.CodeSha256, CodeSize: latest.config.CodeSize });
    const sameLayers = layers.map((l) => l.info.LayerVersionArn).join() === latest.layers.map((l) => l.info.LayerVersionArn).join();
    const artifact =
      runtime === latest.runtime && sameLayers ? latest.artifact : await buildOnce(this.options.buildCacheDir, runtime, toolchain, latest.code, latest.config.CodeSha256, config.Handler, layers);
    Object.assign(latest, { runtime, toolchain, artifact, layers });
    latest.config = { ...config, CodeSha256: latest.config.CodeSha256, CodeSize: latest.config.CodeSize };
    return latest;
  }

  /** Removes the function and its code; returns every version it had, for the caller to retire. */
  delete(name: string): FunctionVersion[] {
    const record = this.record(name);
    this.functions.delete(name);
    const versions = [record.latest, ...record.published.values()];
    for (const code of new Set(versions.map((v) => v.code))) rmSync(code, { recursive: true, force: true });
    return versions;
  }

  /**
   * Removes one published version (DeleteFunction with a Qualifier). $LATEST goes only with the
   * function, and a version an alias points at stays until the alias moves (API_DeleteFunction.html).
   * Returns the version, for the caller to retire.
   */
  deleteVersion(name: string, version: string): FunctionVersion {
    const record = this.record(name);
    if (version === '$LATEST') throw new LambdaServiceError('InvalidParameterValueException', '$LATEST version cannot be deleted without deleting the function: leave out the Qualifier to delete it all.');
    const found = record.published.get(version);
    if (!found) throw new LambdaServiceError('ResourceNotFoundException', `Function not found: ${this.functionArn(name, version)}. Versions of ${name}: ${[...record.published.keys()].join(', ') || 'none published'}.`);
    const users = [...record.aliases.values()].filter((a) => a.FunctionVersion === version || Object.keys(a.RoutingConfig?.AdditionalVersionWeights ?? {}).includes(version));
    if (users.length > 0) {
      throw new LambdaServiceError('ResourceConflictException', `Unable to delete version because the following aliases reference it: [${users.map((a) => a.Name).join(', ')}]. Move them to another version first (updateAlias).`);
    }
    record.published.delete(version);
    const stillUsed = record.latest.code === found.code || [...record.published.values()].some((v) => v.code === found.code);
    if (!stillUsed) rmSync(found.code, { recursive: true, force: true });
    return found;
  }

  /**
   * Snapshots $LATEST's code and configuration as the next numbered version, which never
   * changes again. Publishing with nothing changed since the last version returns that version.
   */
  publishVersion(name: string, options: { Description?: string } = {}): FunctionConfiguration {
    const record = this.record(name);
    const latest = record.latest;
    const previous = [...record.published.values()].at(-1);
    if (previous && sameDeployment(previous.config, latest.config)) return structuredClone(previous.config);
    const number = String(record.nextVersion++);
    const config: FunctionConfiguration = {
      ...structuredClone(latest.config),
      Version: number,
      FunctionArn: this.functionArn(name, number),
      Description: options.Description ?? latest.config.Description,
    };
    record.published.set(number, { ...latest, config });
    return structuredClone(config);
  }

  versions(name: string): FunctionVersion[] {
    const record = this.record(name);
    return [record.latest, ...record.published.values()];
  }

  allVersions(): FunctionVersion[] {
    return [...this.functions.values()].flatMap((r) => [r.latest, ...r.published.values()]);
  }

  latestVersions(): FunctionVersion[] {
    return [...this.functions.values()].map((r) => r.latest);
  }

  isLive(version: FunctionVersion): boolean {
    return this.allVersions().includes(version);
  }

  createAlias(name: string, input: AliasInput): AliasConfiguration {
    const record = this.record(name);
    const aliasName = checkAliasName(input.Name);
    if (record.aliases.has(aliasName)) {
      throw new LambdaServiceError('ResourceConflictException', `Alias already exists: ${this.functionArn(name, aliasName)}. Use updateAlias to move it.`);
    }
    checkAliasTarget(input, (v) => v === '$LATEST' || record.published.has(v), this.functionArn(name));
    const alias: AliasConfiguration = {
      AliasArn: this.functionArn(name, aliasName),
      Name: aliasName,
      FunctionVersion: input.FunctionVersion,
      Description: input.Description ?? '',
      ...(input.RoutingConfig ? { RoutingConfig: structuredClone(input.RoutingConfig) } : {}),
    };
    record.aliases.set(aliasName, alias);
    return structuredClone(alias);
  }

  updateAlias(name: string, aliasName: string, changes: Partial<Omit<AliasInput, 'Name'>>): AliasConfiguration {
    const record = this.record(name);
    const next = { ...this.alias(record, name, aliasName), ...changes };
    checkAliasTarget(next, (v) => v === '$LATEST' || record.published.has(v), this.functionArn(name));
    record.aliases.set(aliasName, next);
    return structuredClone(next);
  }

  listAliases(name: string): AliasConfiguration[] {
    return [...this.record(name).aliases.values()].map((a) => structuredClone(a)).sort((a, b) => a.Name.localeCompare(b.Name));
  }

  getAlias(name: string, aliasName: string): AliasConfiguration {
    return structuredClone(this.alias(this.record(name), name, aliasName));
  }

  deleteAlias(name: string, aliasName: string): void {
    const record = this.record(name);
    this.alias(record, name, aliasName);
    record.aliases.delete(aliasName);
  }

  /** Which version a (qualified) name runs, and the ARN the function sees as invokedFunctionArn. */
  resolve(name: string, qualifier: string | undefined): { version: FunctionVersion; invokedFunctionArn: string } {
    const record = this.record(name);
    if (qualifier === undefined) return { version: record.latest, invokedFunctionArn: this.functionArn(name) };
    const invokedFunctionArn = this.functionArn(name, qualifier);
    if (qualifier === '$LATEST') return { version: record.latest, invokedFunctionArn };
    const published = record.published.get(qualifier);
    if (published) return { version: published, invokedFunctionArn };
    const alias = record.aliases.get(qualifier);
    if (alias) {
      const chosen = chooseVersion(alias);
      return { version: chosen === '$LATEST' ? record.latest : record.published.get(chosen)!, invokedFunctionArn };
    }
    const known = [...record.published.keys(), ...record.aliases.keys()];
    throw new LambdaServiceError(
      'ResourceNotFoundException',
      `Function not found: ${invokedFunctionArn}. ${name} has $LATEST${known.length ? `, ${known.join(', ')}` : ''}; publish a version or create an alias first.`,
    );
  }

  /** Accepts a name, "name:qualifier", or a full or partial ARN, as Invoke does. */
  parseFunctionName(value: string, qualifier?: string): { name: string; qualifier?: string } {
    const arn = /^(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:)?([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/.exec(value ?? '');
    if (!arn) {
      throw new LambdaServiceError(
        'ValidationException',
        `1 validation error detected: Value '${value}' at 'functionName' failed to satisfy constraint: Member must be a function name, name:qualifier or a function ARN.`,
      );
    }
    const fromName = arn[2];
    if (fromName && qualifier && fromName !== qualifier) {
      throw new LambdaServiceError('InvalidParameterValueException', `The qualifier in the function name (${fromName}) and the Qualifier parameter (${qualifier}) differ: give one.`);
    }
    const q = fromName ?? qualifier;
    return { name: arn[1]!, ...(q ? { qualifier: q } : {}) };
  }

  private async resolveConfiguration(input: Omit<FunctionConfigurationInput, 'Code'>, previous: FunctionConfiguration | undefined) {
    const runtimeId = checkRuntime(input.Runtime);
    const runtime = findRuntime(runtimeId)!;
    const toolchain = await runtime.detect();
    if (!toolchain) {
      throw new LambdaServiceError('InvalidParameterValueException', `The runtime ${runtimeId} needs ${runtime.family} on this machine, and it was not found. ${runtime.installHint}`);
    }
    const layers = this.options.layers.resolve(input.Layers);
    const config: FunctionConfiguration = {
      FunctionName: input.FunctionName,
      FunctionArn: this.functionArn(input.FunctionName),
      Runtime: runtimeId,
      Handler: checkHandler(input.Handler),
      MemorySize: checkWholeNumberInRange('memorySize', input.MemorySize ?? limits.memorySize.default, limits.memorySize),
      Timeout: checkWholeNumberInRange('timeout', input.Timeout ?? limits.timeout.default, limits.timeout),
      Environment: { Variables: checkEnvironment(input.Environment?.Variables) },
      EphemeralStorage: {
        Size: checkWholeNumberInRange('ephemeralStorage.size', input.EphemeralStorage?.Size ?? limits.ephemeralStorage.default, limits.ephemeralStorage),
      },
      Description: input.Description ?? '',
      Version: '$LATEST',
      LastModified: new Date().toISOString(),
      CodeSha256: previous?.CodeSha256 ?? '',
      CodeSize: previous?.CodeSize ?? 0,
      Layers: layers.map((l) => ({ Arn: l.info.LayerVersionArn, CodeSize: l.info.Content.CodeSize })),
    };
    const deadLetter = checkDeadLetterConfig(input.DeadLetterConfig);
    if (deadLetter) config.DeadLetterConfig = deadLetter;
    return { config, runtime, toolchain, layers };
  }

  private record(name: string): FunctionRecord {
    const record = this.functions.get(name);
    if (!record) throw new LambdaServiceError('ResourceNotFoundException', `Function not found: ${this.functionArn(name)}. Create it first.`);
    return record;
  }

  private alias(record: FunctionRecord, name: string, aliasName: string): AliasConfiguration {
    const alias = record.aliases.get(aliasName);
    if (!alias) throw new LambdaServiceError('ResourceNotFoundException', `Alias not found: ${this.functionArn(name, aliasName)}.`);
    return alias;
  }

  private newCodeFolder(name: string): string {
    mkdirSync(join(this.options.root, 'code'), { recursive: true });
    return join(this.options.root, 'code', `${name}-${++this.codeRevision}`);
  }

  /** $LATEST's old code goes when nothing published still runs it. */
  private removeCodeUnlessPublished(name: string, code: string): void {
    const record = this.functions.get(name);
    if (record && [...record.published.values()].some((v) => v.code === code)) return;
    rmSync(code, { recursive: true, force: true });
  }
}

/** Function code and its layers together may unzip to at most 250 MB. Source: gettingstarted-limits.html. */
function checkTotalSize(codeSize: number, layers: StoredLayer[]): void {
  const total = codeSize + layers.reduce((sum, l) => sum + l.info.Content.CodeSize, 0);
  const max = limits.unzippedCodeSize.max;
  if (total > max) {
    throw new LambdaServiceError(
      'InvalidParameterValueException',
      `Function code combined with layers exceeds the maximum allowed size of ${max} bytes. The actual size is ${total} bytes (code ${codeSize}, layers ${total - codeSize}). Drop a layer or trim the code.`,
    );
  }
}

/** Code and configuration as publishVersion compares them: same means no new version. */
function sameDeployment(a: FunctionConfiguration, b: FunctionConfiguration): boolean {
  const strip = ({ Version, FunctionArn, LastModified, Description, ...rest }: FunctionConfiguration) => JSON.stringify(rest);
  return strip(a) === strip(b);
}
