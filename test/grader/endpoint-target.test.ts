// The same checks through the official SDK: every lab's solution (Node.js where the lab offers
// it, else its first language) graded on the endpoint target against the local endpoint that
// `serve` runs, started in this process; and the AWS path (tags, a role, teardown, the cost
// line) against the same endpoint, which answers every Lambda call that path makes.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { solutionProblems } from '../../src/grader/author-check.ts';
import { loadCatalogue } from '../../src/grader/catalogue.ts';
import { gradeLab } from '../../src/grader/grade.ts';
import { runtimeFor } from '../../src/grader/languages.ts';
import { costLine } from '../../src/grader/targets/prices.ts';
import { SdkLabTarget } from '../../src/grader/targets/sdk-target.ts';
import { startEndpoint, type LocalEndpoint } from '../../src/endpoint/server.ts';

const catalogue = await loadCatalogue(fileURLToPath(new URL('../../labs/', import.meta.url)));
const role = 'arn:aws:iam::123456789012:role/lambda-dojo-learner';

let endpoint: LocalEndpoint;
beforeAll(async () => {
  endpoint = await startEndpoint({ service: { idleTimeoutMs: 60_000 } });
});
afterAll(async () => {
  await endpoint?.close();
});

describe('every lab through the endpoint target', () => {
  for (const entry of catalogue) {
    const language = entry.lab.languages.includes('nodejs') ? 'nodejs' : entry.lab.languages[0]!;
    it(`lab ${entry.number}'s ${language} solution passes every check through the SDK`, async () => {
      const { runtime, toolchain } = await runtimeFor(language);
      if (!toolchain) return; // test/requirements.test.ts requires every toolchain in CI
      const target = new SdkLabTarget({ kind: 'endpoint', region: 'us-east-1', endpointUrl: endpoint.url });
      try {
        const result = await gradeLab({ target, lab: entry.lab, language, runtime, codeFolder: join(entry.folder, 'solution', language) });
        expect(solutionProblems(language, result)).toEqual([]);
        // The deployer's teardown removed the function: nothing of the lab is left on the endpoint.
        const left = await target.clients.lambda.send(new ListFunctionsCommand({}));
        expect((left.Functions ?? []).map((f) => f.FunctionName)).not.toContain(`lab${String(entry.number).padStart(2, '0')}-${language}`);
      } finally {
        await target.close();
      }
    });
  }
});

describe('the aws target, against the local endpoint', () => {
  it('says where it looked when the default credential chain finds no credentials', async () => {
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) vi.stubEnv(name, undefined);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/credentials');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/config');
    const entry = catalogue.find((e) => e.number === 1)!;
    const target = new SdkLabTarget({ kind: 'aws', region: 'us-east-1', endpointUrl: endpoint.url, roleArn: role });
    try {
      const result = await gradeLab({ target, lab: entry.lab, language: 'nodejs', runtime: (await runtimeFor('nodejs')).runtime, codeFolder: join(entry.folder, 'solution', 'nodejs') });
      expect(result.status).toBe('error');
      expect(result.error?.message).toMatch(/No AWS credentials were found .* Run aws configure/);
    } finally {
      vi.unstubAllEnvs();
      await target.close();
    }
  });

  it('tags each function lambda-dojo:lab=N, deletes it afterwards, and counts requests and GB-seconds', async () => {
    const entry = catalogue.find((e) => e.number === 9)!; // versions and aliases: the most SDK calls
    const { runtime } = await runtimeFor('nodejs');
    // The learner's credentials, as the default chain finds them in the environment.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDLEARNER');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'learner-secret');
    const target = new SdkLabTarget({ kind: 'aws', region: 'us-east-1', endpointUrl: endpoint.url, roleArn: role });
    // Every command the AWS path sends, with its input, as the SDK sends it to AWS.
    const sent: Array<{ command: string; input: Record<string, unknown> }> = [];
    target.clients.lambda.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push({ command: String(context.commandName), input: args.input as Record<string, unknown> });
        return next(args);
      },
      { step: 'initialize' },
    );
    try {
      const result = await gradeLab({ target, lab: entry.lab, language: 'nodejs', runtime, codeFolder: join(entry.folder, 'solution', 'nodejs') });
      expect(solutionProblems('nodejs', result)).toEqual([]);
      const create = sent.find((c) => c.command === 'CreateFunctionCommand')!;
      expect(create.input).toMatchObject({ FunctionName: 'lab09-nodejs', Role: role, Tags: { 'lambda-dojo:lab': '9' } });
      expect(new Set(sent.map((c) => c.command))).toEqual(
        new Set(['DeleteFunctionCommand', 'CreateFunctionCommand', 'GetFunctionCommand', 'InvokeCommand', 'GetFunctionConfigurationCommand', 'UpdateFunctionConfigurationCommand', 'PublishVersionCommand', 'UpdateAliasCommand', 'CreateAliasCommand']),
      );
      expect(sent.at(-1)).toMatchObject({ command: 'DeleteFunctionCommand', input: { FunctionName: 'lab09-nodejs' } });
      const used = target.usage();
      expect(used.requests).toBe(sent.filter((c) => c.command === 'InvokeCommand').length);
      expect(used.gbSeconds).toBeGreaterThan(0);
      expect(costLine(used)).toMatch(/^AWS use: \d+ requests, \d+\.\d{3} GB-seconds ≈ \$\d+\.\d{6} at us-east-1 .*aws\.amazon\.com\/lambda\/pricing/);
      const left = await target.clients.lambda.send(new ListFunctionsCommand({}));
      expect((left.Functions ?? []).map((f) => f.FunctionName)).not.toContain('lab09-nodejs');
    } finally {
      vi.unstubAllEnvs();
      await target.close();
    }
  });

  it('refuses Go, Java and C# code, which Lambda runs only once built, pointing at --template and sam build', async () => {
    const entry = catalogue.find((e) => e.number === 1)!;
    const target = new SdkLabTarget({ kind: 'aws', region: 'us-east-1', endpointUrl: endpoint.url, roleArn: role });
    try {
      const result = await gradeLab({ target, lab: entry.lab, language: 'go', runtime: 'provided.al2023', codeFolder: join(entry.folder, 'solution', 'go') });
      expect(result).toMatchObject({ status: 'error', error: { errorType: 'BuildNeeded' } });
      expect(result.error?.message).toContain('npm run lab 1 -- --template');
      expect(target.usage().requests).toBe(0);
    } finally {
      await target.close();
    }
  });

  it('makes lab 8\'s key for the run, tagged, that only the role may decrypt with, and schedules its deletion', async () => {
    // KMS key management cannot exist locally (the endpoint serves Encrypt and Decrypt only), so
    // these two calls are answered in the SDK's own pipeline, where AWS's answer would come in.
    const target = new SdkLabTarget({ kind: 'aws', region: 'eu-west-1', roleArn: role });
    const sent: Array<{ command: string; input: Record<string, unknown> }> = [];
    target.clients.kms.middlewareStack.add(
      () => async (args) => {
        const input = args.input as Record<string, unknown>;
        const command = 'Policy' in input ? 'CreateKey' : 'ScheduleKeyDeletion';
        sent.push({ command, input });
        return { output: { $metadata: {}, ...(command === 'CreateKey' ? { KeyMetadata: { KeyId: 'k-123' } } : {}) } as never, response: {} };
      },
      { step: 'initialize' },
    );
    try {
      const keys = await target.provideKeyService({ lab: 8 });
      expect(keys).toMatchObject({ keyId: 'k-123', environment: {}, delaysDecrypt: false });
      expect(keys.decryptCalls).toBeUndefined(); // only CloudTrail counts them on AWS, minutes later
      const create = sent[0]!.input;
      expect(create.Tags).toEqual([{ TagKey: 'lambda-dojo:lab', TagValue: '8' }]);
      const statements = JSON.parse(String(create.Policy)).Statement;
      expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Allow', Principal: { AWS: role }, Action: 'kms:Decrypt' }));
      expect(statements).toContainEqual(expect.objectContaining({ Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*' }));
      await keys.release();
      expect(sent[1]).toEqual({ command: 'ScheduleKeyDeletion', input: { KeyId: 'k-123', PendingWindowInDays: 7 } });
    } finally {
      await target.close();
    }
  });

  it('refuses to start without an execution role, saying how to give one', () => {
    expect(() => new SdkLabTarget({ kind: 'aws', region: 'eu-west-1' })).toThrow(/--role arn:aws:iam::<account>:role\/<name>/);
  });
});
