// REST and HTTP APIs of a SAM template, each served on its own loopback listener in front of the
// deployed functions (src/triggers/api-gateway). Claims AWS::Serverless::Api,
// AWS::Serverless::HttpApi and the function events Type: Api and Type: HttpApi. An event without
// RestApiId (ApiId) goes to the implicit ServerlessRestApi (stage Prod) or ServerlessHttpApi
// (stage $default), as SAM makes them; Globals.Api and Globals.HttpApi apply to both kinds.
// Sources: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-api.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-httpapi.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-api.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-httpapi.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-api.html (ServerlessRestApi, stage Prod)
// Outputs: `apis`, logical id -> base URL including the stage.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { ApiDefinition, ApiKind, ApiRoute } from '../../triggers/api-gateway/api-definition.ts';
import { startApi, type RunningApi } from '../../triggers/api-gateway/api-server.ts';
import { resourceId } from '../../triggers/api-gateway/proxy-event.ts';
import { resourcePathProblem } from '../../triggers/api-gateway/routes.ts';
import type { ResourcePlan } from '../load.ts';
import { parseTemplate, type Json } from '../parse.ts';
import type { FunctionEventPlan, StackPart, StackPartContext } from '../stack-parts.ts';
import { TemplateError } from '../template-error.ts';
import { readAuth, type AuthReading } from './api-gateway-auth.ts';
import { readOpenApi } from './api-gateway-openapi.ts';

const restType = 'AWS::Serverless::Api';
const httpType = 'AWS::Serverless::HttpApi';
const implicit = { rest: { id: 'ServerlessRestApi', stage: 'Prod' }, http: { id: 'ServerlessHttpApi', stage: '$default' } } as const;
const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];

/** Properties acted on; SAM's others are accepted and listed once as not emulated. */
const handled: Record<ApiKind, string[]> = {
  rest: ['StageName', 'Auth', 'Variables', 'BinaryMediaTypes', 'Name', 'DefinitionBody', 'DefinitionUri'],
  http: ['StageName', 'Auth', 'StageVariables', 'Name', 'DefinitionBody', 'DefinitionUri'],
};

/** Ten lower-case letters and digits, stable per logical id, as an API id looks. */
export function apiIdOf(logicalId: string): string {
  const digest = createHash('sha256').update(`api:${logicalId}`).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...digest.subarray(0, 10)].map((b) => alphabet[b % alphabet.length]).join('');
}

function isMap(value: Json | undefined): value is Record<string, Json> {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/** The logical id an event's RestApiId / ApiId names (!Ref X, or X written plainly). */
function referencedApi(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (isMap(value) && typeof value.Ref === 'string') return value.Ref;
  return undefined;
}

interface ApiBuild {
  logicalId: string;
  kind: ApiKind;
  properties: Record<string, Json>;
  auth: AuthReading;
  definition: ApiDefinition;
}

/** DefinitionBody (intrinsics resolved), or a local DefinitionUri file read as YAML or JSON. */
function definitionOf(logicalId: string, body: Json | undefined, uri: Json | undefined, directory: string, fail: (resource: string, property: string, rule: string) => never): { document: Json; at: string } | undefined {
  if (body !== undefined) return { document: body, at: 'Properties.DefinitionBody' };
  if (uri === undefined) return undefined;
  if (typeof uri !== 'string' || uri.startsWith('s3://')) return fail(logicalId, 'Properties.DefinitionUri', `${JSON.stringify(uri)} is in S3 or not a path: here DefinitionUri must be a local OpenAPI file, relative to the template (or use DefinitionBody).`);
  const file = isAbsolute(uri) ? uri : resolvePath(directory, uri);
  if (!existsSync(file)) return fail(logicalId, 'Properties.DefinitionUri', `${uri} does not exist (looked for ${file}).`);
  return { document: parseTemplate(file), at: 'Properties.DefinitionUri' };
}

async function globalsOf(context: StackPartContext): Promise<Record<ApiKind, Record<string, Json>>> {
  const template = parseTemplate(join(context.plan.directory, basename(context.plan.file)));
  const globals = isMap(template.Globals) ? template.Globals : {};
  return { rest: isMap(globals.Api) ? globals.Api : {}, http: isMap(globals.HttpApi) ? globals.HttpApi : {} };
}

async function buildApis(context: StackPartContext): Promise<ApiBuild[]> {
  const { mergeGlobals } = await import('../load.ts');
  const file = context.plan.file;
  const globals = await globalsOf(context);
  const fail = (resource: string, property: string, rule: string): never => {
    throw new TemplateError({ file, resource, property }, rule);
  };
  const apis = new Map<string, ApiBuild>();
  const notices: string[] = [];

  const build = (logicalId: string, kind: ApiKind, own: Record<string, Json>): ApiBuild => {
    const merged: Record<string, Json> = {};
    for (const key of new Set([...Object.keys(globals[kind]), ...Object.keys(own)])) merged[key] = mergeGlobals(globals[kind][key], own[key]) as Json;
    const resource: ResourcePlan = { logicalId, type: kind === 'rest' ? restType : httpType, properties: merged };
    const value = (key: string) => context.property(resource, key);
    const ignored = Object.keys(merged).filter((k) => !handled[kind].includes(k));
    if (ignored.length > 0) notices.push(`${logicalId}: ${ignored.join(', ')} not emulated (accepted, no effect here)`);
    const stage = value('StageName') ?? (logicalId === implicit[kind].id ? implicit[kind].stage : kind === 'http' ? '$default' : undefined);
    if (stage === undefined) fail(logicalId, 'Properties.StageName', 'is required for AWS::Serverless::Api: name the stage, e.g. StageName: Prod (it is part of the URL).');
    if (typeof stage !== 'string' || !/^(\$default|[A-Za-z0-9_-]+)$/.test(stage)) fail(logicalId, 'Properties.StageName', `${JSON.stringify(stage)} is not a stage name: letters, digits, - and _ only${kind === 'http' ? ', or $default' : ''}.`);
    const variablesKey = kind === 'rest' ? 'Variables' : 'StageVariables';
    const variables = value(variablesKey) ?? {};
    if (!isMap(variables) || Object.values(variables).some((v) => isMap(v) || Array.isArray(v))) fail(logicalId, `Properties.${variablesKey}`, 'must map stage variable names to strings.');
    const binary = value('BinaryMediaTypes') ?? [];
    if (!Array.isArray(binary) || binary.some((b) => typeof b !== 'string')) fail(logicalId, 'Properties.BinaryMediaTypes', 'must be a list of media types such as image/png or */*.');
    const auth = readAuth(kind, value('Auth'), (property, rule) => fail(logicalId, `Properties.${property}`, rule));
    if (auth.notEmulated.length > 0) notices.push(`${logicalId}: authorizer(s) ${auth.notEmulated.join(', ')} are not Lambda authorizers and are not emulated: routes using them are served without authorization`);
    const openApi = definitionOf(logicalId, value('DefinitionBody'), value('DefinitionUri'), context.plan.directory, fail);
    const fromDefinition = openApi ? readOpenApi(kind, openApi.document, (property, rule) => fail(logicalId, `${openApi.at}${property ? `.${property}` : ''}`, rule)) : undefined;
    if (fromDefinition?.notEmulated.length) notices.push(`${logicalId}: ${fromDefinition.notEmulated.join(', ')} from its OpenAPI definition not emulated (only Lambda proxy integrations and Lambda authorizers are served)`);
    for (const [name, authorizer] of Object.entries(fromDefinition?.authorizers ?? {})) auth.authorizers[name] ??= authorizer;
    return {
      logicalId,
      kind,
      properties: merged,
      auth,
      definition: {
        logicalId,
        kind,
        apiId: apiIdOf(logicalId),
        stage: stage as string,
        stageVariables: Object.fromEntries(Object.entries(variables as Record<string, Json>).map(([k, v]) => [k, String(v)])),
        routes: fromDefinition?.routes ?? [],
        authorizers: auth.authorizers,
        binaryMediaTypes: binary as string[],
      },
    };
  };

  for (const resource of context.resources) {
    const kind: ApiKind = resource.type === restType ? 'rest' : 'http';
    apis.set(resource.logicalId, build(resource.logicalId, kind, resource.properties));
  }
  for (const event of context.functionEvents) addRoute(context, event, apis, build, fail);
  for (const line of notices) context.notice(line);
  return [...apis.values()];
}

function addRoute(
  context: StackPartContext,
  event: FunctionEventPlan,
  apis: Map<string, ApiBuild>,
  build: (logicalId: string, kind: ApiKind, own: Record<string, Json>) => ApiBuild,
  fail: (resource: string, property: string, rule: string) => never,
): void {
  const kind: ApiKind = event.type === 'Api' ? 'rest' : 'http';
  const at = `Properties.Events.${event.eventId}.Properties`;
  const id = event.functionLogicalId;
  // Intrinsics resolved as the function's own properties are, and named by where they sit.
  const resolved = context.property({ logicalId: id, type: 'AWS::Serverless::Function', properties: { [`Events.${event.eventId}.Properties`]: event.properties } }, `Events.${event.eventId}.Properties`);
  const props = isMap(resolved) ? resolved : {};
  const idKey = kind === 'rest' ? 'RestApiId' : 'ApiId';
  const named = referencedApi(event.properties[idKey]);
  if (event.properties[idKey] !== undefined && named === undefined) fail(id, `${at}.${idKey}`, `must name an API of this template, e.g. !Ref MyApi (not ${JSON.stringify(event.properties[idKey])}).`);
  const apiId = named ?? implicit[kind].id;
  if (named !== undefined && context.plan.types[named] !== (kind === 'rest' ? restType : httpType)) {
    fail(id, `${at}.${idKey}`, `${named} is ${context.plan.types[named] ? `of type ${context.plan.types[named]}` : 'not a resource of this template'}; an event of Type ${event.type} needs an ${kind === 'rest' ? restType : httpType}.`);
  }
  if (!apis.has(apiId)) apis.set(apiId, build(apiId, kind, {}));
  const api = apis.get(apiId)!;

  const rawPath = props.Path;
  const rawMethod = props.Method;
  let path: string;
  let method: string;
  if (kind === 'http' && rawPath === undefined && rawMethod === undefined) {
    path = '$default';
    method = 'ANY';
  } else {
    if (typeof rawPath !== 'string') return fail(id, `${at}.Path`, `is required: the resource path, e.g. /pets/{id}${kind === 'http' ? ' (or leave out both Path and Method for the $default route)' : ''}.`);
    if (typeof rawMethod !== 'string') return fail(id, `${at}.Method`, `is required: one of ${methods.join(', ').toLowerCase()}.`);
    const problem = resourcePathProblem(rawPath);
    if (problem) fail(id, `${at}.Path`, `${rawPath}: a resource path ${problem}.`);
    method = rawMethod.toUpperCase() === 'X-AMAZON-APIGATEWAY-ANY-METHOD' ? 'ANY' : rawMethod.toUpperCase();
    if (!methods.includes(method)) fail(id, `${at}.Method`, `${rawMethod} is not an HTTP method API Gateway routes: use one of ${methods.join(', ').toLowerCase()}.`);
    path = rawPath;
  }
  // An event on a path of the OpenAPI definition takes that operation over, as SAM merges it.
  const fromDefinition = api.definition.routes.findIndex((r) => r.method === method && r.path === path && r.source?.startsWith('DefinitionBody'));
  if (fromDefinition >= 0) api.definition.routes.splice(fromDefinition, 1);
  const clash = api.definition.routes.find((r) => r.method === method && r.path === path);
  if (clash) fail(id, `${at}`, `${method} ${path} on ${apiId} is already the route of ${clash.source}: each method and path of an API goes to one function.`);

  const version = props.PayloadFormatVersion ?? '2.0';
  if (kind === 'http' && version !== '1.0' && version !== '2.0') fail(id, `${at}.PayloadFormatVersion`, `${JSON.stringify(version)} is not 1.0 or 2.0.`);
  const timeout = props.TimeoutInMillis;
  if (kind === 'http' && timeout !== undefined && (!Number.isInteger(Number(timeout)) || Number(timeout) < 50 || Number(timeout) > 30_000)) {
    fail(id, `${at}.TimeoutInMillis`, `${JSON.stringify(timeout)} is outside API Gateway's 50 to 30000 ms.`);
  }
  const auth = isMap(props.Auth) ? props.Auth : {};
  if (props.Auth !== undefined && !isMap(props.Auth)) fail(id, `${at}.Auth`, 'must be a map, e.g. Authorizer: MyAuthorizer (or NONE).');
  const chosen = auth.Authorizer ?? api.auth.defaultAuthorizer;
  if (chosen !== undefined && typeof chosen !== 'string') fail(id, `${at}.Auth.Authorizer`, 'must name one of the API\'s Auth.Authorizers, or NONE.');
  if (typeof chosen === 'string' && chosen !== 'NONE' && !(chosen in api.auth.authorizers) && !api.auth.notEmulated.includes(chosen) && chosen !== 'AWS_IAM') {
    fail(id, `${at}.Auth.Authorizer`, `${chosen} is not an authorizer of ${apiId} (its Auth.Authorizers: ${Object.keys(api.auth.authorizers).join(', ') || 'none'}); use one of them or NONE.`);
  }
  if (chosen === 'AWS_IAM' || (typeof chosen === 'string' && api.auth.notEmulated.includes(chosen))) {
    context.notice(`${id}.Events.${event.eventId}: ${method} ${path} on ${apiId} uses ${chosen}, which is not a Lambda authorizer and is not emulated: the route is served without authorization.`);
  }
  const deployed = context.stack.functions[id];
  if (!deployed) fail(id, at, 'the function was not deployed, so no route can reach it.');
  const route: ApiRoute = {
    method,
    path,
    target: { functionName: deployed!.name, ...(deployed!.alias ? { qualifier: deployed!.alias.name } : {}) },
    payloadFormatVersion: kind === 'rest' ? '1.0' : (version as '1.0' | '2.0'),
    ...(typeof chosen === 'string' && chosen in api.auth.authorizers ? { authorizer: chosen } : {}),
    ...(timeout !== undefined ? { timeoutMs: Number(timeout) } : {}),
    source: `${id}.Events.${event.eventId}`,
  };
  api.definition.routes.push(route);
}

function describeRoutes(api: ApiDefinition): string {
  return api.routes.map((r) => `${r.path === '$default' ? '$default' : `${r.method} ${r.path}`} -> ${r.target.functionName}${r.authorizer ? ` [${r.authorizer}]` : ''}`).join('; ');
}

export const apiGatewayPart: StackPart = {
  name: 'api-gateway',
  resourceTypes: [restType, httpType],
  functionEventTypes: ['Api', 'HttpApi'],
  references(resource) {
    const id = apiIdOf(resource.logicalId);
    const attributes: Record<string, Json> = resource.type === restType ? { RootResourceId: resourceId('/') } : {};
    return { ref: id, attributes };
  },
  async start(context) {
    const builds = await buildApis(context);
    // API Gateway takes any ARN and fails each request with 500; a typo is better told at start.
    for (const { definition } of builds) {
      for (const authorizer of Object.values(definition.authorizers)) {
        await context.port.getFunctionConfiguration(authorizer.target.functionName).catch((error: Error) => {
          context.notice(`${definition.logicalId}: authorizer ${authorizer.name}'s function ${authorizer.target.functionName} cannot be found (${error.message}): its routes will answer 500.`);
        });
      }
    }
    const running: RunningApi[] = [];
    try {
      for (const { definition } of builds) {
        const api = await startApi({ api: definition, port: context.port, clock: context.clock, log: context.log });
        running.push(api);
        const kind = definition.kind === 'rest' ? 'REST API' : 'HTTP API';
        context.notice(`${definition.logicalId} (${kind}, stage ${definition.stage}) at ${api.url}: ${describeRoutes(definition) || 'no routes'}`);
      }
    } catch (error) {
      await Promise.all(running.map((r) => r.close()));
      throw error;
    }
    return {
      outputs: { apis: Object.fromEntries(running.map((r) => [r.api.logicalId, r.url])) },
      close: async () => {
        await Promise.all(running.map((r) => r.close()));
      },
    };
  },
};
