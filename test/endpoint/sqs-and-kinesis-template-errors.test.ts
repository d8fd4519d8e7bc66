// A queue or stream a template declares wrongly is refused before the stack serves anything, in
// one line naming the file, the resource, the property and the rule; nothing is left behind.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deployTemplate } from '../../src/template/deploy.ts';
import { loadTemplate } from '../../src/template/load.ts';
import { startStackParts } from '../../src/template/start-parts.ts';
import { servicePort } from '../../src/triggers/ports/service-port.ts';
import { useEndpoint } from '../support/endpoint.ts';

const endpoint = useEndpoint();
const root = mkdtempSync(join(tmpdir(), 'queue-stream-errors-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

async function refusal(resources: string): Promise<string> {
  const folder = join(root, `t${++count}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'template.yaml'), `Resources:\n${resources}`);
  const plan = loadTemplate(join(folder, 'template.yaml'));
  const stack = await deployTemplate(plan, endpoint().service);
  const before = endpoint().protocols.list().length;
  try {
    const parts = await startStackParts(plan, stack, { port: servicePort(endpoint().service), endpointUrl: endpoint().url, protocols: endpoint().protocols });
    await parts.close();
  } catch (error) {
    expect(endpoint().protocols.list()).toHaveLength(before);
    return (error as Error).message;
  }
  throw new Error('the template was accepted');
}

describe('queue and stream template errors name the resource, property and rule', () => {
  it('a RedrivePolicy naming a queue that does not exist', async () => {
    const message = await refusal(`  Orders:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: { deadLetterTargetArn: arn:aws:sqs:us-east-1:123456789012:missing, maxReceiveCount: 3 }
`);
    expect(message).toMatch(/template\.yaml: Orders Properties\.RedrivePolicy: .*missing, which does not exist\. Create the dead-letter queue first\./);
  });

  it('a FIFO queue whose dead-letter queue is a standard queue', async () => {
    const message = await refusal(`  Dead:
    Type: AWS::SQS::Queue
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      FifoQueue: true
      RedrivePolicy: { deadLetterTargetArn: !GetAtt Dead.Arn, maxReceiveCount: 3 }
`);
    expect(message).toMatch(/Jobs Properties\.RedrivePolicy: RedrivePolicy of Jobs-[0-9A-F]{12}\.fifo: the dead-letter queue of a FIFO queue must also be a FIFO queue/);
  });

  it('a VisibilityTimeout out of range, and a property the queue does not take', async () => {
    expect(await refusal(`  Q:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 43201
`)).toMatch(/Q Properties.VisibilityTimeout: Invalid value for the parameter VisibilityTimeout: "43201"\. It must be a whole number of seconds from 0 to 43200\./);
    expect(await refusal(`  Q:
    Type: AWS::SQS::Queue
    Properties:
      Visibility: 30
`)).toMatch(/Q Properties\.Visibility: is not a property of AWS::SQS::Queue/);
  });

  it('a PROVISIONED stream without ShardCount, and a retention under 24 hours', async () => {
    expect(await refusal(`  S:
    Type: AWS::Kinesis::Stream
    Properties:
      StreamModeDetails: { StreamMode: PROVISIONED }
`)).toMatch(/S Properties\.ShardCount: Stream S-[0-9A-F]{12} is PROVISIONED and needs a ShardCount/);
    expect(await refusal(`  S:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
      RetentionPeriodHours: 12
`)).toMatch(/S Properties\.RetentionPeriodHours: RetentionPeriodHours 12 must be a whole number from 24 to 8760\./);
  });
});
