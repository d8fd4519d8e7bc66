// What CloudFront refuses when a distribution is created: associations that name $LATEST or an
// alias, functions outside Lambda@Edge's runtimes, with environment variables or layers, viewer
// functions over 128 MB or 5 s. The stack does not start, and the message names the rule.

import { afterAll, describe, expect, it } from 'vitest';
import { useService } from '../../support/service.ts';
import { nodeFunction, siteTemplate, startEdgeStack, type EdgeStack } from './edge-stack.ts';

const service = useService();
const stacks: EdgeStack[] = [];
afterAll(async () => {
  for (const s of stacks) await s.close();
});

const code = 'exports.handler = async (e) => e.Records[0].cf.request;';
const files = { 'public/index.html': 'home' };
const associate = (eventType: string, arn: string) => `            - EventType: ${eventType}\n              LambdaFunctionARN: ${arn}\n`;

async function refusal(functions: string, associations: string): Promise<string> {
  try {
    stacks.push(await startEdgeStack(service(), siteTemplate(functions, associations), files));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the distribution started');
}

describe('associations CloudFront refuses at creation', () => {
  it('refuses $LATEST (an unqualified ARN)', async () => {
    expect(await refusal(nodeFunction('Fn', code), associate('viewer-request', '!GetAtt Fn.Arn'))).toContain('The function ARN must reference a specific function version. (The ARN must end with the version number.)');
  });

  it('refuses an alias', async () => {
    expect(await refusal(nodeFunction('Fn', code), associate('viewer-request', '!Ref Fn.Alias'))).toMatch(/'live' is an alias, not a version/);
  });

  it('refuses a function with environment variables', async () => {
    const message = await refusal(nodeFunction('Fn', code, '      Environment: { Variables: { STAGE: prod } }\n'), associate('viewer-request', '!Ref Fn.Version'));
    expect(message).toContain('The function cannot have environment variables (it has STAGE)');
  });

  it('refuses a viewer function with more than 128 MB, and takes it on origin-request', async () => {
    const big = nodeFunction('Fn', code, '      MemorySize: 256\n');
    expect(await refusal(big, associate('viewer-request', '!Ref Fn.Version'))).toContain('256 Max allowed: 128');
    stacks.push(await startEdgeStack(service(), siteTemplate(big, associate('origin-request', '!Ref Fn.Version')), files));
  });

  it('refuses a viewer function with a timeout over 5 s, and an origin function over 30 s', async () => {
    const fn = (timeout: number) => nodeFunction('Fn', code, `      Timeout: ${timeout}\n`);
    expect(await refusal(fn(10), associate('viewer-request', '!Ref Fn.Version'))).toContain('10 Max allowed: 5');
    expect(await refusal(fn(31), associate('origin-response', '!Ref Fn.Version'))).toContain('31 Max allowed: 30');
  });

  it('refuses a viewer function whose package is over 1 MB, and takes it on origin-request', async () => {
    const big = `  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      AutoPublishAlias: live
      CodeUri: big/
`;
    const withBlob = { ...files, 'big/index.js': code, 'big/data.txt': 'x'.repeat(1100 * 1024) };
    let message = '';
    try {
      stacks.push(await startEdgeStack(service(), siteTemplate(big, associate('viewer-request', '!Ref Fn.Version')), withBlob));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/The function code size is larger than the maximum allowed for functions that are triggered by a CloudFront viewer event: \d+ bytes\. Max allowed: 1 MB/);
    stacks.push(await startEdgeStack(service(), siteTemplate(big, associate('origin-request', '!Ref Fn.Version')), withBlob));
  });

  it('refuses a runtime other than Node.js and Python', async () => {
    const ruby = `  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: ruby3.3
      Handler: index.handler
      AutoPublishAlias: live
      CodeUri: ruby/
`;
    let message = '';
    try {
      stacks.push(await startEdgeStack(service(), siteTemplate(ruby, associate('viewer-request', '!Ref Fn.Version')), { ...files, 'ruby/index.rb': 'def handler(event:, context:) = event' }));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('a runtime that Lambda@Edge does not support (ruby3.3)');
  });

  it('publishes an AWS::Lambda::Version and takes its ARN', async () => {
    const withVersion = `${nodeFunction('Fn', code).replace('      AutoPublishAlias: live\n', '')}  FnVersion:
    Type: AWS::Lambda::Version
    Properties:
      FunctionName: !Ref Fn
`;
    const stack = await startEdgeStack(service(), siteTemplate(withVersion, associate('viewer-request', '!Ref FnVersion')), files);
    stacks.push(stack);
    expect((await fetch(`${stack.url}/index.html`)).status).toBe(200);
    expect(stack.log.at(-1)).toMatch(/viewer-request\(Fn-\d+:1\)/);
  });
});
