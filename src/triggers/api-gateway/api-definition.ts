// What one API is, once a template (or a test) has described it: its kind (a REST API or an
// HTTP API), its stage, its routes to functions and its Lambda authorizers. The template part
// (src/template/parts/api-gateway.ts) builds these from SAM; api-server.ts serves them. Nothing
// here knows SAM's property names, so a test or a lab can describe an API directly.

export type ApiKind = 'rest' | 'http';

/** How API Gateway's integration talks to the function: REST's proxy integration is 1.0; HTTP APIs choose. */
export type PayloadFormatVersion = '1.0' | '2.0';

export interface FunctionTarget {
  /** A function name or ARN, as Invoke takes it. */
  functionName: string;
  qualifier?: string;
}

export interface ApiRoute {
  /** GET, POST, ... or ANY (every method the resource does not define itself). */
  method: string;
  /** A resource path such as /pets/{id} or /files/{proxy+}; `$default` is an HTTP API's catch-all route. */
  path: string;
  target: FunctionTarget;
  payloadFormatVersion: PayloadFormatVersion;
  /** The authorizer's name, or undefined for none (SAM's Authorizer: NONE). */
  authorizer?: string;
  /** HTTP APIs only: how long the integration may take (API Gateway's 30 s at most). */
  timeoutMs?: number;
  /** Where the route came from, for messages (function logical id and event id). */
  source?: string;
}

/**
 * Where an authorizer reads the caller's identity. Header names are case-insensitive and query
 * string names case-sensitive, as API Gateway reads them.
 * Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html (Identity sources)
 */
export interface IdentitySource {
  kind: 'header' | 'querystring' | 'stageVariable' | 'context';
  name: string;
}

export interface AuthorizerDefinition {
  name: string;
  target: FunctionTarget;
  /** TOKEN: one header, the token; REQUEST: the request's parameters. HTTP APIs and WebSocket $connect take REQUEST only. */
  type: 'TOKEN' | 'REQUEST';
  identitySources: IdentitySource[];
  /** TOKEN only: a regular expression the whole token must match, or 401 without calling the authorizer. */
  validationExpression?: string;
  /** Result cache time to live, 0 (off) to 3600 s; API Gateway's default is 300 s. */
  ttlSeconds: number;
  /** REST authorizers speak 1.0; HTTP API authorizers 1.0 or 2.0. */
  payloadFormatVersion: PayloadFormatVersion;
  /** HTTP API, payload 2.0: the function answers {isAuthorized, context} instead of a policy. */
  simpleResponses: boolean;
  /** How long API Gateway waits for the authorizer before answering 500 (HTTP APIs: 10 s, limits.html). */
  timeoutMs?: number;
}

export interface ApiDefinition {
  /** The template's logical id (named in logs and outputs). */
  logicalId: string;
  kind: ApiKind;
  /** The API's id (ten lower-case letters and digits), as methodArn and requestContext.apiId carry it. */
  apiId: string;
  /** A stage name; an HTTP API's `$default` stage is served at the root, with no stage in the path. */
  stage: string;
  stageVariables: Record<string, string>;
  routes: ApiRoute[];
  authorizers: Record<string, AuthorizerDefinition>;
  /** REST APIs: media types whose bodies travel base64-encoded (SAM's BinaryMediaTypes). */
  binaryMediaTypes: string[];
}

/** The path under which a stage is served: `/Prod`, or nothing for an HTTP API's `$default` stage. */
export function stagePrefix(api: Pick<ApiDefinition, 'kind' | 'stage'>): string {
  return api.kind === 'http' && api.stage === '$default' ? '' : `/${api.stage}`;
}

/**
 * Authorizer result cache bounds, REST and HTTP APIs alike: 300 s when unset, 0 off, 3600 at most.
 * Sources: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-lambdarequestauthorizationidentity.html (ReauthorizeEvery)
 * https://docs.aws.amazon.com/apigateway/latest/api/API_Authorizer.html and the API Gateway V2
 * Authorizer model (authorizerResultTtlInSeconds: "If this field is not set, the default value is 300").
 */
export const authorizerTtl = { defaultSeconds: 300, maxSeconds: 3600 } as const;
