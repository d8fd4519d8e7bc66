// The outputs file serve writes: each section maps a logical id to what a script passes on (a
// URL, a stream's name), so `jq -r .queues.Work endpoints.json` is a queue URL; the rest of what
// the stack knows about the resource is kept under details.

import { describe, expect, it } from 'vitest';
import { emptyStack } from '../../src/template/deploy.ts';
import { serveOutputs } from '../../src/template/outputs.ts';

describe('the outputs file', () => {
  it('maps queues, distributions and APIs to URLs and streams to names, with the rest under details', () => {
    const outputs = serveOutputs('http://127.0.0.1:4566', emptyStack, {
      queues: { Work: { url: 'http://127.0.0.1:4566/123456789012/Work', arn: 'arn:aws:sqs:us-east-1:123456789012:Work', name: 'Work' } },
      streams: { Events: { name: 'Events-1', arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/Events-1', shards: 2 } },
      distributions: { Site: { url: 'http://127.0.0.1:40000', id: 'E123', domainName: 'd123.cloudfront.net' } },
      apis: { Api: 'http://127.0.0.1:40001/Prod' },
      alarms: { Errors: { state: 'OK' } },
    });
    expect(outputs).toMatchObject({
      endpoint: 'http://127.0.0.1:4566',
      queues: { Work: 'http://127.0.0.1:4566/123456789012/Work' },
      streams: { Events: 'Events-1' },
      distributions: { Site: 'http://127.0.0.1:40000' },
      apis: { Api: 'http://127.0.0.1:40001/Prod' },
      alarms: { Errors: { state: 'OK' } },
      details: { queues: { Work: { arn: 'arn:aws:sqs:us-east-1:123456789012:Work' } }, streams: { Events: { shards: 2 } }, distributions: { Site: { id: 'E123' } } },
    });
    expect(outputs.details).not.toHaveProperty('apis');
  });
});
