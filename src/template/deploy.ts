// Starts what a checked template declares on a LambdaService: its layers first (a function's
// Layers refer to their version ARNs), then its functions, built side by side, each with its
// AutoPublishAlias. Every value a property takes goes through the template's intrinsics first.
// A function without FunctionName is named by its logical id, as `sam local` names it.

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import { CodeBuildError, LambdaServiceError } from '../runtime/errors.ts';
import { extractZip, ZipError } from '../runtime/registry/zip.ts';
import type { AliasConfiguration, AliasInput } from '../runtime/registry/aliases.ts';
import type { EventInvokeConfigInput, FunctionConfiguration, FunctionConfigurationInput, LayerVersion, PublishLayerVersionInput } from '../runtime/types.ts';
import { asyncSettingsOf, eventInvokeConfigResource } from './async-settings.ts';
import { missingHandlerFile, unbuiltDependencies } from './handler-file.ts';
import { noValue, resolve, RuleError } from './intrinsics.ts';
import type { ResourcePlan, TemplatePlan } from './load.ts';
import type { Json } from './parse.ts';
import { stackParts } from './parts/index.ts';
import { templateScope } from './scope.ts';
import type { References } from './stack-parts.ts';
import { TemplateError } from './template-error.ts';

export interface DeployedFunction {
  logicalId: string;
  name: string;
  arn: string;
  runtime: string;
  alias?: { name: string; arn: string; version: string };
}

export interface DeployedLayer {
  logicalId: string;
  arn: string;
}

export interface DeployedStack {
  functions: Record<string, DeployedFunction>;
  layers: Record<string, DeployedLayer>;
  /** A property of any resource, intrinsics resolved (stack parts read theirs through it). */
  property(resource: ResourcePlan, key: string): Json | undefined;
  /** Ref and GetAtt values of a stack part's resource. */
  references(logicalId: string): References | undefined;
}

/** The stack of an endpoint started without a template. */
export const emptyStack: DeployedStack = { functions: {}, layers: {}, property: () => undefined, references: () => undefined };

export type DeployEvent =
  | { kind: 'notice'; line: string }
  | { kind: 'building'; logicalId: string; runtime: string }
  | { kind: 'ready'; logicalId: string; name: string; seconds: number };

/**
 * Where a template's functions and layers are made: the embedded LambdaService (serve), or a
 * lab target's functions through Lambda's API (a lab's own stack, src/grader/targets/lab-stack.ts).
 */
export interface TemplateHost {
  readonly region: string;
  readonly accountId: string;
  /** The endpoint the functions reach AWS services through, when there is one. */
  readonly endpointUrl?: string | undefined;
  functionArn(name: string, qualifier?: string): string;
  publishLayerVersion(input: PublishLayerVersionInput): LayerVersion;
  createFunction(input: FunctionConfigurationInput): Promise<Pick<FunctionConfiguration, 'FunctionName' | 'FunctionArn' | 'Runtime'>>;
  publishVersion(name: string): Promise<Pick<FunctionConfiguration, 'Version'>>;
  createAlias(name: string, input: AliasInput): Pick<AliasConfiguration, 'AliasArn'> | Promise<Pick<AliasConfiguration, 'AliasArn'>>;
  /** A function's RecursiveLoop (Allow | Terminate); a host without it runs every function with Lambda's default, Terminate. */
  putFunctionRecursionConfig?(name: string, recursiveLoop: string): unknown;
  /** A function's EventInvokeConfig (retries, event age, destinations) for $LATEST or an alias. */
  putFunctionEventInvokeConfig?(name: string, qualifier: string | undefined, input: EventInvokeConfigInput): unknown;
}

export interface DeployOptions {
  /** Variables every function of the template gets besides its own (its own win). */
  environment?: Record<string, string>;
}

export async function deployTemplate(plan: TemplatePlan, service: TemplateHost, onEvent: (event: DeployEvent) => void = () => {}, options: DeployOptions = {}): Promise<DeployedStack> {
  const fail = (resource: string, property: string | undefined, rule: string): never => {
    // Name the property as the template wrote it (CloudFormation's Code, not SAM's CodeUri).
    const writtenAs = [...plan.functions, ...plan.layers].find((r) => r.logicalId === resource)?.writtenAs ?? {};
    const shown = property?.replace(/^Properties\.(\w+)/, (whole, key: string) => (writtenAs[key] ? `Properties.${writtenAs[key]}` : whole));
    throw new TemplateError({ file: plan.file, resource, ...(shown ? { property: shown } : {}) }, rule);
  };
  if (plan.notEmulated.length > 0) {
    onEvent({ kind: 'notice', line: `Not emulated (listed, not started): ${plan.notEmulated.map((r) => `${r.logicalId} (${r.type})`).join(', ')}` });
  }
  if (plan.ignored.length > 0) {
    onEvent({ kind: 'notice', line: `Properties not emulated (accepted, no effect here): ${plan.ignored.map((p) => `${p.logicalId}.${p.property}`).join(', ')}` });
  }
  const byId = new Map([...plan.functions, ...plan.layers].map((r) => [r.logicalId, r]));
  const property = (resource: ResourcePlan, key: string): Json | undefined => {
    if (!(key in resource.properties)) return undefined;
    try {
      const value = resolve(resource.properties[key]!, scope, `Properties.${key}`);
      return value === noValue ? undefined : value;
    } catch (error) {
      if (error instanceof RuleError) return fail(resource.logicalId, error.path, error.message);
      throw error;
    }
  };
  const text = (resource: ResourcePlan, key: string, value: Json | undefined): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    return fail(resource.logicalId, `Properties.${key}`, `must be a string, not ${JSON.stringify(value)}.`);
  };
  // What the template's stack parts give every function (a part with no resources here gives nothing).
  const partEnvironment: Record<string, string> = Object.assign({}, ...stackParts.filter((p) => plan.resources.some((r) => p.resourceTypes.includes(r.type))).map((p) => p.functionEnvironment?.() ?? {}));
  const names = new Map<string, string>();
  const naming = new Set<string>();
  const referenceCache = new Map<string, References>();
  const partReferences = (logicalId: string): References | undefined => {
    const known = referenceCache.get(logicalId);
    if (known) return known;
    const resource = plan.resources.find((r) => r.logicalId === logicalId);
    const part = resource && stackParts.find((p) => p.resourceTypes.includes(resource.type));
    if (!resource || !part?.references) return undefined;
    const references = part.references(resource, { region: service.region, accountId: service.accountId, endpointUrl: service.endpointUrl ?? 'http://127.0.0.1:4566', property });
    referenceCache.set(logicalId, references);
    return references;
  };
  const layers: Record<string, DeployedLayer> = {};
  /** Version ARNs by logical id: a function's AutoPublishAlias version, an AWS::Lambda::Version. */
  const versions = new Map<string, string>();
  const scope = templateScope({
    plan,
    region: service.region,
    accountId: service.accountId,
    functionArn: (name, qualifier) => service.functionArn(name, qualifier),
    functionName: (logicalId) => {
      const known = names.get(logicalId);
      if (known) return known;
      if (naming.has(logicalId)) fail(logicalId, 'Properties.FunctionName', 'refers back to itself through other resources (a circular reference).');
      naming.add(logicalId);
      const resource = byId.get(logicalId)!;
      const name = text(resource, 'FunctionName', property(resource, 'FunctionName')) ?? logicalId;
      names.set(logicalId, name);
      return name;
    },
    aliasName: (logicalId) => {
      const resource = byId.get(logicalId)!;
      return text(resource, 'AutoPublishAlias', property(resource, 'AutoPublishAlias'));
    },
    layerVersionArn: (logicalId) => (layers[logicalId] ??= publishLayer(byId.get(logicalId)!)).arn,
    notice: (line) => onEvent({ kind: 'notice', line }),
    partReferences,
    versionArn: (logicalId) => {
      const known = versions.get(logicalId);
      if (known) return known;
      throw new RuleError('', `${logicalId}'s version is published when the functions are deployed: refer to it from resources that start after them (a distribution), not from a function's own properties.`);
    },
  });

  /**
   * InlineCode becomes a file named index (index.js, index.py), as CloudFormation writes a
   * function's inline Code.ZipFile, which it allows for Node.js and Python only.
   * Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-function-code.html
   */
  const inlineFolder = (resource: ResourcePlan, runtime: string): { directory: string; remove(): void } => {
    const source = text(resource, 'InlineCode', property(resource, 'InlineCode'))!;
    if ('CodeUri' in resource.properties) fail(resource.logicalId, 'Properties.InlineCode', 'and CodeUri are both set: keep one.');
    const file = runtime.startsWith('nodejs') ? 'index.js' : runtime.startsWith('python') ? 'index.py' : undefined;
    if (!file) return fail(resource.logicalId, 'Properties.InlineCode', `works for Node.js and Python runtimes only (CloudFormation writes it to index.js or index.py), not ${runtime}: use CodeUri.`);
    const directory = mkdtempSync(join(tmpdir(), 'lambda-dojo-inline-'));
    writeFileSync(join(directory, file), source);
    return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
  };

  const codeFolder = (resource: ResourcePlan, key: 'CodeUri' | 'ContentUri'): { directory: string; remove(): void } => {
    const value = property(resource, key);
    if (value === undefined) {
      return fail(resource.logicalId, `Properties.${key}`, `is missing: set it to the folder (or .zip file) that holds the code, relative to the template${key === 'CodeUri' ? ', or write the code in InlineCode' : ''}.`);
    }
    if (typeof value !== 'string' || value.startsWith('s3://')) {
      return fail(resource.logicalId, `Properties.${key}`, `${JSON.stringify(value)} is in S3; here ${key} must be a local folder or .zip file, relative to the template.`);
    }
    const path = isAbsolute(value) ? value : resolvePath(plan.directory, value);
    if (!existsSync(path)) return fail(resource.logicalId, `Properties.${key}`, `${value} does not exist (looked for ${path}): point ${key} at the code's folder, relative to the template.`);
    if (statSync(path).isDirectory()) return { directory: path, remove: () => {} };
    const directory = mkdtempSync(join(tmpdir(), 'lambda-dojo-template-'));
    const remove = () => rmSync(directory, { recursive: true, force: true });
    try {
      extractZip(readFileSync(path), directory, 250 * 1024 * 1024, value);
    } catch (error) {
      remove();
      if (error instanceof ZipError) return fail(resource.logicalId, `Properties.${key}`, error.message);
      throw error;
    }
    return { directory, remove };
  };

  const serviceError = (resource: ResourcePlan, error: unknown): never => {
    if (error instanceof LambdaServiceError) return fail(resource.logicalId, undefined, `${error.type}: ${error.message}`);
    if (error instanceof CodeBuildError) return fail(resource.logicalId, 'Properties.CodeUri', `${error.message}\n${error.output.trimEnd()}`);
    throw error;
  };

  function publishLayer(resource: ResourcePlan): DeployedLayer {
    const code = codeFolder(resource, 'ContentUri');
    try {
      const runtimes = property(resource, 'CompatibleRuntimes');
      const description = text(resource, 'Description', property(resource, 'Description'));
      const layer = service.publishLayerVersion({
        LayerName: text(resource, 'LayerName', property(resource, 'LayerName')) ?? resource.logicalId,
        Content: { Directory: code.directory },
        ...(Array.isArray(runtimes) ? { CompatibleRuntimes: runtimes.map(String) } : {}),
        ...(description !== undefined ? { Description: description } : {}),
      });
      return { logicalId: resource.logicalId, arn: layer.LayerVersionArn };
    } catch (error) {
      return serviceError(resource, error);
    } finally {
      code.remove();
    }
  }

  for (const layer of plan.layers) layers[layer.logicalId] ??= publishLayer(layer);

  // Every function's input is resolved and checked before any build starts.
  const inputs = plan.functions.map((resource) => {
    const id = resource.logicalId;
    if (property(resource, 'PackageType') === 'Image') fail(id, 'Properties.PackageType', 'Image (container images) is not run here: use a .zip function (CodeUri, Handler, Runtime).');
    const runtime = text(resource, 'Runtime', property(resource, 'Runtime')) ?? fail(id, 'Properties.Runtime', 'is missing: set Runtime (e.g. nodejs22.x, python3.13), here or in Globals.Function.');
    const handler = text(resource, 'Handler', property(resource, 'Handler')) ?? fail(id, 'Properties.Handler', 'is missing: set Handler (e.g. app.handler), here or in Globals.Function.');
    const number = (key: string): number | undefined => {
      const value = property(resource, key);
      if (value === undefined) return undefined;
      const n = Number(value);
      return Number.isInteger(n) ? n : fail(id, `Properties.${key}`, `${JSON.stringify(value)} is not a whole number.`);
    };
    const environment = property(resource, 'Environment');
    const variables: Record<string, string> = { ...partEnvironment, ...options.environment };
    if (environment !== undefined) {
      const raw = (environment as { Variables?: Json })?.Variables ?? {};
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(id, 'Properties.Environment.Variables', 'must be a map of NAME: value.');
      for (const [key, value] of Object.entries(raw as Record<string, Json>)) {
        if (value !== null && typeof value === 'object') fail(id, `Properties.Environment.Variables.${key}`, `must be a string, not ${JSON.stringify(value)}.`);
        variables[key] = String(value ?? '');
      }
    }
    const layerArns = property(resource, 'Layers');
    if (layerArns !== undefined && (!Array.isArray(layerArns) || layerArns.some((l) => typeof l !== 'string'))) {
      fail(id, 'Properties.Layers', `must be a list of layer version ARNs (e.g. !Ref MyLayer), not ${JSON.stringify(layerArns)}.`);
    }
    // A layer of another account (AWS's Powertools, a vendor's extension) cannot be had here:
    // the function starts without it, and says so.
    const foreign = ((layerArns ?? []) as string[]).filter((arn) => !arn.startsWith(`arn:aws:lambda:${service.region}:${service.accountId}:layer:`));
    if (foreign.length > 0) onEvent({ kind: 'notice', line: `${id} starts without ${foreign.join(', ')}: a layer of another account is not available locally.` });
    const ownLayers = ((layerArns ?? []) as string[]).filter((arn) => !foreign.includes(arn));
    const memory = number('MemorySize');
    const timeout = number('Timeout');
    const description = text(resource, 'Description', property(resource, 'Description'));
    const storage = property(resource, 'EphemeralStorage') as { Size?: Json } | undefined;
    const code = 'InlineCode' in resource.properties ? inlineFolder(resource, runtime) : codeFolder(resource, 'CodeUri');
    const unbuilt = unbuiltDependencies(runtime, code.directory);
    if (unbuilt) onEvent({ kind: 'notice', line: `${id} ${unbuilt}` });
    const missing = missingHandlerFile(runtime, handler, code.directory);
    if (missing) {
      code.remove();
      fail(id, 'Properties.Handler', missing);
    }
    const asyncSettings = asyncSettingsOf(resource, (key) => property(resource, key), (resource, property, rule) => {
      code.remove();
      return fail(resource, property, rule);
    });
    const input: FunctionConfigurationInput = {
      FunctionName: scope.ref(id) as string,
      Runtime: runtime,
      Handler: handler,
      Code: { Directory: code.directory },
      Environment: { Variables: variables },
      ...(memory !== undefined ? { MemorySize: memory } : {}),
      ...(timeout !== undefined ? { Timeout: timeout } : {}),
      ...(description !== undefined ? { Description: description } : {}),
      ...(storage?.Size !== undefined ? { EphemeralStorage: { Size: Number(storage.Size) } } : {}),
      ...(layerArns !== undefined ? { Layers: ownLayers } : {}),
      ...(asyncSettings.deadLetterConfig ? { DeadLetterConfig: asyncSettings.deadLetterConfig } : {}),
    };
    // Recursive loop detection: Terminate (Lambda's default) or Allow (DG invocation-recursion.html).
    const recursiveLoop = text(resource, 'RecursiveLoop', property(resource, 'RecursiveLoop'));
    if (recursiveLoop !== undefined && recursiveLoop !== 'Allow' && recursiveLoop !== 'Terminate') {
      code.remove();
      fail(id, 'Properties.RecursiveLoop', `${JSON.stringify(recursiveLoop)} is not allowed: use Terminate (the default, stops a recursive loop after 16 invocations) or Allow.`);
    }
    return { resource, input, code, recursiveLoop, eventInvokeConfig: asyncSettings.eventInvokeConfig, alias: text(resource, 'AutoPublishAlias', property(resource, 'AutoPublishAlias')) };
  });

  const results = await Promise.allSettled(
    inputs.map(async ({ resource, input, code, alias, recursiveLoop, eventInvokeConfig }): Promise<DeployedFunction> => {
      const started = performance.now();
      onEvent({ kind: 'building', logicalId: resource.logicalId, runtime: input.Runtime });
      try {
        const config = await service.createFunction(input).catch((error: unknown) => serviceError(resource, error));
        const deployed: DeployedFunction = { logicalId: resource.logicalId, name: config.FunctionName, arn: config.FunctionArn, runtime: config.Runtime };
        if (recursiveLoop !== undefined && service.putFunctionRecursionConfig) await service.putFunctionRecursionConfig(config.FunctionName, recursiveLoop);
        else if (recursiveLoop === 'Allow') onEvent({ kind: 'notice', line: `${resource.logicalId}.RecursiveLoop Allow is not applied on this target: the function stops a recursive loop after 16 invocations (Terminate).` });
        if (alias) {
          const version = await service.publishVersion(config.FunctionName);
          const created = await service.createAlias(config.FunctionName, { Name: alias, FunctionVersion: version.Version });
          deployed.alias = { name: alias, arn: created.AliasArn, version: version.Version };
        }
        // SAM puts EventInvokeConfig on the AutoPublishAlias alias when there is one, else on $LATEST.
        if (eventInvokeConfig && service.putFunctionEventInvokeConfig) {
          await (async () => service.putFunctionEventInvokeConfig!(config.FunctionName, alias ?? '$LATEST', eventInvokeConfig))().catch((error: unknown) => serviceError(resource, error));
        } else if (eventInvokeConfig) onEvent({ kind: 'notice', line: `${resource.logicalId}.EventInvokeConfig is not applied on this target: Lambda's defaults hold (2 retries, 6 hours, no destinations).` });
        onEvent({ kind: 'ready', logicalId: resource.logicalId, name: config.FunctionName, seconds: (performance.now() - started) / 1000 });
        return deployed;
      } finally {
        code.remove();
      }
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const functions: Record<string, DeployedFunction> = {};
  for (const result of results) if (result.status === 'fulfilled') functions[result.value.logicalId] = result.value;
  for (const fn of Object.values(functions)) if (fn.alias) versions.set(fn.logicalId, service.functionArn(fn.name, fn.alias.version));
  for (const resource of plan.versions) {
    const name = text(resource, 'FunctionName', property(resource, 'FunctionName')) ?? fail(resource.logicalId, 'Properties.FunctionName', 'is missing: name the function to publish a version of (!Ref MyFunction).');
    const deployed = Object.values(functions).find((f) => f.name === name || f.arn === name);
    if (!deployed) fail(resource.logicalId, 'Properties.FunctionName', `${name} is not a function of this template: an AWS::Lambda::Version publishes one of them.`);
    const published = await service.publishVersion(deployed!.name).catch((error: unknown) => serviceError(resource, error));
    versions.set(resource.logicalId, service.functionArn(deployed!.name, published.Version));
  }
  for (const resource of plan.eventInvokeConfigs) {
    const { functionName, qualifier, input } = eventInvokeConfigResource(resource, (key) => property(resource, key), fail);
    const deployed = Object.values(functions).find((f) => f.name === functionName || f.arn === functionName);
    if (!deployed) fail(resource.logicalId, 'Properties.FunctionName', `${functionName} is not a function of this template: name one of them (!Ref MyFunction).`);
    if (service.putFunctionEventInvokeConfig) {
      await (async () => service.putFunctionEventInvokeConfig!(deployed!.name, qualifier, input))().catch((error: unknown) => serviceError(resource, error));
    } else onEvent({ kind: 'notice', line: `${resource.logicalId} (AWS::Lambda::EventInvokeConfig) is not applied on this target: Lambda's defaults hold.` });
  }
  return { functions, layers, property, references: partReferences };
}
