// A template with a distribution, started as serve starts it (functions deployed on a real
// LambdaService, stack parts through the service's Lambda port), from files written for the test.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ProtocolRegistry } from '../../../src/endpoint/protocols.ts';
import { SimulatedClock } from '../../../src/runtime/clock.ts';
import type { LambdaService } from '../../../src/runtime/service.ts';
import { deployTemplate } from '../../../src/template/deploy.ts';
import { loadTemplate } from '../../../src/template/load.ts';
import { startStackParts } from '../../../src/template/start-parts.ts';
import { servicePort } from '../../../src/triggers/ports/service-port.ts';

export interface EdgeStack {
  url: string;
  clock: SimulatedClock;
  log: string[];
  /** What the stack said as it started (what is not emulated, where it listens). */
  notices: string[];
  close(): Promise<void>;
}

let counter = 0;

/** Writes `files` (path -> text) into a fresh folder with `template.yaml`, and starts it. */
export async function startEdgeStack(service: LambdaService, template: string, files: Record<string, string>): Promise<EdgeStack> {
  const folder = mkdtempSync(join(tmpdir(), 'edge-test-'));
  for (const [path, text] of Object.entries({ 'template.yaml': template, ...files })) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  const plan = loadTemplate(join(folder, 'template.yaml'), { stackName: `edge${++counter}` });
  // Each stack its own function names: one service holds every test's functions.
  for (const fn of plan.functions) fn.properties.FunctionName = `${fn.logicalId}-${counter}`;
  const clock = new SimulatedClock();
  const log: string[] = [];
  const notices: string[] = [];
  try {
    const stack = await deployTemplate(plan, service, (event) => event.kind === 'notice' && notices.push(event.line));
    const parts = await startStackParts(plan, stack, { port: servicePort(service), endpointUrl: 'http://127.0.0.1:1', protocols: new ProtocolRegistry(), clock, log: (line) => log.push(line), notice: (line) => notices.push(line) });
    const distribution = Object.values(parts.outputs.distributions ?? {})[0] as { url: string };
    return { url: distribution.url, clock, log, notices, close: async () => (await parts.close(), rmSync(folder, { recursive: true, force: true })) };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

/** A distribution over an S3 folder origin, with the given associations on its default behaviour. */
export function siteTemplate(functions: string, associations: string, behavior = 'CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6'): string {
  return `Transform: AWS::Serverless-2016-10-31
Resources:
${functions}
  Site:
    Type: AWS::CloudFront::Distribution
    Metadata:
      LambdaDojo:
        LocalOrigins:
          bucket: ./public
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: bucket
            DomainName: site.s3.us-east-1.amazonaws.com
            S3OriginConfig: {}
        DefaultCacheBehavior:
          TargetOriginId: bucket
          ViewerProtocolPolicy: allow-all
          ${behavior}
          LambdaFunctionAssociations:
${associations}
`;
}

/** A Node.js edge function from inline code, with AutoPublishAlias so `!Ref Name.Version` works. */
export function nodeFunction(name: string, code: string, extra = ''): string {
  return `  ${name}:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      AutoPublishAlias: live
${extra.includes('Timeout:') ? '' : '      Timeout: 5\n'}${extra}      InlineCode: |
${code.split('\n').map((l) => `        ${l}`).join('\n')}
`;
}

export function association(eventType: string, fn: string, includeBody = false): string {
  return `            - EventType: ${eventType}
              LambdaFunctionARN: !Ref ${fn}.Version${includeBody ? '\n              IncludeBody: true' : ''}
`;
}
