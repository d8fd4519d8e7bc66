// The SQS helpers of the C# and Ruby runtimes (their SDKs come from NuGet and RubyGems, which this
// project cannot reach): a function started from a template finds the template's queue by name and
// sends a message to it through AWS_ENDPOINT_URL_SQS, carrying the invocation's trace header as the
// SDKs do inside Lambda (what recursive loop detection follows), and gets SQS's own error type for
// a queue that does not exist.

import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { anyCredentials } from '../support/endpoint.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { json } from '../support/service.ts';
import { useStartedTemplate } from '../support/started-template.ts';

const rubyRuntime = runtimesUnderTest.find((r) => r.family === 'ruby')?.runtime;
const dotnetRuntime = runtimesUnderTest.find((r) => r.family === 'dotnet')?.runtime;

const rubySender = `require 'dojo_sqs'

def handler(event:, context:)
  url = DojoSQS.get_queue_url(queue_name: event.fetch('queue'))
  { 'url' => url, 'messageId' => DojoSQS.send_message(queue_url: url, message_body: event.fetch('body')) }
rescue DojoSQS::Error => e
  { 'error' => e.message, 'type' => e.error_type }
end
`;

const csharpSender = `using System.Collections.Generic;
using Amazon.Lambda.Core;
using LambdaDojo.Sqs;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Sender
{
    public class Function
    {
        public Dictionary<string, object> Handler(Dictionary<string, object> input, ILambdaContext context)
        {
            try
            {
                var url = SqsHelper.GetQueueUrl((string)input["queue"]);
                return new Dictionary<string, object> { { "url", url }, { "messageId", SqsHelper.SendMessage(url, (string)input["body"]) } };
            }
            catch (SqsException e)
            {
                return new Dictionary<string, object> { { "error", e.Message }, { "type", e.ErrorType } };
            }
        }
    }
}
`;

const functionResource = (id: string, runtime: string | undefined, handler: string) =>
  runtime ? `  ${id}:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: ./\n      Runtime: ${runtime}\n      Handler: ${handler}\n      Timeout: 30\n` : '';

const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  RubyInbox:
    Type: AWS::SQS::Queue
    Properties: { QueueName: helper-inbox-ruby }
  CsharpInbox:
    Type: AWS::SQS::Queue
    Properties: { QueueName: helper-inbox-csharp }
${functionResource('RubySender', rubyRuntime, 'sender.handler')}${functionResource('CsharpSender', dotnetRuntime, 'Sender::Sender.Function::Handler')}`;

const started = useStartedTemplate({ 'template.yaml': template, 'sender.rb': rubySender, 'Function.cs': csharpSender });

describe('the SQS helpers of the C# and Ruby runtimes', () => {
  const helpers = [
    { language: 'Ruby', logicalId: 'RubySender', runtime: rubyRuntime, queue: 'helper-inbox-ruby' },
    { language: 'C#', logicalId: 'CsharpSender', runtime: dotnetRuntime, queue: 'helper-inbox-csharp' },
  ];

  for (const helper of helpers) {
    const send = async (payload: Record<string, string>) => {
      const { endpoint, stack } = started();
      const out = await endpoint.service.invoke({ FunctionName: stack.functions[helper.logicalId]!.name, Payload: JSON.stringify(payload) });
      expect(out.FunctionError, String(out.Payload)).toBeUndefined();
      return json(out.Payload);
    };

    it.skipIf(!helper.runtime)(`${helper.language}: SendMessage puts the body on the named queue with the invocation's trace header as AWSTraceHeader`, async () => {
      const { endpoint } = started();
      const body = `{"orderId":"o-${helper.logicalId}","hops":1}`;
      const sent = await send({ queue: helper.queue, body });
      expect(sent.error).toBeUndefined();
      expect(sent.url).toMatch(new RegExp(`/${helper.queue}$`));
      const client = new SQSClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: anyCredentials });
      try {
        const { Messages = [] } = await client.send(new ReceiveMessageCommand({ QueueUrl: sent.url as string, MessageSystemAttributeNames: ['AWSTraceHeader'], WaitTimeSeconds: 1 }));
        expect(Messages.map((m) => ({ id: m.MessageId, body: m.Body }))).toEqual([{ id: sent.messageId, body }]);
        // Lambda gave the invocation a trace header with a lineage; the helper sent it on, so SQS kept it.
        expect(Messages[0]!.Attributes?.AWSTraceHeader).toMatch(/Root=1-[0-9a-f]{8}-[0-9a-f]{24}.*Lineage=[0-9a-f]{8}:0/);
      } finally {
        client.destroy();
      }
    });

    it.skipIf(!helper.runtime)(`${helper.language}: a queue that does not exist is SQS's QueueDoesNotExist`, async () => {
      const answer = await send({ queue: 'no-such-queue', body: 'x' });
      expect(answer.type).toBe('QueueDoesNotExist');
      expect(answer.error).toMatch(/^QueueDoesNotExist: /);
    });
  }
});
