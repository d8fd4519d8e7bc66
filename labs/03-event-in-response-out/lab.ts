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
  starterFails: ['accepts a valid order', 'answers bad input with 400', 'fails with OutOfStockError'],
  checks: [
    {
      name: 'returns a proxy response',
      description: 'For a POST /orders event the function returns {statusCode, headers, body} with a whole-number statusCode, a Content-Type: application/json header and body as a string.',
      hints: {
        concept: 'API Gateway turns the returned object into the HTTP response: statusCode is a number, headers an object, and body must be a string, so JSON-encode the body yourself. Lesson 2, Handlers: Event in, response out.',
        api: {
          nodejs: 'JSON.stringify(body) for the body; return { statusCode, headers, body }',
          python: 'json.dumps(body) for the body; return {"statusCode": ..., "headers": ..., "body": ...}',
          ruby: 'JSON.generate(body) (require "json") for the body; return { statusCode:, headers:, body: }',
          java: 'new Gson().toJson(body) for the body (Gson is in pom.xml); return new APIGatewayProxyResponseEvent().withStatusCode(...).withHeaders(...).withBody(...)',
          dotnet: 'JsonSerializer.Serialize(body) for the body; return an APIGatewayProxyResponse { StatusCode, Headers, Body }',
          go: 'json.Marshal(body) for the body; return an events.APIGatewayProxyResponse{StatusCode, Headers, Body}',
        },
        code: {
          nodejs: "return { statusCode: 201, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(order) };",
          python: 'return {"statusCode": 201, "headers": {"Content-Type": "application/json"}, "body": json.dumps(order)}',
          ruby: "{ statusCode: 201, headers: { 'Content-Type' => 'application/json' }, body: JSON.generate(order) }",
          java: 'return new APIGatewayProxyResponseEvent()\n        .withStatusCode(201)\n        .withHeaders(Map.of("Content-Type", "application/json"))\n        .withBody(GSON.toJson(order));',
          dotnet: 'return new APIGatewayProxyResponse\n{\n    StatusCode = 201,\n    Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },\n    Body = JsonSerializer.Serialize(order),\n};',
          go: 'text, _ := json.Marshal(order)\nreturn events.APIGatewayProxyResponse{\n\tStatusCode: 201,\n\tHeaders:    map[string]string{"Content-Type": "application/json"},\n\tBody:       string(text),\n}, nil',
        },
      },
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
      hints: {
        concept: 'The event\'s body field is the request body as a string: parse it as JSON, then answer statusCode 201 with the order and "status": "accepted" in a JSON-encoded body. Lesson 2, Handlers: Event in, response out.',
        api: {
          nodejs: 'JSON.parse(event.body)',
          python: 'json.loads(event["body"])',
          ruby: "JSON.parse(event['body'])",
          java: 'JsonParser.parseString(event.getBody()).getAsJsonObject() (com.google.gson)',
          dotnet: 'JsonSerializer.Deserialize<Order>(request.Body, options), with PropertyNameCaseInsensitive = true so that "item" fills Item',
          go: 'json.Unmarshal([]byte(request.Body), &order)',
        },
        code: {
          nodejs: 'const { item, quantity } = JSON.parse(event.body);\nreturn json(201, { item, quantity, status: "accepted" });',
          python: 'order = json.loads(event["body"])\nreturn respond(201, {"item": order["item"], "quantity": order["quantity"], "status": "accepted"})',
          ruby: "order = JSON.parse(event['body'])\nrespond(201, item: order['item'], quantity: order['quantity'], status: 'accepted')",
          java: 'JsonObject order = JsonParser.parseString(event.getBody()).getAsJsonObject();\nJsonObject accepted = new JsonObject();\naccepted.addProperty("item", order.get("item").getAsString());\naccepted.addProperty("quantity", order.get("quantity").getAsLong());\naccepted.addProperty("status", "accepted");\nreturn respond(201, accepted);',
          dotnet: 'var order = JsonSerializer.Deserialize<Order>(request.Body, Names);\nreturn Respond(201, new Dictionary<string, object> { ["item"] = order.Item, ["quantity"] = order.Quantity, ["status"] = "accepted" });',
          go: 'var order map[string]interface{}\njson.Unmarshal([]byte(request.Body), &order)\nreturn respond(201, map[string]interface{}{"item": order["item"], "quantity": order["quantity"], "status": "accepted"})',
        },
      },
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
      hints: {
        concept: 'A bad request is the caller\'s mistake, not the function\'s: answer statusCode 400 with {"error": "..."} rather than letting the JSON reader or a missing field throw (an unhandled error becomes a 502 at API Gateway). Check that item is a non-empty string and quantity a whole number of at least 1. Lesson 2, Handlers: Errors.',
        api: {
          nodejs: 'try { JSON.parse(...) } catch { ... } for bad JSON; typeof item === "string" and Number.isInteger(quantity) for the fields',
          python: 'try: json.loads(...) except json.JSONDecodeError: ...; isinstance(item, str) and type(quantity) is int for the fields',
          ruby: 'begin JSON.parse(...) rescue JSON::ParserError ... end; item.is_a?(String) and quantity.is_a?(Integer) for the fields',
          java: 'a null event.getBody() first; try { JsonParser.parseString(...) } catch (JsonParseException e) { ... }; isJsonPrimitive() with isString() and isNumber() for the fields',
          dotnet: 'try { JsonSerializer.Deserialize<Order>(...) } catch (JsonException) { ... }; string.IsNullOrEmpty(order.Item) and order.Quantity (an int?) for the fields',
          go: 'the error json.Unmarshal returns; type assertions order["item"].(string) and order["quantity"].(float64) for the fields',
        },
        code: {
          nodejs: "let order;\ntry {\n  order = JSON.parse(event.body ?? '');\n} catch {\n  return json(400, { error: 'The body must be JSON' });\n}\nif (!Number.isInteger(order.quantity) || order.quantity < 1) return json(400, { error: 'quantity must be a whole number of at least 1' });",
          python: 'try:\n    order = json.loads(event.get("body") or "")\nexcept json.JSONDecodeError:\n    return respond(400, {"error": "The body must be JSON"})\nif type(order.get("quantity")) is not int or order["quantity"] < 1:\n    return respond(400, {"error": "quantity must be a whole number of at least 1"})',
          ruby: "begin\n  order = JSON.parse(event['body'] || '')\nrescue JSON::ParserError\n  return respond(400, error: 'The body must be JSON')\nend\nreturn respond(400, error: 'quantity must be a whole number of at least 1') unless order['quantity'].is_a?(Integer) && order['quantity'] >= 1",
          java: 'if (event.getBody() == null) return badRequest("The request has no body");\nJsonElement order;\ntry {\n    order = JsonParser.parseString(event.getBody());\n} catch (JsonParseException e) {\n    return badRequest("The body must be JSON");\n}',
          dotnet: 'Order order;\ntry\n{\n    order = JsonSerializer.Deserialize<Order>(request.Body ?? "", Names);\n}\ncatch (JsonException)\n{\n    return BadRequest("The body must be JSON");\n}\nif (order?.Quantity == null || order.Quantity < 1) return BadRequest("quantity must be a whole number of at least 1");',
          go: 'var parsed interface{}\nif err := json.Unmarshal([]byte(request.Body), &parsed); err != nil {\n\treturn problem("The body must be JSON")\n}\nquantity, ok := order["quantity"].(float64)\nif !ok || quantity < 1 || quantity != math.Trunc(quantity) {\n\treturn problem("quantity must be a whole number of at least 1")\n}',
        },
      },
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
      description: 'For the body {"item": "unicorn", "quantity": 1} the handler ends with an error of its own, OutOfStockError: the invocation fails with the errorType the runtime gives that error and an errorMessage that names the unicorn.',
      hints: {
        concept: 'Lambda reports an error your handler does not handle as {errorType, errorMessage}, and the runtime derives errorType from the error itself: define an error of your own named OutOfStockError and let it escape the handler for the unicorn. Lesson 2, Handlers: Errors.',
        api: {
          nodejs: 'The runtime uses the error\'s name property: a class extending Error that sets this.name = "OutOfStockError" (otherwise it reports plain "Error")',
          python: 'The runtime uses the exception\'s class name: class OutOfStockError(Exception), raised with raise',
          ruby: 'The runtime reports a raised error as Function<ClassName>: class OutOfStockError < StandardError, raised with raise',
          java: 'The runtime uses the fully qualified class name: a top-level class OutOfStockError extends RuntimeException, without a package, thrown with throw',
          dotnet: 'The runtime uses the exception\'s class name without its namespace: class OutOfStockError : Exception, thrown with throw',
          go: 'The runtime uses the type name of the error the handler returns: a type OutOfStockError with an Error() string method (errors.New would report errorString)',
        },
        code: {
          nodejs: 'class OutOfStockError extends Error {\n  constructor(item) {\n    super(`Sorry, we are out of ${item}`);\n    this.name = "OutOfStockError";\n  }\n}\n// in the handler:\nif (item === "unicorn") throw new OutOfStockError(item);',
          python: 'class OutOfStockError(Exception):\n    pass\n\n# in the handler:\nif item == "unicorn":\n    raise OutOfStockError(f"Sorry, we are out of {item}")',
          ruby: "class OutOfStockError < StandardError; end\n\n# in the handler:\nraise OutOfStockError, \"Sorry, we are out of #{item}\" if item == 'unicorn'",
          java: '// OutOfStockError.java, beside Handler.java, no package line:\npublic class OutOfStockError extends RuntimeException {\n    public OutOfStockError(String item) {\n        super("Sorry, we are out of " + item);\n    }\n}\n// in handleRequest:\nif (item.equals("unicorn")) throw new OutOfStockError(item);',
          dotnet: 'public class OutOfStockError : Exception\n{\n    public OutOfStockError(string message) : base(message) { }\n}\n// in FunctionHandler:\nif (order.Item == "unicorn") throw new OutOfStockError($"Sorry, we are out of {order.Item}");',
          go: 'type OutOfStockError struct{ Item string }\n\nfunc (e *OutOfStockError) Error() string {\n\treturn fmt.Sprintf("Sorry, we are out of %s", e.Item)\n}\n\n// in the handler:\nif item == "unicorn" {\n\treturn events.APIGatewayProxyResponse{}, &OutOfStockError{Item: item}\n}',
        },
      },
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
