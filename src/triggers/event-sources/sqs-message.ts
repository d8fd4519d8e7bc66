// What an SQS message is made of, and the rules AWS checks on it before it is queued: the body's
// characters, message attributes, the size limit, and the MD5 digests SQS answers with (the SDKs
// check MD5OfMessageBody against what they sent, so these must be exact).
// Sources: SQS API reference SendMessage and MessageAttributeValue (as in @aws-sdk/client-sqs's
// model docs); SQS Developer Guide sqs-message-metadata.html ("Calculating the MD5 message digest
// for message attributes").

import { createHash } from 'node:crypto';
import { SqsError } from './sqs-error.ts';

/** A message attribute, as SendMessage takes it (binary already decoded from base64). */
export interface SqsAttributeValue {
  dataType: string;
  stringValue?: string;
  binaryValue?: Buffer;
}

export type SqsAttributes = Record<string, SqsAttributeValue>;

/** At most 10 message attributes per message (SendMessage, MessageAttributes). */
export const maxMessageAttributes = 10;

/** The MD5 SQS gives for a body: hex of its UTF-8 bytes. */
export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * The MD5 of message attributes: for each attribute in name order, its name, data type, a
 * transport byte (1 string/number, 2 binary) and its value, each length-prefixed (4 bytes, big-endian).
 */
export function md5OfAttributes(attributes: SqsAttributes): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  for (const name of names) {
    const value = attributes[name]!;
    hash.update(lengthPrefixed(Buffer.from(name, 'utf8')));
    hash.update(lengthPrefixed(Buffer.from(value.dataType, 'utf8')));
    if (value.binaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      hash.update(lengthPrefixed(value.binaryValue));
    } else {
      hash.update(Buffer.from([1]));
      hash.update(lengthPrefixed(Buffer.from(value.stringValue ?? '', 'utf8')));
    }
  }
  return hash.digest('hex');
}

/** Bytes an attribute counts toward the message size: name, data type and value. */
export function attributesSize(attributes: SqsAttributes): number {
  let size = 0;
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value.dataType);
    size += value.binaryValue?.length ?? Buffer.byteLength(value.stringValue ?? '');
  }
  return size;
}

// Allowed in a body: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF.
const disallowedCharacter = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function checkBody(body: unknown): string {
  if (typeof body !== 'string' || body.length === 0) {
    throw new SqsError('MissingParameter', 'The request must contain the parameter MessageBody: a non-empty string.');
  }
  const bad = disallowedCharacter.exec(body);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new SqsError('InvalidMessageContents', `The message body contains U+${code} at index ${bad.index}, which SQS does not allow. Allowed: tab, newline, carriage return and U+0020 to U+D7FF, U+E000 to U+FFFD, U+10000 to U+10FFFF; encode binary data as base64.`);
  }
  return body;
}

const attributeName = /^[A-Za-z0-9_.-]{1,256}$/;

/** Checks message attributes as SendMessage does: names, data types, one value matching the type. */
export function checkAttributes(attributes: SqsAttributes): SqsAttributes {
  const names = Object.keys(attributes);
  if (names.length > maxMessageAttributes) {
    throw new SqsError('InvalidParameterValue', `A message has ${names.length} message attributes; SQS allows at most ${maxMessageAttributes}.`);
  }
  for (const name of names) {
    const value = attributes[name]!;
    const lower = name.toLowerCase();
    if (!attributeName.test(name) || lower.startsWith('aws.') || lower.startsWith('amazon.') || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
      throw new SqsError('InvalidParameterValue', `Message attribute name ${JSON.stringify(name)} is invalid: use up to 256 of A-Z a-z 0-9 _ - ., no leading, trailing or doubled period, and no AWS. or Amazon. prefix.`);
    }
    const base = value.dataType?.split('.')[0];
    if (base !== 'String' && base !== 'Number' && base !== 'Binary') {
      throw new SqsError('InvalidParameterValue', `Message attribute ${name} has DataType ${JSON.stringify(value.dataType)}; it must be String, Number or Binary, optionally with a custom suffix (String.json).`);
    }
    const hasBinary = value.binaryValue !== undefined;
    const hasString = value.stringValue !== undefined;
    if (base === 'Binary' ? !hasBinary || hasString : !hasString || hasBinary) {
      throw new SqsError('InvalidParameterValue', `Message attribute ${name} of type ${value.dataType} needs ${base === 'Binary' ? 'a BinaryValue' : 'a StringValue'} and nothing else.`);
    }
    if (base === 'Number' && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.stringValue!)) {
      throw new SqsError('InvalidParameterValue', `Message attribute ${name} is a Number but its value ${JSON.stringify(value.stringValue)} is not a number.`);
    }
    if (hasString && value.stringValue === '') throw new SqsError('InvalidParameterValue', `Message attribute ${name} has an empty value; SQS needs a non-empty value (leave the attribute out instead).`);
    if (hasString) checkBody(value.stringValue);
  }
  return attributes;
}
