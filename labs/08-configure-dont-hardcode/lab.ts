import { createHash, randomBytes } from 'node:crypto';
import { DecryptCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { fail, pass, payloadOf, shown } from '../../src/grader/check-helpers.ts';
import { defineLab, type CheckContext } from '../../src/grader/lab-types.ts';
import type { LambdaTarget, TargetInvocation } from '../../src/grader/target.ts';
import type { ProvidedKeyService } from '../../src/grader/targets/lab-target.ts';

/** The key the starter has written into its code (a made-up one): it must leave the code without landing in plain configuration. */
const starterKey = 'dojo-demo-key-8c41f0e2';

/** How long the grader's KMS holds back its Decrypt answer in the init check: long enough to stand out in a REPORT line. */
const slowKmsMs = 500;

interface Settings {
  table: string;
  stage: string;
  discounts: boolean;
}

const fresh = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** The fingerprint the function returns: the first 12 hex digits of the key's SHA-256. */
const fingerprint = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12);

/** The lab's key, as the target provided it (lab.ts `needs`): a local key service, or a KMS key made for the run on AWS. */
const keyOf = (context: CheckContext): ProvidedKeyService => context.needs.keyService!;

/** Encrypts with the lab's key through the KMS client, as `aws kms encrypt` would: the CiphertextBlob, base64. */
async function encrypt(keys: ProvidedKeyService, plaintext: string): Promise<string> {
  const out = await keys.kms.send(new EncryptCommand({ KeyId: keys.keyId, Plaintext: Buffer.from(plaintext, 'utf8') }));
  return Buffer.from(out.CiphertextBlob!).toString('base64');
}

/**
 * Gives the function these settings and an API key encrypted with the lab's key (the target
 * already pointed the function at that key's KMS); keeps the function's other variables. A new
 * configuration means new execution environments, so the next invocation is a cold start.
 */
async function configure(target: LambdaTarget, keys: ProvidedKeyService, settings: Settings, apiKey: string): Promise<void> {
  const { environment } = await target.configuration();
  await target.updateConfiguration({
    environment: {
      ...environment,
      TABLE_NAME: settings.table,
      STAGE: settings.stage,
      DISCOUNTS_ENABLED: String(settings.discounts),
      API_KEY: await encrypt(keys, apiKey),
    },
  });
}

function answerOf(invocation: TargetInvocation): Record<string, unknown> | undefined {
  const payload = payloadOf(invocation);
  return payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
}

/** Invokes and compares table, stage and discounts with the settings; undefined when they match. */
async function expectSettings(target: LambdaTarget, settings: Settings) {
  const invocation = await target.invoke({ payload: {} });
  const expected = { table: settings.table, stage: settings.stage, discounts: settings.discounts };
  const configured = `TABLE_NAME=${settings.table}, STAGE=${settings.stage}, DISCOUNTS_ENABLED=${settings.discounts}`;
  if (invocation.functionError) return fail(`With ${configured} the function failed`, expected, shown(invocation));
  const answer = answerOf(invocation);
  const actual = { table: answer?.table, stage: answer?.stage, discounts: answer?.discounts };
  const wrong = (['table', 'stage', 'discounts'] as const).filter((field) => actual[field] !== expected[field]);
  if (wrong.length === 0) return undefined;
  return fail(`With ${configured} the answer's ${wrong.join(', ')} did not follow the configuration`, expected, answer ?? invocation.payload);
}

/** The secrets the function knows, to look for where they must not be. */
const leaked = (text: string, testKey: string) => [testKey, starterKey].filter((key) => text.includes(key));

export default defineLab({
  number: 8,
  title: 'Configure, don\'t hardcode',
  lesson: 4,
  summary: 'Read the table name, stage and a feature flag from environment variables, and an API key from an encrypted variable decrypted once at init, never returned or logged.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'index.mjs', python: 'lambda_function.py', ruby: 'lambda_function.rb', go: 'main.go', java: 'src/main/java/Handler.java', dotnet: 'Function.cs' },
  function: {
    handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' },
    timeout: 10,
  },
  // The lab's own KMS key: locally a key service with a throwaway key that answers Decrypt after
  // slowKmsMs (so a wait shows in the REPORT line); on AWS a key made for the run.
  needs: { keyService: { decryptDelayMs: slowKmsMs } },
  starterFails: ['answers with the settings in its configuration', 'uses the decrypted API key, and never returns it', 'decrypts the API key once, at init', 'keeps secrets out of its logs'],
  checks: [
    {
      name: 'the configuration holds no plain-text secret',
      description:
        'As deployed from your function.json, no environment variable holds the API key in plain text (nor merely base64-encoded), and API_KEY, when it is set, is a value `npm run -s encrypt` made on this machine.',
      hints: {
        concept: 'Anyone who can read the function\'s configuration can read a plain value, and base64 alone is an encoding, not encryption: a secret in configuration must be encrypted. Lesson 4, Environment variables.',
        api: 'npm run -s encrypt -- <key> encrypts a value with the local key service; its output is what goes into the API_KEY variable.',
        code: 'npm run -s encrypt -- dojo-demo-key-8c41f0e2\nthen in function.json: "Environment": {"Variables": {..., "API_KEY": "<the output>"}}',
      },
      run: async ({ target, clients, targetKind }) => {
        const { environment } = await target.configuration();
        const plain = [starterKey, Buffer.from(starterKey).toString('base64')];
        const exposed = Object.keys(environment).filter((name) => plain.some((text) => environment[name]!.includes(text)));
        if (exposed.length > 0) {
          return fail(`${exposed.join(', ')} hold${exposed.length === 1 ? 's' : ''} the API key unencrypted (in plain text or only base64-encoded)`, 'the key only as the output of npm run -s encrypt', Object.fromEntries(exposed.map((name) => [name, environment[name]])));
        }
        const apiKey = environment.API_KEY;
        if (apiKey === undefined || apiKey === '') return pass();
        // The target's own KMS decrypts it: here the local key service npm run encrypt uses, on AWS the account's KMS.
        const made = targetKind === 'aws' ? 'aws kms encrypt made with a key of this account' : 'npm run -s encrypt made on this machine';
        try {
          await clients.kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(apiKey, 'base64') }));
          return pass();
        } catch {
          return fail(`API_KEY is set, but is not a value ${made}`, targetKind === 'aws' ? 'the CiphertextBlob of aws kms encrypt' : 'the output of npm run -s encrypt -- <key>', { API_KEY: apiKey });
        }
      },
    },
    {
      name: 'answers with the settings in its configuration',
      description:
        'The grader sets TABLE_NAME, STAGE and DISCOUNTS_ENABLED ("true" or "false") to values of its own, then to others: each time the answer\'s table, stage and discounts (a boolean) follow them.',
      hints: {
        concept: 'Read each setting from the environment instead of a constant, so one package runs in every stage. Values are always strings: discounts is true only when DISCOUNTS_ENABLED is "true". Lesson 4, Environment variables.',
        api: {
          nodejs: 'process.env.TABLE_NAME',
          python: 'os.environ["TABLE_NAME"] (import os)',
          ruby: "ENV.fetch('TABLE_NAME')",
          java: 'System.getenv("TABLE_NAME")',
          dotnet: 'Environment.GetEnvironmentVariable("TABLE_NAME")',
          go: 'os.Getenv("TABLE_NAME")',
        },
        code: {
          nodejs: "const tableName = process.env.TABLE_NAME;\nconst stage = process.env.STAGE;\nconst discountsEnabled = process.env.DISCOUNTS_ENABLED === 'true';",
          python: 'TABLE_NAME = os.environ["TABLE_NAME"]\nSTAGE = os.environ["STAGE"]\nDISCOUNTS_ENABLED = os.environ.get("DISCOUNTS_ENABLED") == "true"',
          ruby: "TABLE_NAME = ENV.fetch('TABLE_NAME')\nSTAGE = ENV.fetch('STAGE')\nDISCOUNTS_ENABLED = ENV['DISCOUNTS_ENABLED'] == 'true'",
          java: 'private static final String TABLE_NAME = System.getenv("TABLE_NAME");\nprivate static final String STAGE = System.getenv("STAGE");\nprivate static final boolean DISCOUNTS_ENABLED = "true".equals(System.getenv("DISCOUNTS_ENABLED"));',
          dotnet: 'TableName = Environment.GetEnvironmentVariable("TABLE_NAME");\nStage = Environment.GetEnvironmentVariable("STAGE");\nDiscountsEnabled = Environment.GetEnvironmentVariable("DISCOUNTS_ENABLED") == "true";',
          go: 'tableName = os.Getenv("TABLE_NAME")\nstage = os.Getenv("STAGE")\ndiscountsEnabled = os.Getenv("DISCOUNTS_ENABLED") == "true"',
        },
      },
      run: async (context) => {
          const { target } = context;
          const kms = keyOf(context);
          const apiKey = fresh('dojo-test-key');
          for (const settings of [
            { table: fresh('orders'), stage: 'staging', discounts: true },
            { table: fresh('orders'), stage: 'prod', discounts: false },
          ]) {
            await configure(target, kms, settings, apiKey);
            const wrong = await expectSettings(target, settings);
            if (wrong) return wrong;
          }
          return pass();
        },
    },
    {
      name: 'uses the decrypted API key, and never returns it',
      description:
        'With API_KEY set to a key the grader encrypted, apiKeyFingerprint is the first 12 hex digits of the SHA-256 of the decrypted key, and the answer does not contain the key itself.',
      hints: {
        concept: 'API_KEY holds the key encrypted: decrypt it with KMS, then hash what comes back. The fingerprint shows which key is in use without showing the key. Lesson 4, Environment variables.',
        api: {
          nodejs: 'the AWS SDK v3 the runtime includes: new KMSClient({}) from @aws-sdk/client-kms, then send(new DecryptCommand({ CiphertextBlob })) with the base64-decoded API_KEY; Plaintext (bytes) is the key',
          python: 'boto3, which the runtime includes: boto3.client("kms").decrypt(CiphertextBlob=...) with the base64-decoded API_KEY; ["Plaintext"] (bytes) is the key',
          ruby: "DojoKms.decrypt, after require 'dojo_kms'",
          java: 'the AWS SDK for Java 2.x, already in pom.xml: KmsClient.builder().httpClient(UrlConnectionHttpClient.create()).build(), then decrypt with a DecryptRequest whose ciphertextBlob is the base64-decoded API_KEY; plaintext().asUtf8String() is the key',
          dotnet: 'LambdaDojo.Kms.KmsHelper.Decrypt(string)',
          go: 'the AWS SDK for Go v2, already in go.mod: config.LoadDefaultConfig, then kms.NewFromConfig(cfg).Decrypt with CiphertextBlob the base64-decoded API_KEY; Plaintext is the key',
        },
        code: {
          nodejs: "import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});\nconst { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(process.env.API_KEY, 'base64') }));\nconst apiKey = Buffer.from(Plaintext).toString('utf8');",
          python: 'import base64\nimport boto3\nkms = boto3.client("kms")\nAPI_KEY = kms.decrypt(CiphertextBlob=base64.b64decode(os.environ["API_KEY"]))["Plaintext"].decode("utf-8")',
          ruby: "require 'dojo_kms'\nAPI_KEY = DojoKms.decrypt(ENV.fetch('API_KEY'))",
          java: 'private static final String API_KEY = decrypt(System.getenv("API_KEY"));\n\nprivate static String decrypt(String ciphertext) {\n    try (KmsClient kms = KmsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {\n        DecryptRequest request = DecryptRequest.builder()\n                .ciphertextBlob(SdkBytes.fromByteArray(Base64.getDecoder().decode(ciphertext)))\n                .build();\n        return kms.decrypt(request).plaintext().asUtf8String();\n    }\n}',
          dotnet: 'var apiKey = KmsHelper.Decrypt(Environment.GetEnvironmentVariable("API_KEY"));',
          go: 'cfg, err := config.LoadDefaultConfig(context.Background())\nif err != nil {\n\tlog.Fatal(err)\n}\nblob, _ := base64.StdEncoding.DecodeString(os.Getenv("API_KEY"))\nout, err := kms.NewFromConfig(cfg).Decrypt(context.Background(), &kms.DecryptInput{CiphertextBlob: blob})\nif err != nil {\n\tlog.Fatalf("decrypting API_KEY: %v", err)\n}\napiKey := string(out.Plaintext)',
        },
      },
      run: async (context) => {
          const { target } = context;
          const kms = keyOf(context);
          const apiKey = fresh('dojo-test-key');
          await configure(target, kms, { table: 'orders-dev', stage: 'dev', discounts: false }, apiKey);
          const invocation = await target.invoke({ payload: {} });
          const expected = { apiKeyFingerprint: fingerprint(apiKey) };
          if (invocation.functionError) return fail('The function failed', expected, shown(invocation));
          const exposed = leaked(invocation.payload, apiKey);
          if (exposed.length > 0) return fail('The answer contains the API key itself', 'an answer without the key', invocation.payload);
          const actual = answerOf(invocation)?.apiKeyFingerprint;
          if (actual === expected.apiKeyFingerprint) return pass();
          const hardcoded = actual === fingerprint(starterKey) ? ' (it is the fingerprint of the key written into the starter\'s code)' : '';
          return fail(`apiKeyFingerprint is not the fingerprint of the key in API_KEY${hardcoded}`, expected, { apiKeyFingerprint: actual });
        },
    },
    {
      name: 'decrypts the API key once, at init',
      description: `The lab's KMS answers Decrypt after ${slowKmsMs} ms (here; on AWS KMS answers at its own pace and Decrypt calls are not counted). Over three invocations of one execution environment it is called exactly once, and the wait shows in the cold start's Init Duration, not in the Duration of the invocation.`,
      hints: {
        concept: 'Every KMS call costs time (and, on AWS, money and request quota): decrypt once, at init, outside the handler, and keep the plain key in a variable that every invocation of the environment reuses. Lesson 4, Environment variables.',
        api: {
          nodejs: 'Top-level await in index.mjs: init waits for it (a pending promise awaited in the handler would make the first invocation wait instead)',
          python: 'A module-level statement: it runs once, when the runtime imports lambda_function',
          ruby: 'A constant at the top of the file: it runs once, when the runtime loads it',
          java: 'A static final field: it is set once, when the class loads',
          dotnet: 'A static constructor (static Function()): it runs once, before the first invocation',
          go: 'main(), before lambda.Start(handler): it runs once per environment',
        },
        code: {
          nodejs: "const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(process.env.API_KEY, 'base64') })); // top level, not in the handler",
          python: 'API_KEY = kms.decrypt(CiphertextBlob=base64.b64decode(os.environ["API_KEY"]))["Plaintext"].decode("utf-8")  # module level, not in lambda_handler',
          ruby: "API_KEY = DojoKms.decrypt(ENV.fetch('API_KEY')) # top level, not in lambda_handler",
          java: 'private static final String API_KEY = decrypt(System.getenv("API_KEY")); // a static field: set once, when the class loads',
          dotnet: 'static Function()\n{\n    var apiKey = KmsHelper.Decrypt(Environment.GetEnvironmentVariable("API_KEY"));\n    ApiKeyFingerprint = Fingerprint(apiKey);\n}',
          go: 'func main() {\n\t// config.LoadDefaultConfig and kms.NewFromConfig(cfg).Decrypt here, once\n\t// ... fingerprint the plaintext into a package-level var\n\tlambda.Start(handler)\n}',
        },
      },
      run: async (context) => {
        const { target } = context;
        const kms = keyOf(context);
        await configure(target, kms, { table: 'orders-dev', stage: 'dev', discounts: false }, fresh('dojo-test-key'));
        const before = kms.decryptCalls?.() ?? 0;
        const invocations: TargetInvocation[] = [];
        for (let i = 0; i < 3; i++) {
          const invocation = await target.invoke({ payload: {} });
          if (invocation.functionError) return fail(`Invocation ${i + 1} failed`, 'three answers', shown(invocation));
          invocations.push(invocation);
        }
        // On AWS only CloudTrail counts Decrypt calls, minutes later: what cannot be seen is said, not guessed.
        if (!kms.decryptCalls) return pass('KMS Decrypt calls cannot be counted at once on AWS (CloudTrail lists them minutes later): graded locally only');
        const calls = kms.decryptCalls() - before;
        const expected = { decryptCalls: 1, during: 'init' };
        if (calls === 0) return fail('The function never called KMS Decrypt: the key must come from the encrypted API_KEY variable', expected, { decryptCalls: 0 });
        if (calls > 1) return fail(`KMS Decrypt was called ${calls} times for 3 invocations of one execution environment: decrypt once and keep the result`, expected, { decryptCalls: calls });
        const cold = invocations[0]!.report;
        if (kms.delaysDecrypt && cold && cold.durationMs >= slowKmsMs) {
          return fail(
            `The first invocation waited for KMS (Duration ${cold.durationMs} ms, KMS answering after ${slowKmsMs} ms): the key was decrypted, or awaited, in the handler`,
            expected,
            { decryptCalls: calls, initDurationMs: cold.initDurationMs, durationMs: cold.durationMs },
          );
        }
        return pass();
      },
    },
    {
      name: 'keeps secrets out of its logs',
      description: 'Over a cold start and a warm invocation, no log line (the init\'s included) contains the API key: neither the key the grader encrypted nor the one written into the starter.',
      hints: {
        concept: 'Logs are read by many more people than the configuration, and kept for a long time. Log that a key is loaded, or its fingerprint, never the key. Lesson 4, Environment variables.',
        api: 'Every line the function prints, at init too, ends up in the log: look at each print of the key.',
        code: {
          nodejs: 'console.log(`Starting: ... apiKey fingerprint=${apiKeyFingerprint}`);',
          python: 'print(f"Starting: ... apiKey fingerprint={API_KEY_FINGERPRINT}")',
          ruby: 'puts "Starting: ... apiKey fingerprint=#{API_KEY_FINGERPRINT}"',
          java: 'System.out.println("Starting: ... apiKey fingerprint=" + API_KEY_FINGERPRINT);',
          dotnet: 'Console.WriteLine("Starting: ... apiKey fingerprint=" + ApiKeyFingerprint);',
          go: 'fmt.Printf("Starting: ... apiKey fingerprint=%s\\n", apiKeyFingerprint)',
        },
      },
      run: async (context) => {
          const { target } = context;
          const kms = keyOf(context);
          const apiKey = fresh('dojo-test-key');
          await configure(target, kms, { table: 'orders-dev', stage: 'dev', discounts: true }, apiKey);
          const logs: string[] = [];
          for (let i = 0; i < 2; i++) {
            const invocation = await target.invoke({ payload: {} });
            if (invocation.functionError) return fail(`Invocation ${i + 1} failed`, 'two answers', shown(invocation));
            logs.push(...invocation.logs);
          }
          const lines = logs.filter((line) => leaked(line, apiKey).length > 0);
          if (lines.length === 0) return pass();
          return fail('The log shows the API key', 'no log line with the key', lines.map((line) => line.replaceAll(apiKey, '<the API key>').replaceAll(starterKey, '<the API key>')));
        },
    },
  ],
});
