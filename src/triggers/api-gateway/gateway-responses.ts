// The answers API Gateway itself gives (its "gateway responses"), byte for byte as a client sees
// them without customisation: the status, the JSON body and, for REST APIs, x-amzn-ErrorType.
// Status codes: https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
// REST bodies: Missing Authentication Token (supported-gateway-response-types.html,
// set-up-gateway-response-using-the-console.html); the Deny and implicit-deny `Message` and the
// authorizer failure's `{"message":null}` as AWS answers them (knowledge-center
// api-gateway-401-error-lambda-authorizer; dev.to/marcogrcr "API Gateway + Lambda authorizer +
// Lambda proxy integration failure modes"; loige.co/debugging-custom-apigateway-authorizers);
// the 502 "Internal server error" for a malformed proxy response (knowledge-center malformed-502-api-gateway).
// HTTP API bodies: `{"message":"Not Found"}` (http-api-develop-routes.html), `{"message":"Unauthorized"}`
// (http-api-troubleshooting-jwt.html), `{"message":"Internal Server Error"}` for an integration or
// authorizer failure (http-api-troubleshooting-lambda.html, http-api-lambda-authorizer.html).

import type { ApiKind } from './api-definition.ts';

export type GatewayFailure =
  | 'missingRoute'
  | 'unauthorized'
  | 'explicitDeny'
  | 'implicitDeny'
  | 'authorizerFailure'
  | 'integrationFailure'
  | 'invokeFailure'
  | 'integrationTimeout'
  | 'methodArnTooLong';

export interface GatewayResponse {
  status: number;
  /** The body exactly as API Gateway writes it. */
  body: string;
  /** REST APIs name the error in x-amzn-ErrorType. */
  errorType?: string;
}

const rest: Record<GatewayFailure, GatewayResponse> = {
  missingRoute: { status: 403, body: '{"message":"Missing Authentication Token"}', errorType: 'MissingAuthenticationTokenException' },
  unauthorized: { status: 401, body: '{"message":"Unauthorized"}', errorType: 'UnauthorizedException' },
  explicitDeny: { status: 403, body: '{"Message":"User is not authorized to access this resource with an explicit deny"}', errorType: 'AccessDeniedException' },
  implicitDeny: { status: 403, body: '{"Message":"User is not authorized to access this resource"}', errorType: 'AccessDeniedException' },
  authorizerFailure: { status: 500, body: '{"message":null}', errorType: 'AuthorizerConfigurationException' },
  integrationFailure: { status: 502, body: '{"message": "Internal server error"}', errorType: 'InternalServerErrorException' },
  invokeFailure: { status: 500, body: '{"message": "Internal server error"}', errorType: 'InternalServerErrorException' },
  // REST APIs wait 29 s for an integration by default (API Gateway quotas).
  integrationTimeout: { status: 504, body: '{"message": "Endpoint request timed out"}' },
  // A methodArn over 1600 bytes (api-gateway-lambda-authorizer-output.html).
  methodArnTooLong: { status: 414, body: '{"message":"Request-URI Too Long"}' },
};

const http: Record<GatewayFailure, GatewayResponse> = {
  missingRoute: { status: 404, body: '{"message":"Not Found"}' },
  unauthorized: { status: 401, body: '{"message":"Unauthorized"}' },
  explicitDeny: { status: 403, body: '{"message":"Forbidden"}' },
  implicitDeny: { status: 403, body: '{"message":"Forbidden"}' },
  authorizerFailure: { status: 500, body: '{"message":"Internal Server Error"}' },
  integrationFailure: { status: 500, body: '{"message":"Internal Server Error"}' },
  invokeFailure: { status: 500, body: '{"message":"Internal Server Error"}' },
  // An HTTP API answers 503 when its integration timeout passes (limits.md: 30 s at most;
  // seen in serverless/serverless#11222 and sst#2232).
  integrationTimeout: { status: 503, body: '{"message":"Service Unavailable"}' },
  methodArnTooLong: { status: 414, body: '{"message":"Request-URI Too Long"}' },
};

export function gatewayResponse(kind: ApiKind, failure: GatewayFailure): GatewayResponse {
  return (kind === 'rest' ? rest : http)[failure];
}
