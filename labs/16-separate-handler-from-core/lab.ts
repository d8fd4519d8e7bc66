import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectPayload, fail, pass } from '../../src/grader/check-helpers.ts';
import { runtimeFor } from '../../src/grader/languages.ts';
import { defineLab, type CheckContext, type Language } from '../../src/grader/lab-types.ts';
import { loadCoreAlone, runUnitTests, type CoreFiles } from '../../src/grader/unit-tests/run-unit-tests.ts';

/** Where each language keeps the core and its tests, relative to the code folder. */
const layout: Partial<Record<Language, CoreFiles & { entry: string }>> = {
  nodejs: { core: ['core.mjs'], tests: ['core.test.mjs'], entry: 'priceOrder' },
  python: { core: ['core.py'], tests: ['test_core.py'], entry: 'price_order' },
  ruby: { core: ['core.rb'], tests: ['test_core.rb'], entry: 'price_order' },
  go: { core: ['core/core.go'], tests: ['core/core_test.go'], entry: 'PriceOrder' },
  java: { core: ['src/main/java/Core.java'], tests: ['src/test/java/CoreTest.java'], entry: 'priceOrder' },
  dotnet: { core: ['Core.cs'], tests: ['Tests/CoreTests.cs'], entry: 'PriceOrder' },
};

/** What ties code to Lambda, per language: an import of a Lambda library or of the handler's own file. */
const lambdaImports: Partial<Record<Language, RegExp>> = {
  nodejs: /from\s+['"](?:\.\/index(?:\.mjs)?|aws-lambda|@types\/aws-lambda|@aws-lambda-powertools\/[^'"]*)['"]|awslambda\./,
  python: /^\s*(?:import|from)\s+(?:lambda_function|awslambdaric|aws_lambda_powertools)\b/m,
  ruby: /require(?:_relative)?\s+['"](?:\.\/)?(?:lambda_function|aws_lambda_ric)['"]/,
  go: /"github\.com\/aws\/aws-lambda-go\/[^"]*"/,
  java: /import\s+com\.amazonaws\.services\.lambda\.|\bContext\s+\w+\s*[,)]/,
  dotnet: /using\s+Amazon\.Lambda\b|\bILambdaContext\b/,
};

const mutants = fileURLToPath(new URL('./mutants/', import.meta.url));

const order = (lines: Array<[number, number]>, coupon?: string) => ({
  items: lines.map(([unitPriceCents, quantity], i) => ({ sku: `SKU-${i + 1}-${randomBytes(2).toString('hex')}`, unitPriceCents, quantity })),
  ...(coupon ? { coupon } : {}),
});

/** The pricing rules of the lab, as the README states them: the grader's own reference. */
function expected(event: ReturnType<typeof order>) {
  const subtotalCents = event.items.reduce((sum, item) => sum + item.unitPriceCents * item.quantity, 0);
  const discountCents = event.coupon === 'SAVE10' ? Math.floor((subtotalCents * 10) / 100) : event.coupon === 'FLAT500' ? Math.min(500, subtotalCents) : 0;
  return { subtotalCents, discountCents, totalCents: subtotalCents - discountCents };
}

async function toolchainFor(context: CheckContext) {
  const { toolchain, installHint } = await runtimeFor(context.language);
  if (!toolchain) throw new Error(`The ${context.language} toolchain is needed to run your unit tests: ${installHint}`);
  return toolchain;
}

const shownFiles = (files: string[]) => files.join(', ');

/**
 * The learner's own test run, once per content of the core and its tests: the last two checks
 * both need it, and a Maven run takes seconds.
 */
const ownRuns = new Map<string, ReturnType<typeof runUnitTests>>();
async function ownTestRun(context: CheckContext) {
  const files = layout[context.language]!;
  const hash = createHash('sha256').update(`${context.language}\n${context.codeFolder}\n`);
  for (const file of [...files.core, ...files.tests]) {
    const path = join(context.codeFolder, file);
    hash.update(`${file}\n`).update(existsSync(path) ? readFileSync(path) : 'missing');
  }
  const key = hash.digest('hex');
  if (ownRuns.size > 50) ownRuns.clear();
  if (!ownRuns.has(key)) ownRuns.set(key, runUnitTests(context.language, await toolchainFor(context), context.codeFolder, files));
  return ownRuns.get(key)!;
}

export default defineLab({
  number: 16,
  title: 'Separate the handler from the core',
  lesson: 7,
  summary: 'Move the pricing rules out of the handler into a core that knows nothing of Lambda, unit-test that core with your own tests, and keep the handler a thin adapter.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'index.mjs', python: 'lambda_function.py', ruby: 'lambda_function.rb', go: 'main.go', java: 'src/main/java/Handler.java', dotnet: 'Function.cs' },
  function: {
    handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' },
    timeout: 10,
  },
  starterFails: ['the core stands alone', 'your unit tests pass without Lambda', 'your unit tests catch a broken core'],
  checks: [
    {
      name: 'prices orders through Lambda',
      description: 'Invoked with {"items": [{"sku", "unitPriceCents", "quantity"}], "coupon"}, the function answers {"subtotalCents", "discountCents", "totalCents"} by the rules in the README, for orders with and without a coupon.',
      hints: {
        concept: 'Moving the rules must not change what the function answers: the handler passes the event\'s items and coupon to the core and returns what the core returns. Lesson 7, Separate the handler from the core.',
        api: 'Keep the handler\'s signature as it is; only its body changes, to one call of the core.',
        code: {
          nodejs: "import { priceOrder } from './core.mjs';\n\nexport const handler = async (event, context) => priceOrder(event.items, event.coupon);",
          python: 'from core import price_order\n\ndef lambda_handler(event, context):\n    return price_order(event["items"], event.get("coupon"))',
          ruby: "require_relative 'core'\n\ndef lambda_handler(event:, context:)\n  Core.price_order(event['items'], event['coupon'])\nend",
          java: 'Core.Quote quote = Core.priceOrder(items, (String) event.get("coupon"));',
          dotnet: 'public Quote FunctionHandler(Order input, ILambdaContext context)\n{\n    return Pricing.PriceOrder(input.Items, input.Coupon);\n}',
          go: 'func handler(ctx context.Context, event order) (core.Quote, error) {\n\treturn core.PriceOrder(event.Items, event.Coupon), nil\n}',
        },
      },
      run: async ({ target }) => {
        for (const event of [order([[1250, 2], [399, 1]]), order([[1999, 3]], 'SAVE10'), order([[300, 1]], 'FLAT500'), order([[700, 4], [5, 9]], 'NOT-A-COUPON')]) {
          const outcome = expectPayload(await target.invoke({ payload: event }), expected(event), `For ${JSON.stringify(event)} the answer is not the order's price`);
          if (outcome.status === 'failed') return outcome;
        }
        return pass();
      },
    },
    {
      name: 'the core stands alone',
      description: 'The core\'s file, copied alone into an empty folder with no Lambda library and no handler, loads (or compiles) and offers the pricing function; it imports nothing of Lambda and not the handler\'s file.',
      hints: {
        concept: 'The core takes plain values (a list of items, a coupon code) and returns plain values. It never sees the event, the context or anything from a Lambda library, so it runs, and is tested, anywhere. Lesson 7, Separate the handler from the core.',
        api: {
          nodejs: 'A file core.mjs beside index.mjs that exports function priceOrder(items, coupon)',
          python: 'A file core.py beside lambda_function.py with def price_order(items, coupon=None)',
          ruby: 'A file core.rb beside lambda_function.rb with module Core and def self.price_order(items, coupon = nil)',
          java: 'A class Core in src/main/java/Core.java with public static Quote priceOrder(List<Item> items, String coupon), with no import of com.amazonaws.services.lambda',
          dotnet: 'A file Core.cs with a public static class Pricing and public static Quote PriceOrder(IList<Item> items, string coupon), with no using Amazon.Lambda',
          go: 'A package core in core/core.go (package core) with func PriceOrder(items []Item, coupon string) Quote, importing nothing from aws-lambda-go',
        },
        code: {
          nodejs: 'export function priceOrder(items, coupon) {\n  const subtotalCents = items.reduce((sum, item) => sum + item.unitPriceCents * item.quantity, 0);\n  // ... the discount, as the handler computed it\n  return { subtotalCents, discountCents, totalCents: subtotalCents - discountCents };\n}',
          python: 'def price_order(items, coupon=None):\n    subtotal = sum(item["unitPriceCents"] * item["quantity"] for item in items)\n    # ... the discount, as the handler computed it\n    return {"subtotalCents": subtotal, "discountCents": discount, "totalCents": subtotal - discount}',
          ruby: "module Core\n  def self.price_order(items, coupon = nil)\n    subtotal = items.sum { |item| item['unitPriceCents'] * item['quantity'] }\n    # ... the discount, as the handler computed it\n    { subtotalCents: subtotal, discountCents: discount, totalCents: subtotal - discount }\n  end\nend",
          java: 'public final class Core {\n    public record Item(String sku, long unitPriceCents, int quantity) {}\n    public record Quote(long subtotalCents, long discountCents, long totalCents) {}\n\n    public static Quote priceOrder(List<Item> items, String coupon) { ... }\n}',
          dotnet: 'public static class Pricing\n{\n    public static Quote PriceOrder(IList<Item> items, string coupon)\n    {\n        // ... as the handler computed it\n    }\n}',
          go: 'package core\n\ntype Item struct {\n\tSKU            string `json:"sku"`\n\tUnitPriceCents int64  `json:"unitPriceCents"`\n\tQuantity       int64  `json:"quantity"`\n}\n\nfunc PriceOrder(items []Item, coupon string) Quote { ... }',
        },
      },
      run: async (context) => {
        const files = layout[context.language]!;
        const toolchain = await toolchainFor(context);
        const problem = await loadCoreAlone(context.language, toolchain, context.codeFolder, files.core, files.entry);
        if (problem?.startsWith('there is no ')) return fail(`${problem}: the pricing rules still live in the handler`, `${shownFiles(files.core)} with ${files.entry}`, 'no core file');
        if (problem) return fail(`${shownFiles(files.core)} does not load on its own, without Lambda and without the handler`, `${shownFiles(files.core)} loading alone`, problem);
        const pattern = lambdaImports[context.language]!;
        for (const file of files.core) {
          const found = pattern.exec(readFileSync(join(context.codeFolder, file), 'utf8'));
          if (found) return fail(`${file} still reaches into Lambda (or the handler): ${found[0].trim()}`, 'a core that imports nothing of Lambda', found[0].trim());
        }
        return pass();
      },
    },
    {
      name: 'your unit tests pass without Lambda',
      description: 'Your tests of the core, copied with the core alone into an empty folder (no handler, no Lambda library), run with the language\'s usual test runner: at least one test runs, and all pass.',
      hints: {
        concept: 'A unit test of the core calls it with plain values and compares the result: no event to build, no context to fake, no deploy. It runs in milliseconds, on any machine. Lesson 7, Separate the handler from the core.',
        api: {
          nodejs: 'node:test and node:assert/strict in core.test.mjs, importing only ./core.mjs; run with node --test core.test.mjs',
          python: 'unittest.TestCase in test_core.py, importing only core; run with python -m unittest test_core',
          ruby: "Minitest::Test in test_core.rb (require 'minitest/autorun' and require_relative 'core'); run with ruby test_core.rb",
          java: 'JUnit 5 (@Test, Assertions.assertEquals) in src/test/java/CoreTest.java; run with mvn test (pom.xml already has junit-jupiter)',
          dotnet: 'xUnit: [Fact] methods and Assert.Equal in Tests/CoreTests.cs (the grader compiles it with Core.cs and runs every [Fact])',
          go: 'package core tests in core/core_test.go: func TestSomething(t *testing.T); run with go test ./core/',
        },
        code: {
          nodejs: "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { priceOrder } from './core.mjs';\n\ntest('adds up unit price times quantity', () => {\n  assert.deepEqual(priceOrder([{ sku: 'A', unitPriceCents: 1250, quantity: 2 }]), { subtotalCents: 2500, discountCents: 0, totalCents: 2500 });\n});",
          python: 'import unittest\nfrom core import price_order\n\nclass PriceOrderTest(unittest.TestCase):\n    def test_adds_up_price_times_quantity(self):\n        quote = price_order([{"sku": "A", "unitPriceCents": 1250, "quantity": 2}])\n        self.assertEqual(quote["totalCents"], 2500)',
          ruby: "require 'minitest/autorun'\nrequire_relative 'core'\n\nclass CoreTest < Minitest::Test\n  def test_adds_up_price_times_quantity\n    quote = Core.price_order([{ 'sku' => 'A', 'unitPriceCents' => 1250, 'quantity' => 2 }])\n    assert_equal 2500, quote[:totalCents]\n  end\nend",
          java: 'class CoreTest {\n    @Test\n    void addsUpPriceTimesQuantity() {\n        Core.Quote quote = Core.priceOrder(List.of(new Core.Item("A", 1250, 2)), null);\n        assertEquals(2500, quote.totalCents());\n    }\n}',
          dotnet: 'public class CoreTests\n{\n    [Fact]\n    public void AddsUpPriceTimesQuantity()\n    {\n        var quote = Pricing.PriceOrder(new List<Item> { new Item { Sku = "A", UnitPriceCents = 1250, Quantity = 2 } }, null);\n        Assert.Equal(2500L, quote.TotalCents);\n    }\n}',
          go: 'func TestAddsUpPriceTimesQuantity(t *testing.T) {\n\tquote := PriceOrder([]Item{{SKU: "A", UnitPriceCents: 1250, Quantity: 2}}, "")\n\tif quote.TotalCents != 2500 {\n\t\tt.Fatalf("total %d, want 2500", quote.TotalCents)\n\t}\n}',
        },
      },
      run: async (context) => {
        const files = layout[context.language]!;
        const run = await ownTestRun(context);
        if (run.missing.length > 0) return fail(`Missing ${shownFiles(run.missing)}: the tests and the core they test must be files of their own`, shownFiles([...files.core, ...files.tests]), `no ${shownFiles(run.missing)}`);
        if (run.ran === 0) return fail(`${run.command} ran no test (with only the core and its tests in the folder)`, 'at least one test, all passing', run.output);
        if (!run.passed) return fail(`${run.command}: ${run.failed} of ${run.ran} tests failed with only the core and its tests in the folder`, `${run.ran} passing`, run.output);
        return pass(`${run.command}: ${run.ran} tests passed`);
      },
    },
    {
      name: 'your unit tests catch a broken core',
      description: 'The grader swaps your core for one that forgets the quantity (it adds up unit prices only) and runs your tests again: at least one of them fails.',
      hints: {
        concept: 'A test that passes whatever the code does proves nothing. Test the rules that matter: more than one of an item, each coupon, a coupon larger than the order. Lesson 7, Separate the handler from the core.',
        api: 'Give at least one test an item with a quantity of 2 or more, and check the subtotal or the total.',
        code: {
          nodejs: "assert.equal(priceOrder([{ sku: 'A', unitPriceCents: 1250, quantity: 2 }]).subtotalCents, 2500);",
          python: 'self.assertEqual(price_order([{"sku": "A", "unitPriceCents": 1250, "quantity": 2}])["subtotalCents"], 2500)',
          ruby: "assert_equal 2500, Core.price_order([{ 'sku' => 'A', 'unitPriceCents' => 1250, 'quantity' => 2 }])[:subtotalCents]",
          java: 'assertEquals(2500, Core.priceOrder(List.of(new Core.Item("A", 1250, 2)), null).subtotalCents());',
          dotnet: 'Assert.Equal(2500L, Pricing.PriceOrder(new List<Item> { new Item { Sku = "A", UnitPriceCents = 1250, Quantity = 2 } }, null).SubtotalCents);',
          go: 'if got := PriceOrder([]Item{{SKU: "A", UnitPriceCents: 1250, Quantity: 2}}, "").SubtotalCents; got != 2500 {\n\tt.Fatalf("subtotal %d, want 2500", got)\n}',
        },
      },
      run: async (context) => {
        const files = layout[context.language]!;
        const toolchain = await toolchainFor(context);
        const own = await ownTestRun(context);
        if (!own.passed) return fail('Your tests must pass on your own core first (see the check before)', 'your tests passing, then failing on the broken core', own.missing.length ? `no ${shownFiles(own.missing)}` : own.output);
        const broken = Object.fromEntries(files.core.map((file) => [file, join(mutants, context.language, file.split('/').at(-1)!)]));
        const run = await runUnitTests(context.language, toolchain, context.codeFolder, files, broken);
        if (run.passed) return fail(`All ${run.ran} of your tests pass on a core that ignores the quantity: they do not test what the core must get right`, 'at least one failing test', run.output);
        return pass(`${run.failed} of ${run.ran} tests failed on the broken core`);
      },
    },
  ],
});
