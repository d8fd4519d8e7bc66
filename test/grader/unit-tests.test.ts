// The runner lab 16 grades with (src/grader/unit-tests/run-unit-tests.ts): it runs a learner's
// own tests in a folder that holds only the core and its tests, counts what ran and failed as
// the language's runner reports it, refuses a core that needs Lambda, and swaps in another core.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runtimeFor } from '../../src/grader/languages.ts';
import { loadCoreAlone, runUnitTests } from '../../src/grader/unit-tests/run-unit-tests.ts';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((f) => rmSync(f, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'unit-tests-test-'));
  folders.push(folder);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  return folder;
}

const nodeFiles = { core: ['core.mjs'], tests: ['core.test.mjs'] };
const nodeCore = 'export function double(x) { return x * 2; }\n';
const nodeTests = "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { double } from './core.mjs';\ntest('doubles', () => assert.equal(double(2), 4));\ntest('doubles zero', () => assert.equal(double(0), 0));\n";

describe('a learner\'s own unit tests, run without Lambda', () => {
  it('counts the tests node --test ran, and the ones that failed', async () => {
    const { toolchain } = await runtimeFor('nodejs');
    const good = await runUnitTests('nodejs', toolchain!, project({ 'core.mjs': nodeCore, 'core.test.mjs': nodeTests }), nodeFiles);
    expect(good).toMatchObject({ ran: 2, failed: 0, passed: true, missing: [] });
    const bad = await runUnitTests('nodejs', toolchain!, project({ 'core.mjs': 'export function double(x) { return x + 2; }\n', 'core.test.mjs': nodeTests }), nodeFiles);
    expect(bad).toMatchObject({ ran: 2, failed: 1, passed: false });
    expect(bad.output).toMatch(/not ok/);
  });

  it('copies only the core and its tests: a test that reaches for the handler fails there', async () => {
    const { toolchain } = await runtimeFor('nodejs');
    const folder = project({ 'index.mjs': 'export const handler = async () => 1;\n', 'core.mjs': nodeCore, 'core.test.mjs': "import { test } from 'node:test';\nimport { handler } from './index.mjs';\ntest('calls the handler', async () => handler());\n" });
    const run = await runUnitTests('nodejs', toolchain!, folder, nodeFiles);
    expect(run.passed).toBe(false);
    expect(run.output).toMatch(/index\.mjs/);
  });

  it('names the files that are missing instead of running anything', async () => {
    const { toolchain } = await runtimeFor('nodejs');
    const run = await runUnitTests('nodejs', toolchain!, project({ 'core.test.mjs': nodeTests }), nodeFiles);
    expect(run).toMatchObject({ passed: false, ran: 0, missing: ['core.mjs'] });
  });

  it('swaps in another core, so a weak test is told from a strong one', async () => {
    const { toolchain } = await runtimeFor('python');
    const files = { core: ['core.py'], tests: ['test_core.py'] };
    const broken = project({ 'core.py': 'def double(x):\n    return x + 2\n' });
    const strong = project({ 'core.py': 'def double(x):\n    return x * 2\n', 'test_core.py': 'import unittest\nfrom core import double\n\nclass T(unittest.TestCase):\n    def test_three(self):\n        self.assertEqual(double(3), 6)\n' });
    const weak = project({ 'core.py': 'def double(x):\n    return x * 2\n', 'test_core.py': 'import unittest\nfrom core import double\n\nclass T(unittest.TestCase):\n    def test_two(self):\n        self.assertEqual(double(2), 4)\n' });
    expect(await runUnitTests('python', toolchain!, strong, files)).toMatchObject({ ran: 1, failed: 0, passed: true });
    expect(await runUnitTests('python', toolchain!, strong, files, { 'core.py': join(broken, 'core.py') })).toMatchObject({ ran: 1, failed: 1, passed: false });
    expect(await runUnitTests('python', toolchain!, weak, files, { 'core.py': join(broken, 'core.py') })).toMatchObject({ ran: 1, failed: 0, passed: true });
  });

  it('loads a core alone, and says why one that needs the handler does not load', async () => {
    const { toolchain } = await runtimeFor('python');
    expect(await loadCoreAlone('python', toolchain!, project({ 'core.py': 'def price_order(items, coupon=None):\n    return {}\n' }), ['core.py'], 'price_order')).toBeUndefined();
    const coupled = project({ 'core.py': 'from lambda_function import helper\n\ndef price_order(items, coupon=None):\n    return {}\n', 'lambda_function.py': 'def helper():\n    pass\n' });
    expect(await loadCoreAlone('python', toolchain!, coupled, ['core.py'], 'price_order')).toMatch(/No module named 'lambda_function'/);
    expect(await loadCoreAlone('python', toolchain!, project({ 'core.py': 'def other():\n    pass\n' }), ['core.py'], 'price_order')).toMatch(/has no function price_order/);
  });

  it('compiles a C# core without the Lambda library, so one that uses it does not compile', async () => {
    const { toolchain } = await runtimeFor('dotnet');
    if (!toolchain) return; // test/requirements.test.ts requires Mono in CI
    const coupled = project({ 'Core.cs': 'using Amazon.Lambda.Core;\npublic static class Pricing { public static int PriceOrder(ILambdaContext c) { return 1; } }\n' });
    expect(await loadCoreAlone('dotnet', toolchain, coupled, ['Core.cs'], 'PriceOrder')).toMatch(/Amazon/);
    const tests = project({ 'Core.cs': 'public static class Pricing { public static int Double(int x) { return x * 2; } }\n', 'Tests/CoreTests.cs': 'using Xunit;\npublic class CoreTests {\n  [Fact] public void Doubles() { Assert.Equal(4, Pricing.Double(2)); }\n  [Fact] public void Fails() { Assert.Equal(5, Pricing.Double(2)); }\n  [Fact(Skip = "later")] public void Skipped() { }\n}\n' });
    expect(await runUnitTests('dotnet', toolchain, tests, { core: ['Core.cs'], tests: ['Tests/CoreTests.cs'] })).toMatchObject({ ran: 2, failed: 1, passed: false });
  });
});

describe('a learner\'s JUnit tests', () => {
  it('compile against the core alone and run with JUnit\'s console launcher, counting what failed', async () => {
    const { toolchain } = await runtimeFor('java');
    if (!toolchain) return; // test/requirements.test.ts requires the JDK in CI
    const files = { core: ['src/main/java/Core.java'], tests: ['src/test/java/CoreTest.java'] };
    const tests = 'import static org.junit.jupiter.api.Assertions.assertEquals;\nimport org.junit.jupiter.api.Test;\nclass CoreTest {\n  @Test void doubles() { assertEquals(4, Core.twice(2)); }\n  @Test void doublesZero() { assertEquals(0, Core.twice(0)); }\n}\n';
    const good = project({ 'src/main/java/Core.java': 'public final class Core { public static int twice(int x) { return x * 2; } }\n', 'src/test/java/CoreTest.java': tests });
    expect(await runUnitTests('java', toolchain, good, files)).toMatchObject({ ran: 2, failed: 0, passed: true });
    const bad = project({ 'src/main/java/Core.java': 'public final class Core { public static int twice(int x) { return x + 2; } }\n', 'src/test/java/CoreTest.java': tests });
    expect(await runUnitTests('java', toolchain, bad, files)).toMatchObject({ ran: 2, failed: 1, passed: false });
    const coupled = project({ 'src/main/java/Core.java': 'import com.amazonaws.services.lambda.runtime.Context;\npublic final class Core { public static int twice(Context c, int x) { return x * 2; } }\n', 'src/test/java/CoreTest.java': tests });
    const run = await runUnitTests('java', toolchain, coupled, files);
    expect(run.passed).toBe(false);
    expect(run.output).toMatch(/com\.amazonaws\.services\.lambda/);
  }, 180_000);
});
