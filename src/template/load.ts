// A SAM template, checked and laid out for deployment: its parameters (defaults and overrides),
// its Globals merged into each function as SAM merges them, and its resources sorted into what
// this course runs (functions, layers) and what it does not, which is listed, never dropped.
// Sources: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html

import { basename, dirname, resolve as resolvePath } from 'node:path';
import { fromLambdaFunction, fromLambdaLayerVersion } from './cloudformation-lambda.ts';
import { parseTemplate, type Json } from './parse.ts';
import { claimedEventTypes, claimedResourceTypes } from './parts/index.ts';
import type { FunctionEventPlan } from './stack-parts.ts';
import { TemplateError } from './template-error.ts';

export const samTransform = 'AWS::Serverless-2016-10-31';

/** Function properties this course runs, and SAM's others, which are accepted and listed as not emulated. */
export const emulatedFunctionProperties = ['CodeUri', 'InlineCode', 'Handler', 'Runtime', 'MemorySize', 'Timeout', 'Environment', 'Layers', 'AutoPublishAlias', 'FunctionName', 'Description', 'EphemeralStorage', 'RecursiveLoop', 'DeadLetterQueue', 'EventInvokeConfig'];
const otherFunctionProperties = [
  'Architectures', 'AssumeRolePolicyDocument', 'AutoPublishAliasAllProperties', 'AutoPublishCodeSha256', 'CapacityProviderConfig', 'CodeSigningConfigArn',
  'DeploymentPreference', 'DurableConfig', 'Events', 'FileSystemConfigs', 'FunctionScalingConfig', 'FunctionUrlConfig', 'ImageConfig', 'ImageUri',
  'KmsKeyArn', 'LoggingConfig', 'PackageType', 'PermissionsBoundary', 'Policies', 'PropagateTags', 'ProvisionedConcurrencyConfig', 'ReservedConcurrentExecutions',
  'Role', 'RolePath', 'RuntimeManagementConfig', 'SnapStart', 'SourceKMSKeyArn', 'Tags', 'Tracing', 'VersionDeletionPolicy', 'VersionDescription', 'VpcConfig',
];
const layerProperties = ['ContentUri', 'LayerName', 'Description', 'CompatibleRuntimes', 'CompatibleArchitectures', 'LicenseInfo', 'RetentionPolicy', 'PublishLambdaVersion'];

export interface ResourcePlan {
  logicalId: string;
  type: string;
  /** Properties after Globals, intrinsics not yet resolved, in SAM's names. */
  properties: Record<string, Json>;
  /** The template's own name of a property read under another (CloudFormation's Code is SAM's CodeUri). */
  writtenAs?: Record<string, string>;
  /** The resource's Metadata, which CloudFormation keeps and acts on none of (local settings live there). */
  metadata?: Json;
}

export const functionTypes = ['AWS::Serverless::Function', 'AWS::Lambda::Function'];
export const layerTypes = ['AWS::Serverless::LayerVersion', 'AWS::Lambda::LayerVersion'];
/** AWS::Lambda::Version: published once its function is deployed (CloudFront's Lambda@Edge takes only versions). */
export const versionType = 'AWS::Lambda::Version';
/** AWS::Lambda::EventInvokeConfig: a function's asynchronous settings, put once its function (and alias) is deployed. */
export const eventInvokeConfigType = 'AWS::Lambda::EventInvokeConfig';
const eventInvokeConfigProperties = ['FunctionName', 'Qualifier', 'MaximumRetryAttempts', 'MaximumEventAgeInSeconds', 'DestinationConfig'];

export interface TemplatePlan {
  file: string;
  /** Relative CodeUri and ContentUri paths start here. */
  directory: string;
  stackName: string;
  parameters: Record<string, Json>;
  mappings: Record<string, Json>;
  functions: ResourcePlan[];
  layers: ResourcePlan[];
  /** AWS::Lambda::Version resources (FunctionName, Description), published after the functions. */
  versions: ResourcePlan[];
  /** AWS::Lambda::EventInvokeConfig resources, put after the functions and versions. */
  eventInvokeConfigs: ResourcePlan[];
  /** Resources a stack part starts (APIs, queues, streams, ...), in template order. */
  resources: ResourcePlan[];
  /** Functions' Events that a stack part starts (Api, SQS, Kinesis, ...). */
  functionEvents: FunctionEventPlan[];
  /** Resources of types this course does not run, by logical id. */
  notEmulated: Array<{ logicalId: string; type: string }>;
  /** Properties accepted but not acted on, per resource. */
  ignored: Array<{ logicalId: string; property: string }>;
  /** Every resource's type, for references. */
  types: Record<string, string>;
}

/**
 * The plan of no template (`serve` without one): nothing to deploy, but the parts that start with
 * every stack (queues, streams, tables, CloudWatch, asynchronous destinations) still serve the SDKs.
 */
export function emptyPlan(directory: string): TemplatePlan {
  return {
    file: '(no template)',
    directory,
    stackName: 'local',
    parameters: {},
    mappings: {},
    functions: [],
    layers: [],
    versions: [],
    eventInvokeConfigs: [],
    resources: [],
    functionEvents: [],
    notEmulated: [],
    ignored: [],
    types: {},
  };
}

function isMap(value: unknown): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** SAM's Globals rule: the resource's primitive wins, maps merge (resource keys win), lists add up (globals first). */
export function mergeGlobals(global: Json | undefined, own: Json | undefined): Json | undefined {
  if (own === undefined) return global;
  if (global === undefined) return own;
  if (Array.isArray(global) && Array.isArray(own)) return [...global, ...own];
  const intrinsic = (v: Json) => isMap(v) && Object.keys(v).some((k) => k === 'Ref' || k.startsWith('Fn::'));
  if (isMap(global) && isMap(own) && !intrinsic(global) && !intrinsic(own)) {
    const out: Record<string, Json> = { ...global };
    for (const [key, value] of Object.entries(own)) out[key] = mergeGlobals(global[key], value) as Json;
    return out;
  }
  return own;
}

function parameterValues(file: string, declared: Json | undefined, overrides: Record<string, string>): Record<string, Json> {
  const values: Record<string, Json> = {};
  const params = isMap(declared) ? declared : {};
  for (const name of Object.keys(overrides)) {
    if (!(name in params)) throw new TemplateError({ file, resource: 'Parameters' }, `the override ${name}=... names no parameter of this template. It declares: ${Object.keys(params).join(', ') || 'none'}.`);
  }
  for (const [name, spec] of Object.entries(params)) {
    const declaredSpec = isMap(spec) ? spec : {};
    const raw = overrides[name] ?? declaredSpec.Default;
    if (raw === undefined || raw === null) {
      throw new TemplateError({ file, resource: `Parameters.${name}` }, `has no Default and no value was given: add Default to the parameter, or pass --parameter-overrides ${name}=<value>.`);
    }
    const value = String(raw);
    const allowed = declaredSpec.AllowedValues;
    if (Array.isArray(allowed) && !allowed.map(String).includes(value)) {
      throw new TemplateError({ file, resource: `Parameters.${name}` }, `value '${value}' is not one of its AllowedValues (${allowed.join(', ')}).`);
    }
    const type = String(declaredSpec.Type ?? 'String');
    if (type === 'Number' && Number.isNaN(Number(value))) throw new TemplateError({ file, resource: `Parameters.${name}` }, `value '${value}' is not a Number, as its Type says.`);
    values[name] = type === 'CommaDelimitedList' || type.startsWith('List<') ? value.split(',').map((v) => v.trim()) : value;
  }
  return values;
}

export function loadTemplate(path: string, options: { parameterOverrides?: Record<string, string>; stackName?: string } = {}): TemplatePlan {
  const file = resolvePath(path);
  const shown = path;
  const template = parseTemplate(file);
  const resources = template.Resources;
  if (!isMap(resources) || Object.keys(resources).length === 0) {
    throw new TemplateError({ file: shown, resource: 'Resources' }, 'the template declares no resources: add a Resources section with at least one AWS::Serverless::Function.');
  }
  const transforms = [template.Transform].flat().filter((t) => t !== undefined);
  const usesSam = Object.values(resources).some((r) => isMap(r) && String(r.Type ?? '').startsWith('AWS::Serverless::'));
  if (usesSam && !transforms.includes(samTransform)) {
    throw new TemplateError({ file: shown, resource: 'Transform' }, `AWS::Serverless::* resources need "Transform: ${samTransform}" at the top of the template.`);
  }
  const globals = isMap(template.Globals) ? template.Globals : {};
  const globalFunction = isMap(globals.Function) ? globals.Function : {};
  if ('FunctionName' in globalFunction) throw new TemplateError({ file: shown, resource: 'Globals', property: 'Function.FunctionName' }, 'a function name cannot be global (names are unique): set FunctionName on each function.');
  const plan: TemplatePlan = {
    ...emptyPlan(dirname(file)),
    file: shown,
    stackName: options.stackName ?? (basename(dirname(file)).replace(/[^a-zA-Z0-9-]/g, '-').replace(/^[^a-zA-Z]+/, '') || 'local'),
    parameters: parameterValues(shown, template.Parameters, options.parameterOverrides ?? {}),
    mappings: isMap(template.Mappings) ? template.Mappings : {},
  };
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!/^[a-zA-Z0-9]+$/.test(logicalId)) throw new TemplateError({ file: shown, resource: logicalId }, 'a logical id has only letters and digits (A-Z, a-z, 0-9).');
    if (!isMap(resource) || typeof resource.Type !== 'string') throw new TemplateError({ file: shown, resource: logicalId, property: 'Type' }, 'every resource needs a Type, e.g. Type: AWS::Serverless::Function.');
    const type = resource.Type;
    plan.types[logicalId] = type;
    const properties = isMap(resource.Properties) ? resource.Properties : {};
    if (resource.Condition !== undefined) plan.ignored.push({ logicalId, property: `Condition ${String(resource.Condition)} (not evaluated: the resource is started)` });
    if (type === 'AWS::Serverless::Function') {
      const merged: Record<string, Json> = {};
      for (const key of new Set([...Object.keys(globalFunction), ...Object.keys(properties)])) merged[key] = mergeGlobals(globalFunction[key], properties[key]) as Json;
      for (const key of Object.keys(merged)) {
        if (emulatedFunctionProperties.includes(key)) continue;
        if (!otherFunctionProperties.includes(key)) {
          throw new TemplateError({ file: shown, resource: logicalId, property: `Properties.${key}` }, `is not a property of AWS::Serverless::Function. Check its spelling; the properties this course runs are ${emulatedFunctionProperties.join(', ')}.`);
        }
        if (key === 'Events' && isMap(merged.Events)) {
          // Events a stack part starts are planned; the others are listed by id and type.
          const unclaimed: string[] = [];
          for (const [eventId, event] of Object.entries(merged.Events)) {
            const eventType = isMap(event) ? String(event.Type) : '?';
            if (isMap(event) && claimedEventTypes().includes(eventType)) {
              plan.functionEvents.push({ functionLogicalId: logicalId, eventId, type: eventType, properties: isMap(event.Properties) ? event.Properties : {} });
            } else unclaimed.push(`${eventId}: ${eventType}`);
          }
          if (unclaimed.length > 0) plan.ignored.push({ logicalId, property: `${key} (${unclaimed.join(', ')})` });
          continue;
        }
        plan.ignored.push({ logicalId, property: key });
      }
      plan.functions.push({ logicalId, type, properties: merged });
    } else if (type === 'AWS::Serverless::LayerVersion') {
      for (const key of Object.keys(properties)) {
        if (!layerProperties.includes(key)) throw new TemplateError({ file: shown, resource: logicalId, property: `Properties.${key}` }, `is not a property of AWS::Serverless::LayerVersion (it takes ${layerProperties.join(', ')}).`);
      }
      plan.layers.push({ logicalId, type, properties });
    } else if (type === 'AWS::Lambda::Function') {
      const converted = fromLambdaFunction({ file: shown, resource: logicalId }, properties);
      for (const property of converted.ignored) plan.ignored.push({ logicalId, property });
      plan.functions.push({ logicalId, type, properties: converted.properties, writtenAs: converted.writtenAs });
    } else if (type === 'AWS::Lambda::LayerVersion') {
      const converted = fromLambdaLayerVersion({ file: shown, resource: logicalId }, properties);
      plan.layers.push({ logicalId, type, properties: converted.properties, writtenAs: converted.writtenAs });
    } else if (type === versionType) {
      for (const key of Object.keys(properties)) {
        if (!['FunctionName', 'Description', 'CodeSha256', 'ProvisionedConcurrencyConfig', 'RuntimePolicy'].includes(key)) {
          throw new TemplateError({ file: shown, resource: logicalId, property: `Properties.${key}` }, 'is not a property of AWS::Lambda::Version (it takes FunctionName, Description, CodeSha256, ProvisionedConcurrencyConfig, RuntimePolicy).');
        }
      }
      plan.versions.push({ logicalId, type, properties });
    } else if (type === eventInvokeConfigType) {
      for (const key of Object.keys(properties)) {
        if (!eventInvokeConfigProperties.includes(key)) {
          throw new TemplateError({ file: shown, resource: logicalId, property: `Properties.${key}` }, `is not a property of AWS::Lambda::EventInvokeConfig (it takes ${eventInvokeConfigProperties.join(', ')}).`);
        }
      }
      plan.eventInvokeConfigs.push({ logicalId, type, properties });
    } else if (claimedResourceTypes().includes(type)) {
      plan.resources.push({ logicalId, type, properties, ...(resource.Metadata !== undefined ? { metadata: resource.Metadata } : {}) });
    } else {
      plan.notEmulated.push({ logicalId, type });
    }
  }
  return plan;
}
