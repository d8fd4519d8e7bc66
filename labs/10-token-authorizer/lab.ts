import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { fail, pass } from '../../src/grader/check-helpers.ts';
import { defineLab, type CheckContext } from '../../src/grader/lab-types.ts';
import { authorizerInvocations, callApi, gatewayMessage, putItems, stackOf, stackUrl, type ApiAnswer } from '../../src/grader/stack-checks.ts';

/** The table the stack declares (stack/template.yaml), named to the function by TABLE_NAME. */
const tableName = 'lab10-tokens';
/** The authorizer cache's TTL the stack sets (ReauthorizeEvery). */
const ttlSeconds = 300;

const explicitDeny = 'User is not authorized to access this resource with an explicit deny';

interface Caller {
  token: string;
  userId: string;
}

/** A caller the grader makes for one check: a fresh token in the table, so no cached answer of an earlier check applies. */
async function newCaller(context: CheckContext): Promise<Caller> {
  const caller = { token: `tok-${randomBytes(6).toString('hex')}`, userId: `user-${randomBytes(3).toString('hex')}` };
  await putItems(stackOf(context), await context.clients.lambda.config.region(), tableName, [caller]);
  return caller;
}

/** One request to the orders API, with a bearer token when given. */
function orders(context: CheckContext, method: string, path: string, token?: string): Promise<ApiAnswer> {
  const url = `${stackUrl(stackOf(context), 'apis', 'OrdersApi')}${path}`;
  return callApi(url, method, token === undefined ? {} : { Authorization: `Bearer ${token}` });
}

const shownAnswer = (answer: ApiAnswer) => ({ status: answer.status, body: answer.body });

export default defineLab({
  number: 10,
  title: 'Token authorizer',
  lesson: 5,
  summary: 'Guard an orders API with a TOKEN authorizer that looks the bearer token up in a DynamoDB table, allows reading and updating orders, denies deleting them, and passes the caller\'s id on to the backend.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'index.mjs', python: 'lambda_function.py', ruby: 'lambda_function.rb', go: 'main.go', java: 'src/main/java/Handler.java', dotnet: 'Function.cs' },
  function: {
    handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' },
    timeout: 10,
    environment: { TABLE_NAME: tableName },
  },
  // The orders API (REST, stage prod, routes /orders/{proxy+} for GET, PUT and DELETE) with this
  // function as its TOKEN authorizer, the tokens table and the backend: stack/template.yaml.
  needs: { stack: { template: fileURLToPath(new URL('stack/template.yaml', import.meta.url)) } },
  starterFails: ['denies deleting orders with an explicit Deny', 'passes the caller\'s id on to the backend', 'decides once per token while the answer is cached'],
  checks: [
    {
      name: 'answers 401 for a token that is not in the table',
      description: 'GET /orders/7 with "Authorization: Bearer <a token the table does not hold>" is answered 401 {"message":"Unauthorized"}: the authorizer ran and failed with exactly "Unauthorized", rather than crashing (500) or denying (403).',
      hints: {
        concept: 'An authorizer that cannot tell who the caller is fails with the exact message "Unauthorized"; API Gateway turns that into a 401. Any other error is a 500. Lesson 5, What the caller sees.',
        api: {
          nodejs: 'GetItemCommand from @aws-sdk/client-dynamodb: no Item in the answer means no such token; then throw new Error("Unauthorized")',
          python: 'boto3.client("dynamodb").get_item(...): no "Item" key means no such token; then raise Exception("Unauthorized")',
          ruby: "DojoDynamoDB.get_item(table_name:, key:) returns nil for no such token; then raise 'Unauthorized'",
          java: 'DynamoDbClient.getItem(...).hasItem() is false for no such token; then throw new RuntimeException("Unauthorized")',
          dotnet: 'DynamoDbHelper.GetItem(table, key) returns null for no such token; then throw new Exception("Unauthorized")',
          go: 'GetItem\'s output has a nil Item for no such token; then return errors.New("Unauthorized")',
        },
        code: {
          nodejs: "if (!Item) throw new Error('Unauthorized');",
          python: 'if "Item" not in answer:\n    raise Exception("Unauthorized")',
          ruby: "raise 'Unauthorized' if item.nil?",
          java: 'if (!answer.hasItem()) throw new RuntimeException("Unauthorized");',
          dotnet: 'if (item == null) throw new Exception("Unauthorized");',
          go: 'if out.Item == nil {\n\treturn events.APIGatewayCustomAuthorizerResponse{}, errors.New("Unauthorized")\n}',
        },
      },
      run: async (context) => {
        const answer = await orders(context, 'GET', '/orders/7', `tok-unknown-${randomBytes(4).toString('hex')}`);
        if (answer.status === 401) return pass();
        const why = answer.status === 500 ? ': the authorizer failed with another message, or answered something that is not a policy' : '';
        return fail(`A token the table does not hold was answered ${answer.status}${why}`, { status: 401, body: { message: 'Unauthorized' } }, shownAnswer(answer));
      },
    },
    {
      name: 'lets a known token read an order',
      description: 'With a token the grader put in the table, GET /orders/7 reaches the backend and is answered 200.',
      hints: {
        concept: 'The authorizer looks the token up in the table named by TABLE_NAME and, for a known one, returns a policy whose Allow statement matches the request\'s methodArn. Lesson 5, The answer, a principal and a policy.',
        api: 'The answer: {principalId, policyDocument: {Version: "2012-10-17", Statement: [{Action: "execute-api:Invoke", Effect: "Allow", Resource: ...}]}}',
        code: {
          nodejs: "{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${apiArn}/${stage}/*/orders/*` }",
          python: '{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": f"{api_arn}/{stage}/*/orders/*"}',
          ruby: "{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: \"#{api_arn}/#{stage}/*/orders/*\" }",
          java: 'IamPolicyResponseV1.allowStatement(apiArn + "/" + stage + "/*/orders/*")',
          dotnet: 'new APIGatewayCustomAuthorizerPolicy.IAMPolicyStatement { Effect = "Allow", Action = new HashSet<string> { "execute-api:Invoke" }, Resource = new HashSet<string> { apiArn + "/" + stage + "/*/orders/*" } }',
          go: 'events.IAMPolicyStatement{Action: []string{"execute-api:Invoke"}, Effect: "Allow", Resource: []string{apiArn + "/" + stage + "/*/orders/*"}}',
        },
      },
      run: async (context) => {
        const caller = await newCaller(context);
        const answer = await orders(context, 'GET', '/orders/7', caller.token);
        if (answer.status === 200) return pass();
        return fail(`GET /orders/7 with a known token was answered ${answer.status}`, { status: 200 }, shownAnswer(answer));
      },
    },
    {
      name: 'denies deleting orders with an explicit Deny',
      description: `With a known token, PUT /orders/7 is answered 200 and DELETE /orders/7 is answered 403 "${explicitDeny}": a Deny statement refuses DELETE even though an Allow statement matches it too (each request with a token of its own, so no cached answer is reused).`,
      hints: {
        concept: 'A policy can allow broadly and deny one method: IAM evaluation lets an explicit Deny win over any Allow. A method that is merely not allowed is refused too, but as an implicit deny, with another message. Lesson 5, The answer, a principal and a policy.',
        api: 'Two statements: Allow on <api>/<stage>/*/orders/* and Deny on <api>/<stage>/DELETE/orders/*, where <api>/<stage> are the first two parts of methodArn split on "/"',
        code: {
          nodejs: "{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: `${apiArn}/${stage}/DELETE/orders/*` }",
          python: '{"Action": "execute-api:Invoke", "Effect": "Deny", "Resource": f"{api_arn}/{stage}/DELETE/orders/*"}',
          ruby: "{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: \"#{api_arn}/#{stage}/DELETE/orders/*\" }",
          java: 'IamPolicyResponseV1.denyStatement(apiArn + "/" + stage + "/DELETE/orders/*")',
          dotnet: 'new APIGatewayCustomAuthorizerPolicy.IAMPolicyStatement { Effect = "Deny", Action = new HashSet<string> { "execute-api:Invoke" }, Resource = new HashSet<string> { apiArn + "/" + stage + "/DELETE/orders/*" } }',
          go: 'events.IAMPolicyStatement{Action: []string{"execute-api:Invoke"}, Effect: "Deny", Resource: []string{apiArn + "/" + stage + "/DELETE/orders/*"}}',
        },
      },
      run: async (context) => {
        const update = await orders(context, 'PUT', '/orders/7', (await newCaller(context)).token);
        if (update.status !== 200) return fail(`PUT /orders/7 with a known token was answered ${update.status}: updating an order is allowed`, { status: 200 }, shownAnswer(update));
        const remove = await orders(context, 'DELETE', '/orders/7', (await newCaller(context)).token);
        if (remove.status === 403 && gatewayMessage(remove.body) === explicitDeny) return pass();
        if (remove.status === 403) return fail('DELETE /orders/7 was refused, but only because no statement allows it: deny it with an explicit Deny statement', { status: 403, body: { Message: explicitDeny } }, shownAnswer(remove));
        return fail(`DELETE /orders/7 with a known token was answered ${remove.status}`, { status: 403, body: { Message: explicitDeny } }, shownAnswer(remove));
      },
    },
    {
      name: 'passes the caller\'s id on to the backend',
      description: 'The backend answers with requestContext.authorizer as API Gateway gave it: principalId and a context key userId are both the userId the table holds for the token.',
      hints: {
        concept: 'The authorizer has already found out who the caller is: it says so in principalId and in its context, and API Gateway hands both to the backend in requestContext.authorizer, so the backend need not look the token up again. Lesson 5, The context passed on.',
        api: 'principalId: the userId; context: {userId: ...} (strings, numbers and booleans only)',
        code: {
          nodejs: 'return { principalId: userId, policyDocument, context: { userId } };',
          python: 'return {"principalId": user_id, "policyDocument": policy, "context": {"userId": user_id}}',
          ruby: '{ principalId: user_id, policyDocument: policy, context: { userId: user_id } }',
          java: '.withPrincipalId(userId)\n.withContext(Map.of("userId", userId))',
          dotnet: 'answer.PrincipalID = userId;\nanswer.Context = new APIGatewayCustomAuthorizerContextOutput();\nanswer.Context["userId"] = userId;',
          go: 'PrincipalID: userID,\nContext:     map[string]interface{}{"userId": userID},',
        },
      },
      run: async (context) => {
        const caller = await newCaller(context);
        const answer = await orders(context, 'GET', '/orders/7', caller.token);
        const expected = { principalId: caller.userId, userId: caller.userId };
        if (answer.status !== 200) return fail(`GET /orders/7 with a known token was answered ${answer.status}`, { status: 200, authorizer: expected }, shownAnswer(answer));
        const seen = (answer.body as { authorizer?: Record<string, unknown> } | undefined)?.authorizer ?? {};
        const actual = { principalId: seen.principalId, userId: seen.userId };
        if (actual.principalId === expected.principalId && actual.userId === expected.userId) return pass();
        return fail('The backend did not see the caller\'s id in requestContext.authorizer', expected, seen);
      },
    },
    {
      name: 'decides once per token while the answer is cached',
      description: `With one token: GET /orders/1, GET /orders/2 and PUT /orders/3 are answered 200 and DELETE /orders/4 403, with the authorizer invoked once for all four (its answer is cached for ${ttlSeconds} s and re-evaluated for each request); after the TTL has passed, the next request invokes it again.`,
      hints: {
        concept: 'API Gateway caches the authorizer\'s answer under the token and applies it to the caller\'s next requests, whatever their method and path. A policy that allows only this request\'s methodArn then refuses the next path with 403. Lesson 5, Caching, and its traps.',
        api: 'Build the resources from methodArn\'s first two parts (arn:...:api and the stage) and wildcards, not from the whole methodArn',
        code: {
          nodejs: "const [apiArn, stage] = event.methodArn.split('/');\n// then Resource: `${apiArn}/${stage}/*/orders/*`, not event.methodArn",
          python: 'api_arn, stage = event["methodArn"].split("/")[:2]\n# then "Resource": f"{api_arn}/{stage}/*/orders/*", not event["methodArn"]',
          ruby: "api_arn, stage = event.fetch('methodArn').split('/')\n# then Resource: \"#{api_arn}/#{stage}/*/orders/*\", not event['methodArn']",
          java: 'String[] parts = event.getMethodArn().split("/");\nString apiArn = parts[0], stage = parts[1];',
          dotnet: 'var parts = request.MethodArn.Split(\'/\');\nvar apiArn = parts[0];\nvar stage = parts[1];',
          go: 'parts := strings.Split(event.MethodArn, "/")\napiArn, stage := parts[0], parts[1]',
        },
      },
      run: async (context) => {
        const stack = stackOf(context);
        const caller = await newCaller(context);
        const before = authorizerInvocations(stack, 'OrdersApi');
        const requests = [['GET', '/orders/1', 200], ['GET', '/orders/2', 200], ['PUT', '/orders/3', 200], ['DELETE', '/orders/4', 403]] as const;
        const answers: Array<{ request: string; status: number; expected: number }> = [];
        for (const [method, path, expected] of requests) answers.push({ request: `${method} ${path}`, status: (await orders(context, method, path, caller.token)).status, expected });
        const calls = authorizerInvocations(stack, 'OrdersApi') - before;
        const wrong = answers.filter((a) => a.status !== a.expected);
        if (wrong.length > 0) {
          const trap = wrong.some((a) => a.status === 403 && a.expected === 200) && answers[0]!.status === 200 ? ': the cached answer of the first request refused the later ones, so its policy names only the first request' : '';
          return fail(`With one token, ${wrong.map((a) => `${a.request} was answered ${a.status}`).join(', ')}${trap}`, answers.map((a) => `${a.request}: ${a.expected}`), answers.map((a) => `${a.request}: ${a.status}`));
        }
        if (calls !== 1) return fail(`The authorizer was invoked ${calls} times for four requests with one token`, { authorizerInvocations: 1 }, { authorizerInvocations: calls });
        stack.clock.advance((ttlSeconds + 1) * 1000);
        const later = await orders(context, 'GET', '/orders/5', caller.token);
        const again = authorizerInvocations(stack, 'OrdersApi') - before;
        if (later.status !== 200 || again !== 2) {
          return fail(`After the ${ttlSeconds} s TTL, GET /orders/5 was answered ${later.status} and the authorizer had run ${again} times in all`, { status: 200, authorizerInvocations: 2 }, { status: later.status, authorizerInvocations: again });
        }
        return pass();
      },
    },
  ],
});
