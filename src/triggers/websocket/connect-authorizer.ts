// The REQUEST authorizer of a WebSocket $connect, run on the API Gateway part's evaluator
// (api-gateway/authorizer.ts: identity sources, the policy with Deny winning, "Unauthorized"),
// with what differs on a WebSocket API: the methodArn ends in /$connect, results are not cached
// (AuthorizerResultTtlInSeconds is for HTTP API authorizers only), the authorizer context reaches
// every later event of the connection as requestContext.authorizer (REST's shape: principalId,
// integrationLatency and the context values as strings), and a refusal refuses the upgrade:
// 401 (missing identity source, "Unauthorized"), 403 (Deny, or no Allow), 500 (authorizer failure).
// Sources: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-authorizer.html

import type { Clock } from '../../runtime/clock.ts';
import { AuthorizerEvaluator, authorizerContextFor } from '../api-gateway/authorizer.ts';
import type { GatewayFailure } from '../api-gateway/gateway-responses.ts';
import type { LambdaPort } from '../lambda-port.ts';
import type { WebSocketAuthorizer } from './websocket-api.ts';
import type { AuthorizeConnect } from './websocket-server.ts';

const refusals: Partial<Record<GatewayFailure, { status: number; message: string }>> = {
  unauthorized: { status: 401, message: 'Unauthorized' },
  explicitDeny: { status: 403, message: 'Forbidden' },
  implicitDeny: { status: 403, message: 'Forbidden' },
  methodArnTooLong: { status: 414, message: 'Request-URI Too Long' },
};

export function connectAuthorizer(deps: { port: LambdaPort; clock: Clock }): AuthorizeConnect {
  const evaluators = new Map<WebSocketAuthorizer, AuthorizerEvaluator>();
  return async (authorizer, call) => {
    // Two APIs may name their authorizers alike: one evaluator per authorizer object.
    let evaluator = evaluators.get(authorizer);
    if (!evaluator) {
      evaluator = new AuthorizerEvaluator(
        { name: authorizer.name, target: authorizer.target, type: 'REQUEST', identitySources: authorizer.identitySources, ttlSeconds: 0, payloadFormatVersion: '1.0', simpleResponses: false },
        deps,
      );
      evaluators.set(authorizer, evaluator);
    }
    const decision = await evaluator.evaluate({
      methodArn: call.methodArn,
      identity: (source) => (source.kind === 'header' || source.kind === 'querystring' ? call.identity({ kind: source.kind, name: source.name }) : undefined),
      event: () => call.event(),
    });
    if (decision.outcome === 'allow') return { allowed: true, authorizer: authorizerContextFor('rest', decision), explanation: decision.explanation };
    const refusal = refusals[decision.failure] ?? { status: 500, message: 'Internal server error' };
    return { allowed: false, status: refusal.status, body: JSON.stringify({ message: refusal.message }), explanation: decision.explanation };
  };
}
