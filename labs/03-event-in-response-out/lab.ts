import { fail, pass, payloadOf, sameJson, shown } from '../../src/grader/check-helpers.ts';
import { defineLab } from '../../src/grader/lab-types.ts';
import type { LambdaTarget, TargetInvocation } from '../../src/grader/target.ts';

/**
 * A POST /orders request as API Gateway's REST API sends it through a Lambda proxy integration
 * (payload format 1.0): the body arrives as a string, or null when the request has none.
 * Shape: https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 */
function orderRequest(body: string | null) {
  return {
    resource: '/orders',
    path: '/orders',
    httpMethod: 'POST',
    headers: { 'Content-Type': 'application/json', Host: 'abc123.execute-api.us-east-1.amazonaws.com' },
    multiValueHeaders: { 'Content-Type': ['application/json'], Host: ['abc123.execute-api.us-east-1.amazonaws.com'] },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      resourcePath: '/orders',
      httpMethod: 'POST',
      path: '/prod/orders',
      stage: 'prod',
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTimeEpoch: 1767225600000,
      identity: { sourceIp: '203.0.113.7', userAgent: 'curl/8.5.0' },
    },
    body,
    isBase64Encoded: false,
  };
}

interface ProxyResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

const proxyShape = { statusCode: 201, headers: { 'Content-Type': 'application/json' }, body: '"{\\"item\\": ...}" (a string)' };

/** Reads the proxy response API Gateway would turn into HTTP, or explains why it could not. */
function proxyResponse(invocation: TargetInvocation): { response: ProxyResponse } | { problem: string } {
  if (invocation.functionError) return { problem: 'The function failed instead of answering' };
  const value = payloadOf(invocation) as Partial<ProxyResponse> | undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problem: 'The function should return an object {statusCode, headers, body}' };
  if (!Number.isInteger(value.statusCode)) return { problem: 'statusCode should be a whole number (201, 400, ...)' };
  if (value.headers === null || typeof value.headers !== 'object') return { problem: 'headers should be an object of header names to values' };
  if (typeof value.body !== 'string') return { problem: 'body should be a string: JSON-encode it yourself, API Gateway does not do it for you' };
  return { response: value as ProxyResponse };
}

const jsonBody = (response: ProxyResponse): unknown => {
  try {
    return JSON.parse(response.body);
  } catch {
    return undefined;
  }
};

async function send(target: LambdaTarget, body: string | null) {
  return target.invoke({ payload: orderRequest(body) });
}

/** Bodies that are not a valid order, each with why. */
const badOrders: Array<{ body: string | null; why: string }> = [
  { body: '{"item": "tea", "quantity": ', why: 'the body is not JSON' },
  { body: null, why: 'the request has no body' },
  { body: JSON.stringify({ quantity: 2 }), why: 'item is missing' },
  { body: JSON.stringify({ item: 'tea', quantity: 0 }), why: 'quantity is not a positive whole number' },
  { body: JSON.stringify({ item: 'tea', quantity: 'two' }), why: 'quantity is not a number' },
];

export default defineLab({
  number: 3,
  title: 'Event in, response out',
  lesson: 2,
  summary: 'Handle an API Gateway proxy event: answer a valid order with 201, bad input with 400, and let an out-of-stock order fail with your own error type.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'index.mjs', python: 'lambda_function.py', ruby: 'lambda_function.rb', go: 'main.go', java: 'src/main/java/Handler.java', dotnet: 'Function.cs' },
  function: { handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' } },
  checks: [
    {
      name: 'returns a proxy response',
      description: 'For a POST /orders event the function returns {statusCode, headers, body} with a whole-number statusCode, a Content-Type: application/json header and body as a string.',
      hint: 'API Gateway turns the returned object into the HTTP response: statusCode is a number, headers an object, and body must be a string, so JSON-encode it. Node.js: JSON.stringify, Python: json.dumps, Java: Json.stringify (Json.java, beside your handler), C#: JsonSerializer.Serialize, Go: json.Marshal, Ruby: JSON.generate. Lesson 2, Handlers: Event in, response out.',
      run: async ({ target }) => {
        const invocation = await send(target, JSON.stringify({ item: 'tea', quantity: 2 }));
        const read = proxyResponse(invocation);
        if ('problem' in read) return fail(read.problem, proxyShape, shown(invocation));
        const contentType = Object.entries(read.response.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
        if (typeof contentType !== 'string' || !contentType.startsWith('application/json')) {
          return fail('The response should say its body is JSON with a Content-Type: application/json header', { 'Content-Type': 'application/json' }, read.response.headers);
        }
        return pass();
      },
    },
    {
      name: 'accepts a valid order',
      description: 'For the body {"item": "tea", "quantity": 2} the function answers 201 with the body {"item": "tea", "quantity": 2, "status": "accepted"}.',
      hint: 'The event\'s body field is the request body as a string (request.Body in C# and Go): parse it with your language\'s JSON reader (the README\'s table names it), then answer statusCode 201 with the order and "status": "accepted" in a JSON-encoded body. Lesson 2, Handlers: Event in, response out.',
      run: async ({ target }) => {
        const expected = { statusCode: 201, body: { item: 'tea', quantity: 2, status: 'accepted' } };
        const invocation = await send(target, JSON.stringify({ item: 'tea', quantity: 2 }));
        const read = proxyResponse(invocation);
        if ('problem' in read) return fail(read.problem, expected, shown(invocation));
        const actual = { statusCode: read.response.statusCode, body: jsonBody(read.response) ?? read.response.body };
        return sameJson(actual, expected) ? pass() : fail('A valid order should be answered with 201 and the accepted order', expected, actual);
      },
    },
    {
      name: 'answers bad input with 400',
      description: `For bodies that are not a valid order (${badOrders.map((b) => b.why).join('; ')}) the function answers 400 with a JSON body {"error": "..."} that says what is wrong, instead of failing.`,
      hint: 'A bad request is the caller\'s mistake, not the function\'s: answer statusCode 400 with {"error": "..."} rather than letting the JSON reader or a missing field throw (an unhandled error becomes a 502 at API Gateway). Check that item is a non-empty string and quantity a whole number of at least 1. Lesson 2, Handlers: Errors.',
      run: async ({ target }) => {
        for (const { body, why } of badOrders) {
          const expected = { requestBody: body, statusCode: 400, body: { error: '(what is wrong)' } };
          const invocation = await send(target, body);
          const read = proxyResponse(invocation);
          if ('problem' in read) return fail(`When ${why}: ${read.problem}`, expected, { requestBody: body, response: shown(invocation) });
          const parsed = jsonBody(read.response) as { error?: unknown } | undefined;
          const actual = { requestBody: body, statusCode: read.response.statusCode, body: parsed ?? read.response.body };
          if (read.response.statusCode !== 400 || typeof parsed?.error !== 'string' || parsed.error === '') {
            return fail(`When ${why}, the answer should be 400 with an error message`, expected, actual);
          }
        }
        return pass();
      },
    },
    {
      name: 'fails with OutOfStockError',
      description: 'For the body {"item": "unicorn", "quantity": 1} the function throws (in Go, returns) its own error: the invocation fails with errorType "OutOfStockError" ("Function<OutOfStockError>" on Ruby) and an errorMessage that names the unicorn.',
      hint: 'Lambda reports an error the handler throws (in Go, returns) as {errorType, errorMessage}, and each runtime names errorType its own way (the README\'s table shows all six). Node.js uses the error\'s name: set this.name = "OutOfStockError", or it reports plain "Error". Python and C# use the class name (C# without its namespace). Java uses the fully qualified class name: declare OutOfStockError top-level, without a package. Go uses the returned error\'s type name, so define a type OutOfStockError with an Error() method (errors.New reports errorString). Ruby reports Function<OutOfStockError>. Lesson 2, Handlers: Errors.',
      run: async ({ target, language }) => {
        // Ruby's runtime names a raised error "Function<ClassName>" (aws-lambda-ruby-runtime-interface-client, lambda_errors.rb).
        const errorType = language === 'ruby' ? 'Function<OutOfStockError>' : 'OutOfStockError';
        const expected = { functionError: 'Unhandled', errorType, errorMessage: '(a message that mentions unicorn)' };
        const invocation = await send(target, JSON.stringify({ item: 'unicorn', quantity: 1 }));
        if (!invocation.functionError) return fail('The invocation succeeded: out-of-stock items should make the function throw', expected, shown(invocation));
        const error = payloadOf(invocation) as { errorType?: unknown; errorMessage?: unknown } | undefined;
        const actual = { functionError: invocation.functionError, errorType: error?.errorType, errorMessage: error?.errorMessage };
        if (error?.errorType !== errorType) return fail(`The error type should be ${errorType}`, expected, actual);
        if (typeof error.errorMessage !== 'string' || !error.errorMessage.toLowerCase().includes('unicorn')) {
          return fail('The error message should say which item is out of stock', expected, actual);
        }
        return pass();
      },
    },
  ],
});
