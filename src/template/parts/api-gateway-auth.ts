// SAM's Auth property of an API, read into Lambda authorizer definitions.
// REST (AWS::Serverless::Api): Auth.Authorizers.<name> with FunctionArn, FunctionPayloadType
// (TOKEN, the default, or REQUEST) and Identity (TOKEN: Header, default Authorization,
// ValidationExpression, ReauthorizeEvery; REQUEST: Headers, QueryStrings, StageVariables,
// Context, ReauthorizeEvery, default 300).
// Sources: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-lambdatokenauthorizer.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-lambdarequestauthorizer.html
// HTTP (AWS::Serverless::HttpApi): FunctionArn, AuthorizerPayloadFormatVersion (1.0 or 2.0),
// EnableSimpleResponses (2.0 only), Identity (Headers, QueryStrings, StageVariables, Context,
// ReauthorizeEvery); without Identity there is no identity source (called every time, not cached).
// Source: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-httpapi-lambdaauthorizer.html
// Cognito (UserPoolArn) and JWT (JwtConfiguration) authorizers are not Lambda authorizers: they
// are listed as not emulated, and routes that use them are served without them.

import type { ApiKind, AuthorizerDefinition, FunctionTarget, IdentitySource } from '../../triggers/api-gateway/api-definition.ts';
import { authorizerTtl } from '../../triggers/api-gateway/api-definition.ts';
import type { Json } from '../parse.ts';

export interface AuthReading {
  authorizers: Record<string, AuthorizerDefinition>;
  /** Authorizers of other kinds (Cognito, JWT, IAM), by name: routes naming them run without authorization. */
  notEmulated: string[];
  defaultAuthorizer?: string;
}

/** Throws a template error naming the property under Auth and the rule. */
export type AuthFail = (property: string, rule: string) => never;

function isMap(value: Json | undefined): value is Record<string, Json> {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

function names(value: Json | undefined, at: string, fail: AuthFail): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) fail(at, `must be a list of names, not ${JSON.stringify(value)}.`);
  return value as string[];
}

function ttl(value: Json | undefined, at: string, fail: AuthFail): number {
  if (value === undefined) return authorizerTtl.defaultSeconds;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > authorizerTtl.maxSeconds) {
    fail(at, `${JSON.stringify(value)} is outside API Gateway's range: a whole number of seconds from 0 (no cache) to ${authorizerTtl.maxSeconds}.`);
  }
  return n;
}

function requestSources(identity: Record<string, Json>, at: string, fail: AuthFail): IdentitySource[] {
  return [
    ...names(identity.Headers, `${at}.Headers`, fail).map((name): IdentitySource => ({ kind: 'header', name })),
    ...names(identity.QueryStrings, `${at}.QueryStrings`, fail).map((name): IdentitySource => ({ kind: 'querystring', name })),
    ...names(identity.StageVariables, `${at}.StageVariables`, fail).map((name): IdentitySource => ({ kind: 'stageVariable', name })),
    ...names(identity.Context, `${at}.Context`, fail).map((name): IdentitySource => ({ kind: 'context', name })),
  ];
}

function target(arn: Json | undefined, at: string, fail: AuthFail): FunctionTarget {
  if (typeof arn !== 'string' || arn === '') return fail(`${at}.FunctionArn`, `is missing: set it to the authorizer function's ARN, e.g. !GetAtt AuthorizerFunction.Arn.`);
  return { functionName: arn };
}

const restAuthorizerKeys = ['FunctionArn', 'FunctionPayloadType', 'FunctionInvokeRole', 'Identity', 'DisableFunctionDefaultPermissions'];
const httpAuthorizerKeys = ['FunctionArn', 'FunctionInvokeRole', 'Identity', 'AuthorizerPayloadFormatVersion', 'EnableSimpleResponses', 'EnableFunctionDefaultPermissions'];

function restAuthorizer(name: string, spec: Record<string, Json>, at: string, fail: AuthFail): AuthorizerDefinition {
  for (const key of Object.keys(spec)) if (!restAuthorizerKeys.includes(key)) fail(`${at}.${key}`, `is not a property of a Lambda authorizer (it takes ${restAuthorizerKeys.join(', ')}).`);
  const type = spec.FunctionPayloadType ?? 'TOKEN';
  if (type !== 'TOKEN' && type !== 'REQUEST') return fail(`${at}.FunctionPayloadType`, `${JSON.stringify(type)} is not TOKEN or REQUEST.`);
  if (spec.Identity !== undefined && !isMap(spec.Identity)) fail(`${at}.Identity`, 'must be a map (Header, ValidationExpression, ReauthorizeEvery for TOKEN; Headers, QueryStrings, StageVariables, Context for REQUEST).');
  const identity = isMap(spec.Identity) ? spec.Identity : {};
  const base = { name, target: target(spec.FunctionArn, at, fail), ttlSeconds: ttl(identity.ReauthorizeEvery, `${at}.Identity.ReauthorizeEvery`, fail), payloadFormatVersion: '1.0' as const, simpleResponses: false };
  if (type === 'TOKEN') {
    for (const key of ['Headers', 'QueryStrings', 'StageVariables', 'Context']) if (key in identity) fail(`${at}.Identity.${key}`, 'belongs to REQUEST authorizers: a TOKEN authorizer reads one header (Identity.Header). Set FunctionPayloadType: REQUEST, or use Header.');
    const header = identity.Header ?? 'Authorization';
    if (typeof header !== 'string' || header === '') return fail(`${at}.Identity.Header`, `must be a header name, not ${JSON.stringify(header)}.`);
    const expression = identity.ValidationExpression;
    if (expression !== undefined) {
      if (typeof expression !== 'string') return fail(`${at}.Identity.ValidationExpression`, 'must be a regular expression in a string.');
      try {
        new RegExp(expression);
      } catch (error) {
        return fail(`${at}.Identity.ValidationExpression`, `${expression} is not a valid regular expression: ${(error as Error).message}.`);
      }
    }
    return { ...base, type, identitySources: [{ kind: 'header', name: header }], ...(expression !== undefined ? { validationExpression: expression } : {}) };
  }
  for (const key of ['Header', 'ValidationExpression']) if (key in identity) fail(`${at}.Identity.${key}`, 'belongs to TOKEN authorizers: a REQUEST authorizer lists Headers, QueryStrings, StageVariables or Context.');
  const sources = requestSources(identity, `${at}.Identity`, fail);
  // SAM refuses a REQUEST authorizer without an identity source (samtranslator/model/apigateway.py, ApiGatewayAuthorizer).
  if (sources.length === 0) fail(`${at}.Identity`, 'of a REQUEST authorizer needs at least one of Headers, QueryStrings, StageVariables or Context.');
  return { ...base, type, identitySources: sources };
}

function httpAuthorizer(name: string, spec: Record<string, Json>, at: string, fail: AuthFail): AuthorizerDefinition {
  for (const key of Object.keys(spec)) if (!httpAuthorizerKeys.includes(key)) fail(`${at}.${key}`, `is not a property of an HTTP API Lambda authorizer (it takes ${httpAuthorizerKeys.join(', ')}).`);
  const version = spec.AuthorizerPayloadFormatVersion;
  if (version === undefined) return fail(`${at}.AuthorizerPayloadFormatVersion`, 'is required for a Lambda authorizer of an HTTP API: set 2.0 (or 1.0 for REST-compatible policies).');
  const v = String(version) === '1' ? '1.0' : String(version) === '2' ? '2.0' : String(version);
  if (v !== '1.0' && v !== '2.0') return fail(`${at}.AuthorizerPayloadFormatVersion`, `${JSON.stringify(version)} is not 1.0 or 2.0.`);
  const simple = spec.EnableSimpleResponses === true || spec.EnableSimpleResponses === 'true';
  if (simple && v !== '2.0') fail(`${at}.EnableSimpleResponses`, 'works with AuthorizerPayloadFormatVersion 2.0 only.');
  if (spec.Identity !== undefined && !isMap(spec.Identity)) fail(`${at}.Identity`, 'must be a map (Headers, QueryStrings, StageVariables, Context, ReauthorizeEvery).');
  const identity = isMap(spec.Identity) ? spec.Identity : {};
  for (const key of ['Header', 'ValidationExpression']) if (key in identity) fail(`${at}.Identity.${key}`, 'is for REST API TOKEN authorizers: an HTTP API authorizer lists Headers, QueryStrings, StageVariables or Context.');
  // Without Identity SAM writes no identity source: the authorizer is called for every request
  // and nothing is cached (samtranslator/model/apigatewayv2.py, ApiGatewayV2Authorizer.generate_openapi).
  const sources = requestSources(identity, `${at}.Identity`, fail);
  // HTTP APIs wait 10 s for a Lambda authorizer (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html, HTTP API quotas).
  return { name, target: target(spec.FunctionArn, at, fail), type: 'REQUEST', identitySources: sources, ttlSeconds: ttl(identity.ReauthorizeEvery, `${at}.Identity.ReauthorizeEvery`, fail), payloadFormatVersion: v, simpleResponses: simple, timeoutMs: 10_000 };
}

/** Reads Auth (intrinsics already resolved). */
export function readAuth(kind: ApiKind, auth: Json | undefined, fail: AuthFail): AuthReading {
  const reading: AuthReading = { authorizers: {}, notEmulated: [] };
  if (auth === undefined) return reading;
  if (!isMap(auth)) return fail('Auth', 'must be a map with Authorizers and DefaultAuthorizer.');
  const declared = auth.Authorizers;
  if (declared !== undefined && !isMap(declared)) fail('Auth.Authorizers', 'must map authorizer names to their definitions.');
  for (const [name, spec] of Object.entries(isMap(declared) ? declared : {})) {
    const at = `Auth.Authorizers.${name}`;
    if (!isMap(spec)) fail(at, 'must be a map (FunctionArn, Identity, ...).');
    const s = spec as Record<string, Json>;
    if ('UserPoolArn' in s || 'JwtConfiguration' in s || 'IdentitySource' in s && !('FunctionArn' in s)) {
      reading.notEmulated.push(name);
      continue;
    }
    reading.authorizers[name] = kind === 'rest' ? restAuthorizer(name, s, at, fail) : httpAuthorizer(name, s, at, fail);
  }
  const fallback = auth.DefaultAuthorizer;
  if (fallback !== undefined) {
    if (typeof fallback !== 'string') return fail('Auth.DefaultAuthorizer', 'must be the name of one of Auth.Authorizers.');
    const known = [...Object.keys(reading.authorizers), ...reading.notEmulated, ...(kind === 'rest' ? ['AWS_IAM'] : ['AWS_IAM'])];
    if (!known.includes(fallback)) fail('Auth.DefaultAuthorizer', `${fallback} is not one of Auth.Authorizers (${Object.keys(reading.authorizers).join(', ') || 'none declared'}).`);
    if (fallback === 'AWS_IAM') reading.notEmulated.push('AWS_IAM');
    reading.defaultAuthorizer = fallback;
  }
  return reading;
}
