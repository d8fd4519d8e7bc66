// The DynamoDB GetItem helpers of the C# and Ruby runtimes (their SDKs come from NuGet and
// RubyGems, which this project cannot reach): a function started from a template reads the
// template's table through AWS_ENDPOINT_URL_DYNAMODB, gets the item as plain values, nothing for
// an unknown key, and DynamoDB's own error type for a table that does not exist.

import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { anyCredentials } from '../support/endpoint.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { json } from '../support/service.ts';
import { useStartedTemplate } from '../support/started-template.ts';

const rubyRuntime = runtimesUnderTest.find((r) => r.family === 'ruby')?.runtime;
const dotnetRuntime = runtimesUnderTest.find((r) => r.family === 'dotnet')?.runtime;

const rubyLookup = `require 'dojo_dynamodb'

def handler(event:, context:)
  item = DojoDynamoDB.get_item(table_name: event.fetch('table'), key: { 'token' => event.fetch('token') })
  { 'item' => item }
rescue DojoDynamoDB::Error => e
  { 'error' => e.message, 'type' => e.error_type }
end
`;

const csharpLookup = `using System.Collections.Generic;
using Amazon.Lambda.Core;
using LambdaDojo.DynamoDB;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Lookup
{
    public class Function
    {
        public Dictionary<string, object> Handler(Dictionary<string, object> input, ILambdaContext context)
        {
            try
            {
                var item = DynamoDbHelper.GetItem((string)input["table"], new Dictionary<string, object> { { "token", (string)input["token"] } });
                return new Dictionary<string, object> { { "item", item } };
            }
            catch (DynamoDbException e)
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
  Tokens:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: helper-tokens
      AttributeDefinitions: [{ AttributeName: token, AttributeType: S }]
      KeySchema: [{ AttributeName: token, KeyType: HASH }]
${functionResource('RubyLookup', rubyRuntime, 'lookup.handler')}${functionResource('CsharpLookup', dotnetRuntime, 'Lookup::Lookup.Function::Handler')}`;

const started = useStartedTemplate({ 'template.yaml': template, 'lookup.rb': rubyLookup, 'Function.cs': csharpLookup });

describe('the DynamoDB helpers of the C# and Ruby runtimes', () => {
  const helpers = [
    { language: 'Ruby', logicalId: 'RubyLookup', runtime: rubyRuntime },
    { language: 'C#', logicalId: 'CsharpLookup', runtime: dotnetRuntime },
  ];

  for (const helper of helpers) {
    const lookup = async (payload: Record<string, string>) => {
      const { endpoint, stack } = started();
      const out = await endpoint.service.invoke({ FunctionName: stack.functions[helper.logicalId]!.name, Payload: JSON.stringify(payload) });
      expect(out.FunctionError, String(out.Payload)).toBeUndefined();
      return json(out.Payload);
    };

    it.skipIf(!helper.runtime)(`${helper.language}: GetItem gives the stored item as plain values, and no item for an unknown key`, async () => {
      const { endpoint } = started();
      const client = new DynamoDBClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: anyCredentials });
      const token = `tok-${helper.logicalId}`;
      await client.send(new PutItemCommand({
        TableName: 'helper-tokens',
        Item: { token: { S: token }, userId: { S: 'ada' }, visits: { N: '3' }, score: { N: '2.5' }, admin: { BOOL: true }, tags: { L: [{ S: 'a' }, { N: '7' }] }, profile: { M: { city: { S: 'Oslo' } } } },
      }));
      expect(await lookup({ table: 'helper-tokens', token })).toEqual({
        item: { token, userId: 'ada', visits: 3, score: 2.5, admin: true, tags: ['a', 7], profile: { city: 'Oslo' } },
      });
      const unknown = await lookup({ table: 'helper-tokens', token: 'never-issued' });
      expect(unknown.error).toBeUndefined();
      expect(unknown.item ?? null).toBeNull();
    });

    it.skipIf(!helper.runtime)(`${helper.language}: a table that does not exist is DynamoDB's ResourceNotFoundException`, async () => {
      const answer = await lookup({ table: 'no-such-table', token: 'x' });
      expect(answer.type).toBe('ResourceNotFoundException');
      expect(answer.error).toMatch(/^ResourceNotFoundException: /);
    });
  }
});
