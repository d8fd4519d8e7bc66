// A chat WebSocket API as a team would declare it in CloudFormation (AWS::ApiGatewayV2::*), with a
// REQUEST authorizer on $connect, and a second API with one route and no $default. Its functions
// write what they saw into a table, so tests read the events back through DynamoDB.

const nodeRuntime = `nodejs${process.versions.node.split('.')[0]}.x`;

const authorizer = `
exports.handler = async (event) => {
  const auth = event.headers.Auth;
  if (auth === 'unauthorized') throw new Error('Unauthorized');
  if (auth === 'crash') throw new Error('boom');
  const effect = auth === 'allow' ? 'Allow' : 'Deny';
  return {
    principalId: 'ada',
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: event.methodArn }] },
    context: { role: 'admin', level: 3 },
  };
};
`;

const onConnect = `
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const db = new DynamoDBClient({});
exports.handler = async (event) => {
  const q = event.queryStringParameters || {};
  if (q.reject) return { statusCode: 400 };
  const rc = event.requestContext;
  const a = rc.authorizer || {};
  await db.send(new PutItemCommand({ TableName: process.env.TABLE, Item: {
    connectionId: { S: 'connected#' + rc.connectionId }, eventType: { S: rc.eventType }, routeKey: { S: rc.routeKey },
    principal: { S: String(a.principalId) }, role: { S: String(a.role) }, level: { S: typeof a.level + ':' + a.level },
    room: { S: String(q.room) }, stage: { S: rc.stage }, domainName: { S: rc.domainName },
  } }));
  const offered = (event.headers['Sec-WebSocket-Protocol'] || '').split(',').map((p) => p.trim());
  return offered.includes('chat') ? { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'chat' } } : { statusCode: 200 };
};
`;

const onDisconnect = `
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const db = new DynamoDBClient({});
exports.handler = async (event) => {
  const rc = event.requestContext;
  await db.send(new PutItemCommand({ TableName: process.env.TABLE, Item: {
    connectionId: { S: 'disconnected#' + rc.connectionId }, eventType: { S: rc.eventType }, routeKey: { S: rc.routeKey },
    code: { N: String(rc.disconnectStatusCode) }, reason: { S: rc.disconnectReason || '-' },
  } }));
  return { statusCode: 200 };
};
`;

const onDefault = `
exports.handler = async (event) => {
  const rc = event.requestContext;
  return { statusCode: 200, body: JSON.stringify({
    route: rc.routeKey, eventType: rc.eventType, body: event.body, connectionId: rc.connectionId,
    principal: rc.authorizer && rc.authorizer.principalId, stage: rc.stage,
  }) };
};
`;

const onSend = `
import json, boto3
def handler(event, context):
    rc = event['requestContext']
    client = boto3.client('apigatewaymanagementapi', endpoint_url='https://%s/%s' % (rc['domainName'], rc['stage']))
    data = json.loads(event['body'])['data']
    client.post_to_connection(ConnectionId=rc['connectionId'], Data=json.dumps({'echo': data}).encode())
    return {'statusCode': 200}
`;

// Posts with Node's own fetch (unsigned: the local callback API takes any caller) to the https URL.
const onNodeSend = `
exports.handler = async (event) => {
  const rc = event.requestContext;
  const url = 'https://' + rc.domainName + '/' + rc.stage + '/@connections/' + encodeURIComponent(rc.connectionId);
  const res = await fetch(url, { method: 'POST', body: JSON.stringify({ node: JSON.parse(event.body).data }) });
  return { statusCode: res.status };
};
`;

const indent = (code: string) => code.trim().split('\n').map((l) => `        ${l}`).join('\n');
const fn = (id: string, code: string, runtime = nodeRuntime) => `
  ${id}:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: ${runtime}
      Handler: index.handler
      InlineCode: |
${indent(code)}`;
const integration = (id: string, api: string, functionId: string) => `
  ${id}:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref ${api}
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${functionId}.Arn}/invocations`;
const route = (id: string, api: string, key: string, integrationId?: string, extra = '') => `
  ${id}:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref ${api}
      RouteKey: ${key}${integrationId ? `\n      Target: !Join ['/', [integrations, !Ref ${integrationId}]]` : ''}${extra}`;

export const chatTemplate = `
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 30
    Environment:
      Variables:
        TABLE: !Ref Connections
Resources:
  Connections:
    Type: AWS::Serverless::SimpleTable
    Properties:
      PrimaryKey: { Name: connectionId, Type: String }
${fn('AuthorizerFunction', authorizer)}
${fn('ConnectFunction', onConnect)}
${fn('DisconnectFunction', onDisconnect)}
${fn('DefaultFunction', onDefault)}
${fn('SendFunction', onSend, 'python3.12')}
${fn('NodeSendFunction', onNodeSend)}
  ChatApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: chat
      ProtocolType: WEBSOCKET
      RouteSelectionExpression: $request.body.action
  ChatAuthorizer:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      ApiId: !Ref ChatApi
      Name: chat-auth
      AuthorizerType: REQUEST
      AuthorizerUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${AuthorizerFunction.Arn}/invocations
      IdentitySource: [route.request.header.Auth]
${integration('ConnectIntegration', 'ChatApi', 'ConnectFunction')}
${integration('DisconnectIntegration', 'ChatApi', 'DisconnectFunction')}
${integration('DefaultIntegration', 'ChatApi', 'DefaultFunction')}
${integration('SendIntegration', 'ChatApi', 'SendFunction')}
${integration('NodeSendIntegration', 'ChatApi', 'NodeSendFunction')}
${route('ConnectRoute', 'ChatApi', '$connect', 'ConnectIntegration', '\n      AuthorizationType: CUSTOM\n      AuthorizerId: !Ref ChatAuthorizer')}
${route('DisconnectRoute', 'ChatApi', '$disconnect', 'DisconnectIntegration')}
${route('DefaultRoute', 'ChatApi', '$default', 'DefaultIntegration', '\n      RouteResponseSelectionExpression: $default')}
${route('SendRoute', 'ChatApi', 'send', 'SendIntegration')}
${route('NodeSendRoute', 'ChatApi', 'nodesend', 'NodeSendIntegration')}
  DefaultRouteResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties:
      ApiId: !Ref ChatApi
      RouteId: !Ref DefaultRoute
      RouteResponseKey: $default
  ChatStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref ChatApi
      StageName: prod
      AutoDeploy: true
  BareApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: bare
      ProtocolType: WEBSOCKET
      RouteSelectionExpression: $request.body.action
${route('PingRoute', 'BareApi', 'ping')}
  BareStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref BareApi
      StageName: dev
`;
