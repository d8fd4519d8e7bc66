// A lab declares what it needs from its target in lab.ts (`needs`), checked when it loads: a
// need no target provides is named with its field, and a declared key service reaches the
// checks as the target provided it, with the function already pointed at it.

import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/grader/catalogue.ts';
import { deployLab } from '../../src/grader/deployment.ts';
import { runtimeFor } from '../../src/grader/languages.ts';
import { LabDefinitionError, validateLab } from '../../src/grader/lab-schema.ts';
import { openLabStack } from '../../src/grader/targets/lab-stack.ts';
import type { LabTarget } from '../../src/grader/targets/lab-target.ts';
import { useEmbeddedTarget } from '../support/target.ts';

const catalogue = await loadCatalogue(fileURLToPath(new URL('../../labs/', import.meta.url)));
const lab8 = catalogue.find((e) => e.number === 8)!;

describe('what a lab needs from its target', () => {
  it('a need no target provides fails at load, naming the file and the field', () => {
    const broken = { ...lab8.lab, needs: { keyService: {}, database: {} } };
    expect(() => validateLab(broken, 'labs/08-configure-dont-hardcode/lab.ts')).toThrow(LabDefinitionError);
    expect(() => validateLab(broken, 'labs/08-configure-dont-hardcode/lab.ts')).toThrow(/lab\.ts is not a valid lab:\n {2}needs\.database: not something a target provides \(it provides: keyService, stack, backend\)/);
    expect(validateLab(lab8.lab, 'lab.ts').needs).toEqual({ keyService: { decryptDelayMs: 500 } });
  });

  const target = useEmbeddedTarget();

  it('a declared key service is provided by the target, set in the function\'s environment, and released at teardown', async () => {
    const { runtime } = await runtimeFor('nodejs');
    const deployment = await deployLab(target(), lab8.lab, 'nodejs', runtime, join(lab8.folder, 'solution', 'nodejs'), 'needs-key-service');
    const keys = deployment.needs.keyService!;
    try {
      expect(keys.delaysDecrypt).toBe(true);
      const { environment } = await deployment.function.configuration();
      expect(environment.AWS_ENDPOINT_URL_KMS).toBe(keys.environment.AWS_ENDPOINT_URL_KMS);
      expect(deployment.outputs.functions.Function).toEqual({ name: 'needs-key-service', arn: expect.stringMatching(/:function:needs-key-service$/) });
      expect(deployment.outputs.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      expect(await deployment.teardown()).toEqual([]);
    }
    // Released: the key service no longer answers, and the function is gone.
    await expect(fetch(`${keys.environment.AWS_ENDPOINT_URL_KMS}/`, { method: 'POST' })).rejects.toThrow();
    expect(target().service.listFunctions().map((f) => f.FunctionName)).not.toContain('needs-key-service');
  });

  it("a declared stack starts the lab's template around the learner's function, gives every function the stack's services, and goes at teardown", async () => {
    const lab1 = catalogue.find((e) => e.number === 1)!;
    const template = fileURLToPath(new URL('../fixtures/templates/lab-stack/stack.yaml', import.meta.url));
    const { runtime } = await runtimeFor('nodejs');
    const deployment = await deployLab(target(), { ...lab1.lab, needs: { stack: { template } } }, 'nodejs', runtime, join(lab1.folder, 'solution', 'nodejs'), 'needs-stack');
    const stack = deployment.needs.stack!;
    let callerName: string;
    try {
      const caller = stack.outputs.functions!.Caller as { name: string; arn: string };
      callerName = caller.name;
      const answer = await target().lambdaPort().invoke({ functionName: caller.name, payload: '{}' });
      expect(JSON.parse(answer.payload.toString())).toEqual({ learner: 'needs-stack', version: expect.stringMatching(/:function:needs-stack:1$/), dynamodb: stack.endpoint });
      const { environment } = await deployment.function.configuration();
      expect(environment.AWS_ENDPOINT_URL_SQS).toBe(stack.endpoint);
      // A service no stack runs (EventBridge): the answer says what is served, in AWS's JSON error shape.
      const refused = await fetch(stack.endpoint, { method: 'POST', headers: { 'x-amz-target': 'AWSEvents.PutEvents' }, body: '{}' });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ __type: 'UnknownOperationException', message: expect.stringContaining('does not serve X-Amz-Target AWSEvents.PutEvents') });
    } finally {
      expect(await deployment.teardown()).toEqual([]);
    }
    expect(target().service.listFunctions().map((f) => f.FunctionName)).not.toContain(callerName!);
    await expect(fetch(stack.endpoint, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('a stack is refused on AWS with what to do instead', async () => {
    const aws = { kind: 'aws', region: 'eu-west-1' } as LabTarget;
    await expect(openLabStack(aws, 10, { template: 'stack.yaml' })).rejects.toMatchObject({ type: 'NotOnAws', message: expect.stringContaining('--target endpoint') });
  });
});
