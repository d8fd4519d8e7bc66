import { randomBytes } from 'node:crypto';
import { fail, pass, payloadOf, shown } from '../../src/grader/check-helpers.ts';
import { defineLab, type CheckContext } from '../../src/grader/lab-types.ts';
import type { LambdaTarget, TargetInvocation } from '../../src/grader/target.ts';
import type { BackendCounts, ProvidedBackend } from '../../src/grader/targets/lab-backend.ts';

/** What opening a connection costs at the lab's backend: long enough to stand out in a REPORT line. */
const connectDelayMs = 400;

const backendOf = (context: CheckContext): ProvidedBackend => context.needs.backend!;

/**
 * A new configuration means new execution environments (Lambda starts them for the new
 * configuration), so the next invocation is a cold start: each check measures from one.
 */
async function freshEnvironment(target: LambdaTarget): Promise<void> {
  const { environment } = await target.configuration();
  await target.updateConfiguration({ environment: { ...environment, DOJO_RUN: randomBytes(4).toString('hex') } });
}

const sku = () => `SKU-${randomBytes(3).toString('hex').toUpperCase()}`;

/** Invokes once per SKU, in order; a failure is returned as the check's outcome. */
async function quote(target: LambdaTarget, skus: string[]): Promise<TargetInvocation[] | ReturnType<typeof fail>> {
  const invocations: TargetInvocation[] = [];
  for (const [index, id] of skus.entries()) {
    const invocation = await target.invoke({ payload: { sku: id } });
    if (invocation.functionError) return fail(`Invocation ${index + 1} (sku ${id}) failed`, { sku: id, priceCents: 'the backend\'s price' }, shown(invocation));
    invocations.push(invocation);
  }
  return invocations;
}

const since = (before: BackendCounts, after: BackendCounts) => ({ connects: after.connects - before.connects, tcpConnections: after.tcpConnections - before.tcpConnections, lookups: after.lookups - before.lookups });

const ms = (value: number | undefined) => (value === undefined ? 'none' : `${Math.round(value)} ms`);

export default defineLab({
  number: 14,
  title: 'Initialise outside the handler',
  lesson: 7,
  summary: 'Open the client and its connection to a backend once per execution environment, at init, and reuse it in every warm invocation, measured by the backend and by the REPORT lines.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'index.mjs', python: 'lambda_function.py', ruby: 'lambda_function.rb', go: 'main.go', java: 'src/main/java/Handler.java', dotnet: 'Function.cs' },
  function: {
    handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' },
    timeout: 10,
  },
  // A backend on loopback (BACKEND_URL) whose POST /connect takes connectDelayMs and which counts
  // TCP connections and handshakes: local targets only (lab-backend.ts).
  needs: { backend: { connectDelayMs } },
  starterFails: ['connects once per execution environment', 'warm invocations skip the connection'],
  checks: [
    {
      name: 'quotes the backend\'s price',
      description: 'Given {"sku": ...} for three SKUs, the function answers {"sku": ..., "priceCents": ...} with the price the lab\'s backend quotes for each (prices change every run).',
      hints: {
        concept: 'The backend wants a connection first (POST /connect gives a token), then GET /prices/<sku> with "Authorization: Bearer <token>" returns {"sku", "priceCents"}. Answer with those two fields. Lesson 7, Initialise once, reuse warm.',
        api: 'BACKEND_URL is the backend\'s address, in the function\'s environment: read it, as lab 8 read its settings.',
        code: {
          nodejs: 'const { priceCents } = await get(`/prices/${encodeURIComponent(event.sku)}`);\nreturn { sku: event.sku, priceCents };',
          python: 'price = get(f"/prices/{event[\'sku\']}")\nreturn {"sku": event["sku"], "priceCents": price["priceCents"]}',
          ruby: "price = get(\"/prices/#{event['sku']}\")\n{ sku: event['sku'], priceCents: price['priceCents'] }",
          java: 'Map<String, Object> price = get("/prices/" + event.get("sku"));\nreturn Map.of("sku", event.get("sku"), "priceCents", price.get("priceCents"));',
          dotnet: 'var price = Get("/prices/" + input.Sku);\nreturn new Quote { Sku = input.Sku, PriceCents = price.PriceCents };',
          go: 'var price quote\nif err := get("/prices/"+event.SKU, &price); err != nil {\n\treturn quote{}, err\n}\nreturn price, nil',
        },
      },
      run: async (context) => {
        const backend = backendOf(context);
        const skus = [sku(), sku(), sku()];
        const invocations = await quote(context.target, skus);
        if (!Array.isArray(invocations)) return invocations;
        for (const [index, invocation] of invocations.entries()) {
          const expected = { sku: skus[index], priceCents: backend.priceOf(skus[index]!) };
          const actual = payloadOf(invocation) as Record<string, unknown> | undefined;
          if (actual?.sku !== expected.sku || actual?.priceCents !== expected.priceCents) return fail(`The answer for ${expected.sku} is not the backend's price`, expected, actual ?? invocation.payload);
        }
        return pass();
      },
    },
    {
      name: 'connects once per execution environment',
      description: `Over five invocations of one execution environment, the backend sees one connection handshake (POST /connect) and one TCP connection, kept alive between invocations; a new environment (after a configuration change) opens exactly one more.`,
      hints: {
        concept: 'Code outside the handler runs once per execution environment, at init; the handler runs on every invocation. Make the client (and its connection) outside the handler, keep it in a variable of the module or class, and keep its TCP connection alive, so warm invocations reuse both. Lesson 7, Initialise once, reuse warm.',
        api: {
          nodejs: 'An http.Agent({ keepAlive: true }) made at the top of index.mjs (module scope), passed to every http.request; the token from POST /connect kept in a module-level variable, fetched with top-level await',
          python: 'One http.client.HTTPConnection made at module level and reused for every request (read each response to the end so the connection can carry the next); the token fetched at module level',
          ruby: 'One Net::HTTP session made at the top of the file and started once (Net::HTTP.new(host, port), keep_alive_timeout raised, start), reused for every request; the token fetched there too',
          java: 'A static final java.net.http.HttpClient (HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) and a static token fetched when the class loads',
          dotnet: 'A static constructor that connects and keeps the token in a static field; HttpWebRequest keeps its TCP connection alive in the ServicePoint pool by itself',
          go: 'One *http.Client in a package-level variable, made in main() before lambda.Start, and the token fetched there too; read each response body to the end and close it so the connection goes back to the pool',
        },
        code: {
          nodejs: "const agent = new http.Agent({ keepAlive: true });\nconst { token } = await request('POST', '/connect'); // top level: once per environment\n\nexport const handler = async (event) => {\n  const { priceCents } = await request('GET', `/prices/${event.sku}`, token);\n  return { sku: event.sku, priceCents };\n};",
          python: 'BACKEND = urlparse(os.environ["BACKEND_URL"])\nCONNECTION = http.client.HTTPConnection(BACKEND.hostname, BACKEND.port, timeout=5)\nTOKEN = call("POST", "/connect")["token"]  # module level: once per environment\n\ndef lambda_handler(event, context):\n    price = call("GET", f"/prices/{event[\'sku\']}", TOKEN)\n    return {"sku": event["sku"], "priceCents": price["priceCents"]}',
          ruby: "BACKEND = URI(ENV.fetch('BACKEND_URL'))\nHTTP = Net::HTTP.new(BACKEND.host, BACKEND.port)\nHTTP.keep_alive_timeout = 60\nHTTP.start\nTOKEN = call(Net::HTTP::Post.new('/connect'))['token'] # once per environment",
          java: 'private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();\nprivate static final String TOKEN = connect(); // once, when the class loads',
          dotnet: 'private static readonly string Token;\n\nstatic Function()\n{\n    Token = Connect(); // once per environment\n}',
          go: 'var client *http.Client\nvar token string\n\nfunc main() {\n\tclient = &http.Client{Timeout: 5 * time.Second}\n\ttoken = connect() // once per environment\n\tlambda.Start(handler)\n}',
        },
      },
      run: async (context) => {
        const { target } = context;
        const backend = backendOf(context);
        await freshEnvironment(target);
        let before = backend.counts();
        const first = await quote(target, [sku(), sku(), sku(), sku(), sku()]);
        if (!Array.isArray(first)) return first;
        const one = since(before, backend.counts());
        const expected = { connects: 1, tcpConnections: 1, lookups: 5 };
        if (one.connects === 0) return fail('The backend saw no POST /connect: the function must connect and send the token with each lookup', expected, one);
        if (one.connects > 1) return fail(`Five invocations of one execution environment connected ${one.connects} times: the connection is opened in the handler, so every invocation pays for it again`, expected, one);
        if (one.tcpConnections > 1) return fail(`One handshake, but ${one.tcpConnections} TCP connections for five invocations: the HTTP client is made anew in the handler, or does not keep its connection alive`, expected, one);
        before = backend.counts();
        await freshEnvironment(target);
        const second = await quote(target, [sku(), sku()]);
        if (!Array.isArray(second)) return second;
        const two = since(before, backend.counts());
        if (two.connects !== 1) return fail(`A new execution environment should connect exactly once (its own init), but the backend saw ${two.connects} handshakes in two invocations`, { connects: 1 }, two);
        return pass(`5 invocations: ${one.connects} handshake, ${one.tcpConnections} TCP connection, ${one.lookups} lookups`);
      },
    },
    {
      name: 'warm invocations skip the connection',
      description: `The backend takes ${connectDelayMs} ms to open a connection. After a cold start, each of three warm invocations reports a Duration under ${connectDelayMs} ms: the connection was opened before them (at init, where the cold start's Init Duration shows it).`,
      hints: {
        concept: 'A REPORT line shows where the time went: Init Duration (once, on a cold start) and Duration (every invocation). Work done outside the handler is paid once in Init Duration; work in the handler is paid in every Duration. Lesson 7, Initialise once, reuse warm.',
        api: 'Move the POST /connect call and the client out of the handler (see the previous check); only the lookup stays inside.',
        code: {
          nodejs: '// top level of index.mjs, outside the handler\nconst { token } = await request(\'POST\', \'/connect\');',
          python: '# module level, outside lambda_handler\nTOKEN = call("POST", "/connect")["token"]',
          ruby: "# top of the file, outside lambda_handler\nTOKEN = call(Net::HTTP::Post.new('/connect'))['token']",
          java: 'private static final String TOKEN = connect(); // a static field: set when the class loads',
          dotnet: 'static Function() { Token = Connect(); } // runs once, before the first invocation',
          go: 'func main() {\n\ttoken = connect() // before lambda.Start\n\tlambda.Start(handler)\n}',
        },
      },
      run: async ({ target }) => {
        await freshEnvironment(target);
        const invocations = await quote(target, [sku(), sku(), sku(), sku()]);
        if (!Array.isArray(invocations)) return invocations;
        const [cold, ...warm] = invocations.map((i) => i.report);
        const figures = { cold: { initDuration: ms(cold?.initDurationMs), duration: ms(cold?.durationMs) }, warm: warm.map((r) => ms(r?.durationMs)) };
        if (warm.some((r) => r === undefined)) return pass('The target gave no REPORT lines to measure; the connection count above is the proof');
        const slow = warm.filter((r) => r!.durationMs >= connectDelayMs);
        if (slow.length > 0) return fail(`${slow.length} of 3 warm invocations took ${connectDelayMs} ms or more: each waited for a new connection`, { warm: `each under ${connectDelayMs} ms` }, figures);
        return pass(`cold start: Init Duration ${figures.cold.initDuration}, Duration ${figures.cold.duration}; warm: ${figures.warm.join(', ')}`);
      },
    },
  ],
});
