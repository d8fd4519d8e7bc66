// The message half of SQS's JSON protocol: SendMessage(Batch), ReceiveMessage, DeleteMessage(Batch),
// ChangeMessageVisibility(Batch). Request and answer members as the SQS API reference names them;
// batch rules from SendMessageBatch / DeleteMessageBatch (up to 10 entries, distinct ids of up to
// 80 of A-Z a-z 0-9 - _, a batch of at most 1 MiB in all).

import { md5OfAttributes, type SqsAttributes } from '../../triggers/event-sources/sqs-message.ts';
import { SqsError } from '../../triggers/event-sources/sqs-error.ts';
import type { SqsQueue, SqsReceivedMessage, SqsSendInput } from '../../triggers/event-sources/sqs-queue.ts';
import type { SqsQueues } from '../../triggers/event-sources/sqs-registry.ts';

export type Input = Record<string, unknown>;

export interface SqsCallContext {
  /** X-Amzn-Trace-Id of the request (the SDK sets it inside Lambda): SQS keeps it as AWSTraceHeader. */
  traceHeader?: string;
  /** The caller, as SenderId shows it (the access key id of the request's credentials here). */
  senderId: string;
  signal: AbortSignal;
}

const maxBatchEntries = 10;
/** A batch's messages add up to at most 1 MiB, whatever the queue's MaximumMessageSize. */
const maxBatchBytes = 1_048_576;
const batchEntryId = /^[A-Za-z0-9_-]{1,80}$/;

function wireAttributes(value: unknown, member: string): SqsAttributes {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') throw new SqsError('InvalidParameterValue', `${member} must be a map of name to {DataType, StringValue | BinaryValue}.`);
  const attributes: SqsAttributes = {};
  for (const [name, raw] of Object.entries(value as Record<string, Record<string, unknown>>)) {
    const attribute: SqsAttributes[string] = { dataType: String(raw?.DataType ?? '') };
    if (typeof raw?.StringValue === 'string') attribute.stringValue = raw.StringValue;
    if (typeof raw?.BinaryValue === 'string') attribute.binaryValue = Buffer.from(raw.BinaryValue, 'base64');
    attributes[name] = attribute;
  }
  return attributes;
}

function toWire(attributes: SqsAttributes): Record<string, object> {
  return Object.fromEntries(Object.entries(attributes).map(([name, a]) => [name, {
    DataType: a.dataType,
    ...(a.stringValue !== undefined ? { StringValue: a.stringValue } : {}),
    ...(a.binaryValue !== undefined ? { BinaryValue: a.binaryValue.toString('base64') } : {}),
  }]));
}

function optionalInteger(input: Input, member: string): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new SqsError('InvalidParameterValue', `${member} ${JSON.stringify(value)} must be a whole number.`);
  return value;
}

function optionalString(input: Input, member: string): string | undefined {
  const value = input[member];
  return typeof value === 'string' ? value : undefined;
}

function sendInput(entry: Input, call: SqsCallContext): { input: SqsSendInput; systemMd5?: string } {
  const system = wireAttributes(entry.MessageSystemAttributes, 'MessageSystemAttributes');
  for (const name of Object.keys(system)) {
    if (name !== 'AWSTraceHeader') throw new SqsError('InvalidParameterValue', `Message system attribute ${name} is not supported; the only one is AWSTraceHeader.`);
  }
  const trace = system.AWSTraceHeader?.stringValue ?? call.traceHeader;
  const input: SqsSendInput = {
    body: entry.MessageBody as string,
    messageAttributes: wireAttributes(entry.MessageAttributes, 'MessageAttributes'),
    senderId: call.senderId,
  };
  const delay = optionalInteger(entry, 'DelaySeconds');
  if (delay !== undefined) input.delaySeconds = delay;
  if (trace) input.traceHeader = trace;
  const groupId = optionalString(entry, 'MessageGroupId');
  if (groupId !== undefined) input.messageGroupId = groupId;
  const dedupId = optionalString(entry, 'MessageDeduplicationId');
  if (dedupId !== undefined) input.messageDeduplicationId = dedupId;
  const systemMd5 = md5OfAttributes(system);
  return systemMd5 ? { input, systemMd5 } : { input };
}

export function sendMessage(queues: SqsQueues, input: Input, call: SqsCallContext): object {
  const queue = queues.require(input.QueueUrl as string);
  const { input: send, systemMd5 } = sendInput(input, call);
  const sent = queue.send(send);
  return {
    MessageId: sent.messageId,
    MD5OfMessageBody: sent.md5OfMessageBody,
    ...(sent.md5OfMessageAttributes ? { MD5OfMessageAttributes: sent.md5OfMessageAttributes } : {}),
    ...(systemMd5 ? { MD5OfMessageSystemAttributes: systemMd5 } : {}),
    ...(sent.sequenceNumber ? { SequenceNumber: sent.sequenceNumber } : {}),
  };
}

/** Checks a batch's entries as SQS does before any entry runs. */
function batchEntries(input: Input): Input[] {
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length === 0) throw new SqsError('EmptyBatchRequest', 'There should be at least one entry in the request (Entries is empty).');
  if (entries.length > maxBatchEntries) throw new SqsError('TooManyEntriesInBatchRequest', `The batch has ${entries.length} entries; SQS takes at most ${maxBatchEntries}. Split it.`);
  const seen = new Set<string>();
  for (const entry of entries as Input[]) {
    const id = entry?.Id;
    if (typeof id !== 'string' || !batchEntryId.test(id)) throw new SqsError('InvalidBatchEntryId', `Batch entry id ${JSON.stringify(id)} must be 1 to 80 of A-Z a-z 0-9 - _.`);
    if (seen.has(id)) throw new SqsError('BatchEntryIdsNotDistinct', `Batch entry id ${id} is used twice; ids must be distinct within a request.`);
    seen.add(id);
  }
  return entries as Input[];
}

function failed(id: string, error: unknown): object {
  const e = error instanceof SqsError ? error : new SqsError('InvalidParameterValue', (error as Error).message);
  return { Id: id, SenderFault: true, Code: e.code, Message: e.message };
}

export function sendMessageBatch(queues: SqsQueues, input: Input, call: SqsCallContext): object {
  const queue = queues.require(input.QueueUrl as string);
  const entries = batchEntries(input);
  const total = entries.reduce((sum, e) => sum + Buffer.byteLength(String(e.MessageBody ?? '')) + attributeBytes(e.MessageAttributes), 0);
  const limit = maxBatchBytes;
  if (total > limit) throw new SqsError('BatchRequestTooLong', `The batch's messages add up to ${total} bytes; a batch may carry at most ${limit} bytes in all. Send fewer or smaller messages per batch.`);
  const Successful: object[] = [];
  const Failed: object[] = [];
  for (const entry of entries) {
    try {
      const { input: send, systemMd5 } = sendInput(entry, call);
      const sent = queue.send(send);
      Successful.push({
        Id: entry.Id,
        MessageId: sent.messageId,
        MD5OfMessageBody: sent.md5OfMessageBody,
        ...(sent.md5OfMessageAttributes ? { MD5OfMessageAttributes: sent.md5OfMessageAttributes } : {}),
        ...(systemMd5 ? { MD5OfMessageSystemAttributes: systemMd5 } : {}),
        ...(sent.sequenceNumber ? { SequenceNumber: sent.sequenceNumber } : {}),
      });
    } catch (error) {
      Failed.push(failed(entry.Id as string, error));
    }
  }
  return { Successful, Failed };
}

function attributeBytes(value: unknown): number {
  if (!value || typeof value !== 'object') return 0;
  let size = 0;
  for (const [name, a] of Object.entries(value as Record<string, Record<string, unknown>>)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(String(a?.DataType ?? ''));
    if (typeof a?.StringValue === 'string') size += Buffer.byteLength(a.StringValue);
    if (typeof a?.BinaryValue === 'string') size += Buffer.from(a.BinaryValue, 'base64').length;
  }
  return size;
}

/** Names asked for: "All" (or ".*" for message attributes), exact names, or "prefix.*". */
function selects(asked: unknown, name: string): boolean {
  if (!Array.isArray(asked)) return false;
  return asked.some((a) => a === 'All' || a === '.*' || a === name || (typeof a === 'string' && a.endsWith('.*') && name.startsWith(a.slice(0, -1))));
}

function answerMessage(message: SqsReceivedMessage, input: Input): object {
  const systemAsked = [...(Array.isArray(input.AttributeNames) ? input.AttributeNames : []), ...(Array.isArray(input.MessageSystemAttributeNames) ? input.MessageSystemAttributeNames : [])];
  const attributes = Object.fromEntries(Object.entries(message.attributes).filter(([name]) => selects(systemAsked, name)));
  const messageAttributes = Object.fromEntries(Object.entries(message.messageAttributes).filter(([name]) => selects(input.MessageAttributeNames, name)));
  const md5 = md5OfAttributes(messageAttributes);
  return {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
    ...(md5 ? { MD5OfMessageAttributes: md5, MessageAttributes: toWire(messageAttributes) } : {}),
  };
}

export async function receiveMessage(queues: SqsQueues, input: Input, call: SqsCallContext): Promise<object> {
  const queue = queues.require(input.QueueUrl as string);
  const options: Parameters<SqsQueue['receive']>[0] = { signal: call.signal };
  const max = optionalInteger(input, 'MaxNumberOfMessages');
  if (max !== undefined) options.maxMessages = max;
  const visibility = optionalInteger(input, 'VisibilityTimeout');
  if (visibility !== undefined) options.visibilityTimeoutSeconds = visibility;
  const wait = optionalInteger(input, 'WaitTimeSeconds');
  if (wait !== undefined) options.waitTimeSeconds = wait;
  const messages = await queue.receive(options);
  return messages.length === 0 ? {} : { Messages: messages.map((m) => answerMessage(m, input)) };
}

export function deleteMessage(queues: SqsQueues, input: Input): object {
  const queue = queues.require(input.QueueUrl as string);
  if (typeof input.ReceiptHandle !== 'string') throw new SqsError('MissingParameter', 'The request must contain the parameter ReceiptHandle.');
  queue.deleteMessage(input.ReceiptHandle);
  return {};
}

export function changeMessageVisibility(queues: SqsQueues, input: Input): object {
  const queue = queues.require(input.QueueUrl as string);
  if (typeof input.ReceiptHandle !== 'string') throw new SqsError('MissingParameter', 'The request must contain the parameter ReceiptHandle.');
  const seconds = optionalInteger(input, 'VisibilityTimeout');
  if (seconds === undefined) throw new SqsError('MissingParameter', 'The request must contain the parameter VisibilityTimeout.');
  queue.changeVisibility(input.ReceiptHandle, seconds);
  return {};
}

/** DeleteMessageBatch and ChangeMessageVisibilityBatch: each entry on its own, failures listed. */
export function eachEntry(queues: SqsQueues, input: Input, run: (queue: SqsQueue, entry: Input) => void): object {
  const queue = queues.require(input.QueueUrl as string);
  const Successful: object[] = [];
  const Failed: object[] = [];
  for (const entry of batchEntries(input)) {
    try {
      run(queue, entry);
      Successful.push({ Id: entry.Id });
    } catch (error) {
      Failed.push(failed(entry.Id as string, error));
    }
  }
  return { Successful, Failed };
}

export const deleteMessageBatch = (queues: SqsQueues, input: Input): object =>
  eachEntry(queues, input, (queue, entry) => queue.deleteMessage(entry.ReceiptHandle as string));

export const changeMessageVisibilityBatch = (queues: SqsQueues, input: Input): object =>
  eachEntry(queues, input, (queue, entry) => queue.changeVisibility(entry.ReceiptHandle as string, entry.VisibilityTimeout as number));
