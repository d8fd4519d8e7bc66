// A template's functions reach its tables as they would on AWS: the table name from !Ref in their
// variables, the SDK their runtime includes (SDK v3 in Node.js, boto3 in Python, which checks
// DynamoDB's x-amz-crc32 header) configured by nothing but AWS_ENDPOINT_URL. And a table the
// template declares wrongly is refused before anything starts, naming the property and the fix.

import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEndpoint } from '../../src/endpoint/server.ts';
import { installedRuntimeSdk, runtimeSdkFor } from '../../src/runtime/runtimes/runtime-sdks.ts';
import { deployTemplate } from '../../src/template/deploy.ts';
import { loadTemplate } from '../../src/template/load.ts';
import { startStackParts } from '../../src/template/start-parts.ts';
import { servicePort } from '../../src/triggers/ports/service-port.ts';
import { anyCredentials } from '../support/endpoint.ts';
import { requireEverything } from '../support/requirements.ts';
import { json } from '../support/service.ts';
import { useStartedTemplate } from '../support/started-template.ts';

const nodeRuntime = `nodejs${process.versions.node.split('.')[0]}.x`;

const nodeLookup = `
const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const db = new DynamoDBClient({});
exports.handler = async (event) => {
  const out = await db.send(new GetItemCommand({ TableName: process.env.TABLE, Key: { token: { S: event.token } } }));
  return { table: process.env.TABLE, user: out.Item ? out.Item.user.S : null };
};
`;

const pythonLookup = `
import os, boto3
table = boto3.resource('dynamodb').Table(os.environ['TABLE'])
def handler(event, context):
    item = table.get_item(Key={'token': event['token']}).get('Item')
    return {'table': os.environ['TABLE'], 'user': item['user'] if item else None}
`;

const indent = (code: string) => code.trim().split('\n').map((l) => `        ${l}`).join('\n');

const template = `
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 30
    Environment:
      Variables:
        TABLE: !Ref Tokens
Resources:
  Tokens:
    Type: AWS::Serverless::SimpleTable
    Properties:
      PrimaryKey: { Name: token, Type: String }
  NodeLookup:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: ${nodeRuntime}
      Handler: index.handler
      InlineCode: |
${indent(nodeLookup)}
  PythonLookup:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: |
${indent(pythonLookup)}
`;

const started = useStartedTemplate({ 'template.yaml': template });

describe("a function's own SDK reads the template's table through AWS_ENDPOINT_URL", () => {
  const cases = [
    { family: 'nodejs', logicalId: 'NodeLookup' },
    { family: 'python', logicalId: 'PythonLookup' },
  ];
  for (const c of cases) {
    const sdk = runtimeSdkFor(c.family)!;
    it.runIf(requireEverything || Boolean(installedRuntimeSdk(sdk)))(`${sdk.title} finds the token the test stored, and no user for an unknown one`, async () => {
      const { endpoint, stack, parts } = started();
      const tableName = (parts.outputs.tables!.Tokens as { name: string }).name;
      const client = new DynamoDBClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: anyCredentials });
      await client.send(new PutItemCommand({ TableName: tableName, Item: { token: { S: `t-${c.family}` }, user: { S: `user-${c.family}` } } }));
      const name = stack.functions[c.logicalId]!.name;
      const found = await endpoint.service.invoke({ FunctionName: name, Payload: JSON.stringify({ token: `t-${c.family}` }) });
      expect(found.FunctionError, found.Payload.toString('utf8')).toBeUndefined();
      expect(json(found.Payload)).toEqual({ table: tableName, user: `user-${c.family}` });
      const unknown = await endpoint.service.invoke({ FunctionName: name, Payload: JSON.stringify({ token: 'never-issued' }) });
      expect(json(unknown.Payload)).toEqual({ table: tableName, user: null });
    });
  }
});

describe('a table declared wrongly is refused before anything starts', () => {
  const attempt = async (tableProperties: string): Promise<string> => {
    const folder = mkdtempSync(join(tmpdir(), 'table-template-'));
    const endpoint = await startEndpoint();
    try {
      writeFileSync(join(folder, 'template.yaml'), `Resources:\n  Users:\n    Type: AWS::DynamoDB::Table\n    Properties:\n${tableProperties}`);
      const plan = loadTemplate(join(folder, 'template.yaml'));
      const stack = await deployTemplate(plan, endpoint.service);
      const parts = await startStackParts(plan, stack, { port: servicePort(endpoint.service), endpointUrl: endpoint.url, protocols: endpoint.protocols });
      await parts.close();
      return 'started';
    } catch (error) {
      return (error as Error).message;
    } finally {
      await endpoint.close();
      rmSync(folder, { recursive: true, force: true });
    }
  };

  it('names a missing KeySchema, a key attribute without definition, a definition no key uses, and an unknown property', async () => {
    expect(await attempt('      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]\n')).toMatch(/Users Properties\.KeySchema: must list the partition key/);
    expect(await attempt('      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]\n      KeySchema: [{ AttributeName: email, KeyType: HASH }]\n')).toMatch(
      /Users Properties\.AttributeDefinitions: does not define the key attribute email/,
    );
    expect(await attempt('      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }, { AttributeName: age, AttributeType: N }]\n      KeySchema: [{ AttributeName: id, KeyType: HASH }]\n')).toMatch(
      /defines age, which no key uses/,
    );
    expect(await attempt('      AttributeDefinitions: [{ AttributeName: id, AttributeType: X }]\n      KeySchema: [{ AttributeName: id, KeyType: HASH }]\n')).toMatch(/AttributeDefinitions\[0\]: must be \{AttributeName: <name>, AttributeType: S \| N \| B\}/);
    expect(await attempt('      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]\n      KeySchema: [{ AttributeName: id, KeyType: HASH }]\n      Keyschema: []\n')).toMatch(/Properties\.Keyschema: is not a property of AWS::DynamoDB::Table/);
    expect(await attempt('      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]\n      KeySchema: [{ AttributeName: id, KeyType: HASH }]\n')).toBe('started');
  });
});
