import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { fail, pass } from '../../src/grader/check-helpers.ts';
import { defineLab, type CheckContext } from '../../src/grader/lab-types.ts';
import { callApi, openWebSocket, putItems, stackOf, stackUrl, type ApiAnswer, type Handshake } from '../../src/grader/stack-checks.ts';

/** The table the stack declares (stack/template.yaml), named to the function by TABLE_NAME. */
const tableName = 'lab11-keys';

interface Device {
  apiKey: string;
  userId: string;
  device: string;
}

const fresh = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** A key the grader registers for one check: fresh, so no cached decision of an earlier check applies. */
async function newDevice(context: CheckContext): Promise<Device> {
  const device = { apiKey: fresh('key'), userId: fresh('user'), device: fresh('sensor') };
  await putItems(stackOf(context), await context.clients.lambda.config.region(), tableName, [device]);
  return device;
}

/** GET /readings?device=... on the HTTP API with X-Api-Key. */
function readings(context: CheckContext, apiKey: string, device: string): Promise<ApiAnswer> {
  return callApi(`${stackUrl(stackOf(context), 'apis', 'DevicesHttpApi')}/readings?device=${encodeURIComponent(device)}`, 'GET', { 'X-Api-Key': apiKey });
}

/** A WebSocket connection to the device socket with X-Api-Key and ?device=. */
function connect(context: CheckContext, apiKey: string, device: string): Promise<Handshake> {
  return openWebSocket(`${stackUrl(stackOf(context), 'websockets', 'DevicesSocket')}?device=${encodeURIComponent(device)}`, { 'X-Api-Key': apiKey });
}

const shownAnswer = (answer: ApiAnswer) => ({ status: answer.status, body: answer.body });
const shownHandshake = (handshake: Handshake) => (handshake.opened ? 'connected (101 Switching Protocols)' : { status: handshake.status, body: handshake.body });

const webSocketHints = {
  api: {
    nodejs: 'A $connect event has event.methodArn (an HTTP API 2.0 event has routeArn): answer it with {principalId, policyDocument, context}, or throw new Error("Unauthorized")',
    python: 'A $connect event has "methodArn" (an HTTP API 2.0 event has "routeArn"): answer it with {"principalId", "policyDocument", "context"}, or raise Exception("Unauthorized")',
    ruby: "A $connect event has 'methodArn' (an HTTP API 2.0 event has 'routeArn'): answer it with { principalId:, policyDocument:, context: }, or raise 'Unauthorized'",
    java: 'Read the event into APIGatewayCustomAuthorizerEvent when it has a methodArn (a $connect), into APIGatewayV2CustomAuthorizerEvent otherwise; answer the first with IamPolicyResponseV1',
    dotnet: 'Deserialize the event into APIGatewayCustomAuthorizerRequest when it has a MethodArn (a $connect), into APIGatewayCustomAuthorizerV2Request otherwise; answer the first with APIGatewayCustomAuthorizerResponse',
    go: 'Unmarshal the event into events.APIGatewayCustomAuthorizerRequestTypeRequest when it has a methodArn (a $connect), into events.APIGatewayV2CustomAuthorizerV2Request otherwise; answer the first with events.APIGatewayCustomAuthorizerResponse',
  },
  code: {
    nodejs: "if (event.methodArn) {\n  if (!userId) throw new Error('Unauthorized');\n  return { principalId: userId, policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] }, context: { userId, device } };\n}",
    python: 'if "methodArn" in event:\n    if user_id is None:\n        raise Exception("Unauthorized")\n    return {"principalId": user_id, "policyDocument": {"Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}]}, "context": {"userId": user_id, "device": device}}',
    ruby: "if event['methodArn']\n  raise 'Unauthorized' if user_id.nil?\n\n  return { principalId: user_id, policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event['methodArn'] }] }, context: { userId: user_id, device: device } }\nend",
    java: 'if (event.has("methodArn")) {\n    APIGatewayCustomAuthorizerEvent connect = JSON.treeToValue(event, APIGatewayCustomAuthorizerEvent.class);\n    // ... IamPolicyResponseV1 with IamPolicyResponseV1.allowStatement(connect.getMethodArn())\n}',
    dotnet: 'if (root.ContainsKey("methodArn"))\n{\n    var connect = JsonSerializer.Deserialize<APIGatewayCustomAuthorizerRequest>(text);\n    // ... APIGatewayCustomAuthorizerResponse allowing connect.MethodArn\n}',
    go: 'var probe struct{ MethodArn string `json:"methodArn"` }\njson.Unmarshal(raw, &probe)\nif probe.MethodArn != "" {\n\t// ... events.APIGatewayCustomAuthorizerResponse allowing probe.MethodArn\n}',
  },
};

export default defineLab({
  number: 11,
  title: 'Request authorizer',
  lesson: 5,
  summary: 'Guard an HTTP API and a WebSocket API with one REQUEST authorizer that checks an API key header against a DynamoDB table and a device query parameter: simple responses for the HTTP API, an IAM policy for the WebSocket $connect.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'index.mjs', python: 'lambda_function.py', ruby: 'lambda_function.rb', go: 'main.go', java: 'src/main/java/Handler.java', dotnet: 'Function.cs' },
  function: {
    handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' },
    timeout: 10,
    environment: { TABLE_NAME: tableName },
  },
  // The HTTP API (DevicesHttpApi, GET /readings, payload 2.0, simple responses), the WebSocket API
  // (DevicesSocket, stage prod, REQUEST authorizer on $connect), both with the identity sources
  // X-Api-Key and device; the keys table and the backend: stack/template.yaml.
  needs: { stack: { template: fileURLToPath(new URL('stack/template.yaml', import.meta.url)) } },
  starterFails: ['refuses a known key on another device', 'admits a WebSocket client with a known key on its device', 'refuses a WebSocket client that is not known, with 401 or 403'],
  checks: [
    {
      name: 'lets a known key on its device through the HTTP API, with the caller in the context',
      description: 'GET /readings?device=<its device> with "X-Api-Key: <a key the grader registered>" is answered 200, and the backend finds the key\'s userId at requestContext.authorizer.lambda.userId.',
      hints: {
        concept: 'With simple responses an HTTP API authorizer answers only yes or no, plus context; the backend reads that context one level deeper than behind a REST API, under authorizer.lambda. Lesson 5, HTTP APIs and simple responses.',
        api: 'The answer: {"isAuthorized": true, "context": {"userId": ...}}. The event\'s headers have lower-case names in payload format 2.0.',
        code: {
          nodejs: "return { isAuthorized: true, context: { userId, device } };",
          python: 'return {"isAuthorized": True, "context": {"userId": user_id, "device": device}}',
          ruby: '{ isAuthorized: true, context: { userId: user_id, device: device } }',
          java: 'SimpleIAMPolicyResponse.builder().withIsAuthorized(true).withContext(Map.of("userId", userId, "device", device)).build()',
          dotnet: 'new APIGatewayCustomAuthorizerV2SimpleResponse { IsAuthorized = true, Context = new Dictionary<string, object> { { "userId", userId }, { "device", device } } }',
          go: 'events.APIGatewayV2CustomAuthorizerSimpleResponse{IsAuthorized: true, Context: map[string]interface{}{"userId": userID, "device": device}}',
        },
      },
      run: async (context) => {
        const device = await newDevice(context);
        const answer = await readings(context, device.apiKey, device.device);
        if (answer.status !== 200) return fail(`GET /readings with a known key on its device was answered ${answer.status}`, { status: 200 }, shownAnswer(answer));
        const seen = (answer.body as { authorizer?: { lambda?: Record<string, unknown> } } | undefined)?.authorizer;
        if (seen?.lambda?.userId === device.userId) return pass();
        return fail('The backend did not find the caller at requestContext.authorizer.lambda.userId', { lambda: { userId: device.userId } }, seen ?? null);
      },
    },
    {
      name: 'refuses a known key on another device',
      description: 'A key the grader registered for one device, sent with another device in the query string, is answered 403 (isAuthorized false): both identity sources count, not only the key.',
      hints: {
        concept: 'A REQUEST authorizer sees every identity source; the decision here needs two of them: the key must exist, and the device in the query string must be the one the key is registered for. Lesson 5, Identity sources.',
        api: {
          nodejs: 'event.queryStringParameters.device, compared with the item\'s device (Item.device.S)',
          python: 'event["queryStringParameters"]["device"], compared with the item\'s device (["device"]["S"])',
          ruby: "event['queryStringParameters']['device'], compared with the item's 'device'",
          java: 'getQueryStringParameters().get("device"), compared with the item\'s device attribute (.s())',
          dotnet: 'QueryStringParameters["device"], compared with the item\'s (string)item["device"]',
          go: 'QueryStringParameters["device"], compared with the item\'s device (*types.AttributeValueMemberS)',
        },
        code: {
          nodejs: "return Item && Item.device.S === device ? Item.userId.S : undefined;",
          python: 'if item is None or item["device"]["S"] != device:\n    return None',
          ruby: "return nil if item.nil? || item['device'] != device",
          java: 'if (!answer.hasItem() || !device.equals(answer.item().get("device").s())) return null;',
          dotnet: 'if (item == null || (string)item["device"] != device) return null;',
          go: 'if out.Item == nil || out.Item["device"].(*types.AttributeValueMemberS).Value != device {\n\treturn ""\n}',
        },
      },
      run: async (context) => {
        const device = await newDevice(context);
        const answer = await readings(context, device.apiKey, fresh('other-sensor'));
        if (answer.status === 403) return pass();
        return fail(`A known key with a device it is not registered for was answered ${answer.status}`, { status: 403, body: { message: 'Forbidden' } }, shownAnswer(answer));
      },
    },
    {
      name: 'refuses an unknown key',
      description: 'GET /readings with an X-Api-Key the table does not hold is answered 403 (isAuthorized false), not 500.',
      hints: {
        concept: 'With simple responses, "no" is isAuthorized false; an error or an answer of another shape makes API Gateway answer 500 instead. Lesson 5, HTTP APIs and simple responses.',
        api: 'GetItem answers without an Item for an unknown key: answer {"isAuthorized": false}',
        code: {
          nodejs: 'if (!userId) return { isAuthorized: false };',
          python: 'if user_id is None:\n    return {"isAuthorized": False}',
          ruby: 'return { isAuthorized: false } if user_id.nil?',
          java: 'if (userId == null) return SimpleIAMPolicyResponse.builder().withIsAuthorized(false).build();',
          dotnet: 'if (userId == null) return new APIGatewayCustomAuthorizerV2SimpleResponse { IsAuthorized = false };',
          go: 'if userID == "" {\n\treturn events.APIGatewayV2CustomAuthorizerSimpleResponse{IsAuthorized: false}, nil\n}',
        },
      },
      run: async (context) => {
        const answer = await readings(context, fresh('unknown-key'), fresh('sensor'));
        if (answer.status === 403) return pass();
        return fail(`An unknown key was answered ${answer.status}`, { status: 403, body: { message: 'Forbidden' } }, shownAnswer(answer));
      },
    },
    {
      name: 'admits a WebSocket client with a known key on its device',
      description: 'A WebSocket client connecting to the device socket with "X-Api-Key: <a registered key>" and ?device=<its device> is connected: the $connect authorizer answered with a policy that allows its methodArn.',
      hints: {
        concept: 'A WebSocket API authorizes only $connect, with a REQUEST authorizer that answers as a REST API\'s does: an IAM policy for methodArn, which ends in $connect. A simple response is not a policy, and API Gateway refuses the connection with 500. Lesson 5, Authorizing WebSocket connections.',
        ...webSocketHints,
      },
      run: async (context) => {
        const device = await newDevice(context);
        const handshake = await connect(context, device.apiKey, device.device);
        if (handshake.opened) return pass();
        const why = handshake.status === 500 ? ': the authorizer failed or did not answer with a policy' : '';
        return fail(`The connection was refused with ${handshake.status}${why}`, 'connected (101 Switching Protocols)', shownHandshake(handshake));
      },
    },
    {
      name: 'refuses a WebSocket client that is not known, with 401 or 403',
      description: 'Connections with an unknown key, and with a known key on another device, are refused with 401 (the authorizer failed with "Unauthorized") or 403 (a Deny), never 500, and never connected.',
      hints: {
        concept: 'For a caller it does not know, a $connect authorizer fails with exactly "Unauthorized" (401) or returns a Deny (403); the client never gets a connection. Anything else is an authorizer failure, 500. Lesson 5, Authorizing WebSocket connections.',
        ...webSocketHints,
      },
      run: async (context) => {
        const device = await newDevice(context);
        const tries = [
          { what: 'an unknown key', handshake: await connect(context, fresh('unknown-key'), device.device) },
          { what: 'a known key on another device', handshake: await connect(context, device.apiKey, fresh('other-sensor')) },
        ];
        const wrong = tries.filter((t) => t.handshake.opened || (t.handshake.status !== 401 && t.handshake.status !== 403));
        if (wrong.length === 0) return pass();
        return fail(
          `${wrong.map((t) => `With ${t.what} the client was ${t.handshake.opened ? 'connected' : `refused with ${t.handshake.status}`}`).join('; ')}`,
          'refused with 401 or 403',
          Object.fromEntries(tries.map((t) => [t.what, shownHandshake(t.handshake)])),
        );
      },
    },
  ],
});
