import { randomBytes } from 'node:crypto';
import { fail, pass, payloadOf, shown } from '../../src/grader/check-helpers.ts';
import { defineLab, type CheckContext } from '../../src/grader/lab-types.ts';
import type { LambdaTarget, TargetInvocation } from '../../src/grader/target.ts';
import type { ProvidedBackend } from '../../src/grader/targets/lab-backend.ts';

/** How long the backend takes to send the asset: long enough to stand out in a REPORT line. */
const fetchDelayMs = 500;
/** About 2 MB: an asset worth keeping (a rate table, a model, a font), small enough for a quick lab. */
const assetBytes = 2_000_000;

const backendOf = (context: CheckContext): ProvidedBackend => context.needs.backend!;

/** A new configuration means new execution environments, each with an empty /tmp: the next invocation is a cold start. */
async function freshEnvironment(target: LambdaTarget): Promise<void> {
  const { environment } = await target.configuration();
  await target.updateConfiguration({ environment: { ...environment, DOJO_RUN: randomBytes(4).toString('hex') } });
}

interface Answer {
  country?: unknown;
  ratePercent?: unknown;
  assetVersion?: unknown;
  cachedFile?: unknown;
}

/** Invokes once per country, in order; a failure is returned as the check's outcome. */
async function lookUp(target: LambdaTarget, countries: string[]): Promise<TargetInvocation[] | ReturnType<typeof fail>> {
  const invocations: TargetInvocation[] = [];
  for (const [index, country] of countries.entries()) {
    const invocation = await target.invoke({ payload: { country } });
    if (invocation.functionError) return fail(`Invocation ${index + 1} (country ${country}) failed`, { country, ratePercent: 'the asset\'s rate' }, shown(invocation));
    invocations.push(invocation);
  }
  return invocations;
}

const answerOf = (invocation: TargetInvocation) => (payloadOf(invocation) ?? {}) as Answer;

const someCountries = (backend: ProvidedBackend, count: number) => {
  const all = Object.keys(backend.asset!.rates);
  return Array.from({ length: count }, (_, i) => all[(i * 5 + all.length - 1) % all.length]!);
};

const ms = (value: number | undefined) => (value === undefined ? 'none' : `${Math.round(value)} ms`);

export default defineLab({
  number: 15,
  title: 'Cache in /tmp',
  lesson: 7,
  summary: 'Download a static asset once per execution environment into /tmp and answer every warm invocation from that copy, measured by the downloads the backend counts and by the REPORT lines.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'index.mjs', python: 'lambda_function.py', ruby: 'lambda_function.rb', go: 'main.go', java: 'src/main/java/Handler.java', dotnet: 'Function.cs' },
  function: {
    handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' },
    memorySize: 256,
    timeout: 10,
  },
  // A backend on loopback that serves a fresh 2 MB asset per run at ASSET_URL after fetchDelayMs
  // and counts its downloads: local targets only (lab-backend.ts).
  needs: { backend: { asset: { bytes: assetBytes, fetchDelayMs } } },
  starterFails: ['downloads the asset once per execution environment', 'answers warm invocations from /tmp'],
  checks: [
    {
      name: 'answers from the asset',
      description: 'Given {"country": ...} for three countries, the function answers {"country", "ratePercent", "assetVersion"} with the rate and the version in the asset at ASSET_URL (both change every run).',
      hints: {
        concept: 'The asset is a JSON document {"version": ..., "rates": {"DE": 19, ...}, "notes": ...}: answer with the event\'s country, its rate and the asset\'s version. Lesson 7, Initialise once, reuse warm.',
        api: 'ASSET_URL, in the function\'s environment, is where the backend serves the asset.',
        code: {
          nodejs: 'return { country: event.country, ratePercent: asset.rates[event.country], assetVersion: asset.version, cachedFile };',
          python: 'return {"country": event["country"], "ratePercent": asset["rates"][event["country"]], "assetVersion": asset["version"], "cachedFile": CACHED_FILE}',
          ruby: "{ country: event['country'], ratePercent: asset['rates'][event['country']], assetVersion: asset['version'], cachedFile: CACHED_FILE }",
          java: 'answer.put("country", country);\nanswer.put("ratePercent", asset.rate(country));\nanswer.put("assetVersion", asset.version());\nanswer.put("cachedFile", CACHED_FILE.toString());',
          dotnet: 'return new Answer { Country = input.Country, RatePercent = asset.Rates[input.Country], AssetVersion = asset.Version, CachedFile = CachedFile };',
          go: 'return answer{Country: event.Country, RatePercent: asset.Rates[event.Country], AssetVersion: asset.Version, CachedFile: cachedFile}, nil',
        },
      },
      run: async (context) => {
        const backend = backendOf(context);
        const countries = someCountries(backend, 3);
        const invocations = await lookUp(context.target, countries);
        if (!Array.isArray(invocations)) return invocations;
        for (const [index, invocation] of invocations.entries()) {
          const country = countries[index]!;
          const expected = { country, ratePercent: backend.asset!.rates[country], assetVersion: backend.asset!.version };
          const actual = answerOf(invocation);
          if (actual.country !== expected.country || actual.ratePercent !== expected.ratePercent || actual.assetVersion !== expected.assetVersion) {
            return fail(`The answer for ${country} is not the asset's`, expected, { country: actual.country, ratePercent: actual.ratePercent, assetVersion: actual.assetVersion });
          }
        }
        return pass();
      },
    },
    {
      name: 'downloads the asset once per execution environment',
      description: 'Over five invocations of one execution environment the backend sends the asset once; a new environment (after a configuration change), whose /tmp starts empty, downloads it exactly once more.',
      hints: {
        concept: '/tmp belongs to the execution environment: what one invocation writes there, the next invocations of the same environment find, until the environment ends. Before downloading, look for the file; download only when it is not there. Lesson 7, Cache static assets in /tmp.',
        api: {
          nodejs: 'os.tmpdir() (it is /tmp on Lambda), fs.existsSync, fs/promises writeFile and readFile',
          python: 'tempfile.gettempdir() (it is /tmp on Lambda), os.path.exists, urllib.request.urlopen',
          ruby: "Dir.tmpdir (require 'tmpdir'; it is /tmp on Lambda), File.exist?, File.binwrite, Net::HTTP.get",
          java: 'System.getProperty("java.io.tmpdir") (it is /tmp on Lambda), Files.exists, HttpClient.send with BodyHandlers.ofFile',
          dotnet: 'Path.GetTempPath() (it is /tmp on Lambda), File.Exists, WebClient.DownloadFile',
          go: 'os.TempDir() (it is /tmp on Lambda), os.Stat, http.Get, os.WriteFile',
        },
        code: {
          nodejs: "const cachedFile = join(tmpdir(), basename(new URL(assetUrl).pathname));\nif (!existsSync(cachedFile)) {\n  const response = await fetch(assetUrl);\n  await writeFile(cachedFile, Buffer.from(await response.arrayBuffer()));\n}\nconst asset = JSON.parse(await readFile(cachedFile, 'utf8'));",
          python: 'CACHED_FILE = os.path.join(tempfile.gettempdir(), os.path.basename(urlparse(ASSET_URL).path))\nif not os.path.exists(CACHED_FILE):\n    with urllib.request.urlopen(ASSET_URL) as response, open(CACHED_FILE, "wb") as out:\n        out.write(response.read())\nwith open(CACHED_FILE, encoding="utf-8") as f:\n    asset = json.load(f)',
          ruby: "CACHED_FILE = File.join(Dir.tmpdir, File.basename(URI(ASSET_URL).path))\nFile.binwrite(CACHED_FILE, Net::HTTP.get(URI(ASSET_URL))) unless File.exist?(CACHED_FILE)\nasset = JSON.parse(File.read(CACHED_FILE))",
          java: 'if (!Files.exists(CACHED_FILE)) {\n    CLIENT.send(HttpRequest.newBuilder(URI.create(ASSET_URL)).build(), HttpResponse.BodyHandlers.ofFile(CACHED_FILE));\n}\nString json = Files.readString(CACHED_FILE);',
          dotnet: 'if (!File.Exists(CachedFile))\n{\n    using (var web = new WebClient { Proxy = null }) web.DownloadFile(AssetUrl, CachedFile);\n}\nvar json = File.ReadAllText(CachedFile);',
          go: 'if _, err := os.Stat(cachedFile); err != nil {\n\tres, err := http.Get(assetURL)\n\t// ... read res.Body, then os.WriteFile(cachedFile, body, 0o644)\n}\ndata, err := os.ReadFile(cachedFile)',
        },
      },
      run: async (context) => {
        const { target } = context;
        const backend = backendOf(context);
        await freshEnvironment(target);
        let before = backend.counts().assetFetches;
        const first = await lookUp(target, someCountries(backend, 5));
        if (!Array.isArray(first)) return first;
        const one = backend.counts().assetFetches - before;
        if (one === 0) return fail('The backend never sent the asset: the answer must come from the asset at ASSET_URL', { downloads: 1 }, { downloads: 0 });
        if (one > 1) return fail(`Five invocations of one execution environment downloaded the asset ${one} times: each invocation fetched it again instead of keeping it`, { downloads: 1 }, { downloads: one });
        before = backend.counts().assetFetches;
        await freshEnvironment(target);
        const second = await lookUp(target, someCountries(backend, 2));
        if (!Array.isArray(second)) return second;
        const two = backend.counts().assetFetches - before;
        if (two === 0) return fail('A new execution environment answered without downloading the asset: its cache is not in the environment\'s own /tmp (a path outside it outlives the environment; use the language\'s temporary folder)', { downloads: 1 }, { downloads: 0 });
        if (two > 1) return fail(`A new execution environment downloaded the asset ${two} times in two invocations`, { downloads: 1 }, { downloads: two });
        return pass(`5 invocations: 1 download; a new environment: 1 more`);
      },
    },
    {
      name: 'answers warm invocations from /tmp',
      description: `The backend takes ${fetchDelayMs} ms to send the asset. After a cold start, each of three warm invocations names the file it read (cachedFile, a file in the environment's /tmp folder) and reports a Duration under ${fetchDelayMs} ms.`,
      hints: {
        concept: 'A warm invocation should read the copy in /tmp, which takes milliseconds, not wait for the network. Answer with cachedFile, the path of that copy, so the grader can see where it is. Lesson 7, Cache static assets in /tmp.',
        api: 'Only the first invocation of an environment downloads; the REPORT line of every later one shows a short Duration.',
        code: {
          nodejs: "const cachedFile = join(tmpdir(), basename(new URL(assetUrl).pathname)); // e.g. /tmp/rates-….json",
          python: 'CACHED_FILE = os.path.join(tempfile.gettempdir(), os.path.basename(urlparse(ASSET_URL).path))  # e.g. /tmp/rates-….json',
          ruby: "CACHED_FILE = File.join(Dir.tmpdir, File.basename(URI(ASSET_URL).path)) # e.g. /tmp/rates-….json",
          java: 'private static final Path CACHED_FILE = Path.of(System.getProperty("java.io.tmpdir"), Path.of(URI.create(ASSET_URL).getPath()).getFileName().toString());',
          dotnet: 'private static readonly string CachedFile = Path.Combine(Path.GetTempPath(), Path.GetFileName(new Uri(AssetUrl).AbsolutePath));',
          go: 'var cachedFile = filepath.Join(os.TempDir(), path.Base(assetPath)) // e.g. /tmp/rates-….json',
        },
      },
      run: async (context) => {
        const { target } = context;
        const backend = backendOf(context);
        await freshEnvironment(target);
        const invocations = await lookUp(target, someCountries(backend, 4));
        if (!Array.isArray(invocations)) return invocations;
        const [cold, ...warm] = invocations;
        const figures = { cold: { initDuration: ms(cold!.report?.initDurationMs), duration: ms(cold!.report?.durationMs) }, warm: warm.map((i) => ms(i.report?.durationMs)) };
        const slow = warm.filter((i) => (i.report?.durationMs ?? 0) >= fetchDelayMs);
        if (slow.length > 0) return fail(`${slow.length} of 3 warm invocations took ${fetchDelayMs} ms or more: they waited for the network, not for /tmp`, { warm: `each under ${fetchDelayMs} ms` }, figures);
        const files = warm.map((i) => answerOf(i).cachedFile);
        const notInTmp = files.filter((file) => typeof file !== 'string' || !/(^|\/)tmp\//.test(file));
        if (notInTmp.length > 0) return fail('The answers do not name a cached file in /tmp (cachedFile)', { cachedFile: '/tmp/<a name of your choice>' }, { cachedFile: notInTmp[0] ?? null });
        return pass(`cold start: Init Duration ${figures.cold.initDuration}, Duration ${figures.cold.duration}; warm: ${figures.warm.join(', ')}`);
      },
    },
  ],
});
