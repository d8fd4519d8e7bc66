// DynamoDB on the endpoint, for the official SDKs: AWS JSON 1.0 (POST /, X-Amz-Target
// DynamoDB_20120810.<Operation>, Content-Type application/x-amz-json-1.0), answered in DynamoDB's
// error shape {"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "message": ...}
// with the x-amz-crc32 header DynamoDB sends (SDKs that check it, as boto3 does, find it right).
// Sources: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html

import { crc32 } from 'node:zlib';
import { batchGetItem, batchWriteItem } from '../../triggers/tables/batch.ts';
import { Placeholders } from '../../triggers/tables/expressions.ts';
import { projector, query, scan, type Request } from '../../triggers/tables/query.ts';
import { TableError, type TableErrorType } from '../../triggers/tables/table-error.ts';
import { describeTimeToLive, updateTimeToLive } from '../../triggers/tables/time-to-live.ts';
import { LocalTable } from '../../triggers/tables/table.ts';
import { parseTableDefinition } from '../../triggers/tables/table-definition.ts';
import { deleteItem, putItem, updateItem } from '../../triggers/tables/writes.ts';
import type { EndpointProtocol, ProtocolCall } from '../protocols.ts';

export const dynamoDbTargetPrefix = 'DynamoDB_20120810.';
const contentType = 'application/x-amz-json-1.0';

/** The namespaces DynamoDB puts before an exception's name in __type. [obs] in its responses. */
const errorNamespaces: Record<TableErrorType | 'UnknownOperationException', string> = {
  ValidationException: 'com.amazon.coral.validate#ValidationException',
  SerializationException: 'com.amazon.coral.service#SerializationException',
  UnknownOperationException: 'com.amazon.coral.service#UnknownOperationException',
  ResourceNotFoundException: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
  ResourceInUseException: 'com.amazonaws.dynamodb.v20120810#ResourceInUseException',
  ConditionalCheckFailedException: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
};

type Operation = (request: Request, tables: TableStore) => Record<string, unknown>;

export class TableStore {
  private readonly tables = new Map<string, LocalTable>();
  readonly region: string;
  readonly accountId: string;

  constructor(place: { region: string; accountId: string }) {
    this.region = place.region;
    this.accountId = place.accountId;
  }

  add(table: LocalTable): void {
    if (this.tables.has(table.name)) throw new TableError('ResourceInUseException', `Table already exists: ${table.name}`);
    this.tables.set(table.name, table);
  }

  remove(name: string): void {
    this.tables.delete(name);
  }

  names(): string[] {
    return [...this.tables.keys()].sort();
  }

  all(): LocalTable[] {
    return [...this.tables.values()];
  }

  /** The table a request names by TableName (its name or its ARN, as DynamoDB accepts both). */
  named(request: Request): LocalTable {
    const name = request.TableName;
    if (typeof name !== 'string') throw new TableError('ValidationException', "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
    const table = this.tables.get(name) ?? [...this.tables.values()].find((t) => t.arn === name);
    if (!table) throw new TableError('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`);
    return table;
  }
}

const operations: Record<string, Operation> = {
  GetItem(request, tables) {
    const table = tables.named(request);
    const placeholders = new Placeholders(request.ExpressionAttributeNames, request.ExpressionAttributeValues);
    const project = projector(request, placeholders);
    placeholders.checkAllUsed();
    const item = table.getItem(request.Key);
    return item ? { Item: project(item) } : {};
  },
  PutItem: (request, tables) => putItem(tables.named(request), request),
  DeleteItem: (request, tables) => deleteItem(tables.named(request), request),
  UpdateItem: (request, tables) => updateItem(tables.named(request), request),
  Query: (request, tables) => ({ ...query(tables.named(request), request) }),
  Scan: (request, tables) => ({ ...scan(tables.named(request), request) }),
  BatchGetItem: (request, tables) => batchGetItem(request, (name) => tables.named({ TableName: name })),
  BatchWriteItem: (request, tables) => batchWriteItem(request, (name) => tables.named({ TableName: name })),
  DescribeTable: (request, tables) => ({ Table: tables.named(request).describe() }),
  DescribeTimeToLive: (request, tables) => describeTimeToLive(tables.named(request)),
  UpdateTimeToLive: (request, tables) => updateTimeToLive(tables.named(request), request),
  ListTables: (_request, tables) => ({ TableNames: tables.names() }),
  // A table made through the API is ready at once; CreateTable still answers CREATING, as
  // DynamoDB does, so code that waits for ACTIVE (waitUntilTableExists) is exercised.
  CreateTable(request, tables) {
    const definition = parseTableDefinition(request, (field, rule) => {
      throw new TableError('ValidationException', `${field} ${rule}`);
    });
    const table = new LocalTable(definition, tables.region, tables.accountId);
    tables.add(table);
    return { TableDescription: { ...table.describe(), TableStatus: 'CREATING' } };
  },
  DeleteTable(request, tables) {
    const table = tables.named(request);
    tables.remove(table.name);
    return { TableDescription: { ...table.describe(), TableStatus: 'DELETING' } };
  },
};

export const dynamoDbOperations = Object.keys(operations);

function send(call: ProtocolCall, status: number, body: object): void {
  const bytes = Buffer.from(JSON.stringify(body));
  call.res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': bytes.length,
    'x-amzn-RequestId': call.requestId,
    'x-amz-crc32': String(crc32(bytes)),
  });
  call.res.end(bytes);
}

export function dynamoDbProtocol(tables: TableStore): EndpointProtocol {
  return {
    name: 'DynamoDB',
    operations: dynamoDbOperations,
    claims: (request) => request.target?.startsWith(dynamoDbTargetPrefix) ?? false,
    async answer(call) {
      const name = call.target!.slice(dynamoDbTargetPrefix.length);
      const fail = (type: keyof typeof errorNamespaces, message: string, extra: Record<string, unknown> = {}) => {
        send(call, 400, { __type: errorNamespaces[type], message, ...extra });
        return `DynamoDB ${name} 400 ${type}`;
      };
      const operation = operations[name];
      if (!operation) return fail('UnknownOperationException', `The local table serves ${dynamoDbOperations.join(', ')}; not ${name}.`);
      let request: Request;
      try {
        const parsed: unknown = JSON.parse(call.body.toString('utf8') || '{}');
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return fail('SerializationException', `${name} takes a JSON object, not ${JSON.stringify(parsed)}.`);
        request = parsed as Request;
      } catch (error) {
        return fail('SerializationException', `The request body is not JSON: ${(error as Error).message}`);
      }
      try {
        const answer = operation(request, tables);
        send(call, 200, answer);
        const table = typeof request.TableName === 'string' ? ` ${request.TableName}` : '';
        return `DynamoDB ${name}${table} 200`;
      } catch (error) {
        if (error instanceof TableError) return fail(error.type, error.message, error.extra);
        throw error;
      }
    },
  };
}
