// An API's OpenAPI definition (SAM's DefinitionBody, or a local DefinitionUri file) read into
// routes and Lambda authorizers: every operation whose x-amazon-apigateway-integration is a
// Lambda proxy (type aws_proxy, uri .../functions/<function ARN>/invocations), with
// x-amazon-apigateway-any-method for ANY, `security` per operation or for the whole API, and
// Lambda authorizers from securityDefinitions (OpenAPI 2) or components.securitySchemes
// (OpenAPI 3) with x-amazon-apigateway-authorizer.
// Sources: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authorizer.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-any-method.html
// Operations of other integration types (HTTP, mock, AWS services, Lambda non-proxy) are listed
// as not emulated and not served.

import type { ApiKind, ApiRoute, AuthorizerDefinition, IdentitySource } from '../../triggers/api-gateway/api-definition.ts';
import { authorizerTtl } from '../../triggers/api-gateway/api-definition.ts';
import { resourcePathProblem } from '../../triggers/api-gateway/routes.ts';
import type { Json } from '../parse.ts';

export interface OpenApiReading {
  routes: ApiRoute[];
  authorizers: Record<string, AuthorizerDefinition>;
  /** Operations and security schemes that are not served here, for one notice. */
  notEmulated: string[];
}

export type OpenApiFail = (property: string, rule: string) => never;

const operations = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'x-amazon-apigateway-any-method'];

function isMap(value: Json | undefined): value is Record<string, Json> {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/** The function ARN in an integration or authorizer URI (arn:aws:apigateway:...:lambda:path/2015-03-31/functions/ARN/invocations). */
export function functionArnOfUri(uri: Json | undefined): string | undefined {
  if (typeof uri !== 'string') return undefined;
  return /\/functions\/(arn:[^/]+)\/invocations$/.exec(uri)?.[1];
}

/** REST: method.request.header.X, method.request.querystring.X, stageVariables.X, context.X; HTTP: the same with $request. / $stageVariables. / $context. */
function identitySources(value: Json | undefined, at: string, fail: OpenApiFail): IdentitySource[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : fail(at, 'must be a comma-separated string (or a list) of identity sources.');
  return list.map((raw) => {
    const text = String(raw).trim().replace(/^\$/, '');
    const match = /^(?:method\.request\.|request\.)(header|querystring)\.(.+)$/.exec(text) ?? /^(stageVariables|context)\.(.+)$/.exec(text);
    if (!match) return fail(at, `${String(raw)} is not an identity source API Gateway reads (a header, query string, stage variable or context variable).`);
    const kind = match[1] === 'stageVariables' ? 'stageVariable' : (match[1] as IdentitySource['kind']);
    return { kind, name: match[2]! };
  });
}

function authorizer(kind: ApiKind, name: string, scheme: Record<string, Json>, spec: Record<string, Json>, at: string, fail: OpenApiFail): AuthorizerDefinition {
  const arn = functionArnOfUri(spec.authorizerUri);
  if (!arn) return fail(`${at}.authorizerUri`, 'must be arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations (e.g. !Sub with ${AuthorizerFunction.Arn}).');
  const type = String(spec.type ?? '').toLowerCase();
  if (type !== 'token' && type !== 'request') return fail(`${at}.type`, `${JSON.stringify(spec.type)} is not a Lambda authorizer type (token or request).`);
  if (kind === 'http' && type === 'token') fail(`${at}.type`, 'HTTP APIs take request authorizers only.');
  const ttl = spec.authorizerResultTtlInSeconds === undefined ? authorizerTtl.defaultSeconds : Number(spec.authorizerResultTtlInSeconds);
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > authorizerTtl.maxSeconds) fail(`${at}.authorizerResultTtlInSeconds`, `${JSON.stringify(spec.authorizerResultTtlInSeconds)} is outside 0 to ${authorizerTtl.maxSeconds}.`);
  const common = { name, target: { functionName: arn }, ttlSeconds: ttl };
  if (kind === 'rest') {
    if (type === 'token') {
      // The token's header is the scheme's `name` (in: header), or the identitySource's header.
      const fromSource = identitySources(spec.identitySource, `${at}.identitySource`, fail)[0];
      const header = typeof scheme.name === 'string' ? scheme.name : fromSource?.name ?? 'Authorization';
      const expression = typeof spec.identityValidationExpression === 'string' ? spec.identityValidationExpression : undefined;
      return { ...common, type: 'TOKEN', identitySources: [{ kind: 'header', name: header }], ...(expression ? { validationExpression: expression } : {}), payloadFormatVersion: '1.0', simpleResponses: false };
    }
    return { ...common, type: 'REQUEST', identitySources: identitySources(spec.identitySource, `${at}.identitySource`, fail), payloadFormatVersion: '1.0', simpleResponses: false };
  }
  const version = String(spec.authorizerPayloadFormatVersion ?? '2.0');
  if (version !== '1.0' && version !== '2.0') fail(`${at}.authorizerPayloadFormatVersion`, `${version} is not 1.0 or 2.0.`);
  const simple = spec.enableSimpleResponses === true;
  if (simple && version !== '2.0') fail(`${at}.enableSimpleResponses`, 'works with authorizerPayloadFormatVersion 2.0 only.');
  return { ...common, type: 'REQUEST', identitySources: identitySources(spec.identitySource, `${at}.identitySource`, fail), payloadFormatVersion: version as '1.0' | '2.0', simpleResponses: simple, timeoutMs: 10_000 };
}

/** Reads a resolved OpenAPI document. `fail` names the property below DefinitionBody. */
export function readOpenApi(kind: ApiKind, document: Json, fail: OpenApiFail): OpenApiReading {
  const reading: OpenApiReading = { routes: [], authorizers: {}, notEmulated: [] };
  if (!isMap(document)) return fail('', 'must be an OpenAPI document (a map with paths).');
  const schemesAt = isMap(document.securityDefinitions) ? 'securityDefinitions' : 'components.securitySchemes';
  const schemes = isMap(document.securityDefinitions) ? document.securityDefinitions : isMap(document.components) && isMap(document.components.securitySchemes) ? document.components.securitySchemes : {};
  for (const [name, scheme] of Object.entries(schemes)) {
    const spec = isMap(scheme) ? scheme['x-amazon-apigateway-authorizer'] : undefined;
    const type = isMap(spec) ? String(spec.type ?? '').toLowerCase() : '';
    if (!isMap(scheme) || !isMap(spec) || (type !== 'token' && type !== 'request')) {
      reading.notEmulated.push(`security scheme ${name}`);
      continue;
    }
    reading.authorizers[name] = authorizer(kind, name, scheme, spec, `${schemesAt}.${name}.x-amazon-apigateway-authorizer`, fail);
  }
  const security = (value: Json | undefined): string | null | undefined => {
    if (!Array.isArray(value)) return undefined;
    const first = value.find(isMap);
    return first ? (Object.keys(first)[0] ?? null) : null;
  };
  const apiSecurity = security(document.security);
  if (document.paths !== undefined && !isMap(document.paths)) fail('paths', 'must map resource paths to their operations.');
  for (const [path, item] of Object.entries(isMap(document.paths) ? document.paths : {})) {
    if (!isMap(item)) continue;
    const problem = resourcePathProblem(path);
    if (problem && path !== '$default') fail(`paths.${path}`, `a resource path ${problem}.`);
    for (const [op, operation] of Object.entries(item)) {
      if (!operations.includes(op.toLowerCase()) || !isMap(operation)) continue;
      const method = op.toLowerCase() === 'x-amazon-apigateway-any-method' ? 'ANY' : op.toUpperCase();
      const integration = operation['x-amazon-apigateway-integration'];
      const arn = isMap(integration) ? functionArnOfUri(integration.uri) : undefined;
      if (!isMap(integration) || String(integration.type ?? '').toLowerCase() !== 'aws_proxy' || !arn) {
        reading.notEmulated.push(`${method} ${path} (${isMap(integration) ? `integration type ${String(integration.type)}` : 'no x-amazon-apigateway-integration'})`);
        continue;
      }
      const chosen = security(operation.security) ?? (operation.security === undefined ? apiSecurity : null);
      if (chosen && !(chosen in reading.authorizers)) {
        if (!(chosen in schemes)) fail(`paths.${path}.${op}.security`, `names ${chosen}, which is not one of ${schemesAt} (${Object.keys(schemes).join(', ') || 'none'}).`);
      }
      const version = kind === 'http' ? String(integration.payloadFormatVersion ?? '2.0') : '1.0';
      if (version !== '1.0' && version !== '2.0') fail(`paths.${path}.${op}.x-amazon-apigateway-integration.payloadFormatVersion`, `${version} is not 1.0 or 2.0.`);
      const timeout = integration.timeoutInMillis;
      reading.routes.push({
        method,
        path,
        target: { functionName: arn },
        payloadFormatVersion: version as '1.0' | '2.0',
        ...(chosen && chosen in reading.authorizers ? { authorizer: chosen } : {}),
        ...(timeout !== undefined && Number.isInteger(Number(timeout)) ? { timeoutMs: Number(timeout) } : {}),
        source: `DefinitionBody ${method} ${path}`,
      });
    }
  }
  return reading;
}
