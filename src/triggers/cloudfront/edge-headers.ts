// Headers as Lambda@Edge shows them (lower-case name -> list of {key, value}) and the rules on
// what a function may do to them: disallowed headers are never shown and may not be added;
// read-only headers of the event type may not be added, changed or removed. A broken rule is a
// validation error, which CloudFront answers with 502.
// Sources: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html (headers)
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html (HTTP headers)

import { edgeDisallowedHeaders, edgeReadOnlyHeaders } from '../../runtime/limits.ts';
import type { EdgeEventType } from './distribution-config.ts';

export type EdgeHeaders = Record<string, Array<{ key?: string; value: string }>>;

/** A function's result that CloudFront refuses; `reason` follows "The Lambda function result failed validation:". */
export class EdgeValidationError extends Error {}

const disallowedExact = new Set(edgeDisallowedHeaders.filter((h) => !h.endsWith('*')).map((h) => h.toLowerCase()));
const disallowedPrefixes = edgeDisallowedHeaders.filter((h) => h.endsWith('*')).map((h) => h.slice(0, -1).toLowerCase());

export function isDisallowedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return disallowedExact.has(lower) || disallowedPrefixes.some((p) => lower.startsWith(p));
}

/** "x-custom-header" -> "X-Custom-Header": the key Lambda@Edge writes when a function gives none. */
export function canonicalKey(name: string): string {
  return name.split('-').map((part) => (part ? part[0]!.toUpperCase() + part.slice(1).toLowerCase() : part)).join('-');
}

/** Node's raw header list (name, value, name, value...) as Lambda@Edge shows it, disallowed ones left out. */
export function fromRawHeaders(raw: readonly string[]): EdgeHeaders {
  const headers: EdgeHeaders = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i]!;
    if (isDisallowedHeader(key)) continue;
    (headers[key.toLowerCase()] ??= []).push({ key, value: raw[i + 1]! });
  }
  return headers;
}

export function headerValue(headers: EdgeHeaders, name: string): string | undefined {
  return headers[name.toLowerCase()]?.[0]?.value;
}

export function setHeader(headers: EdgeHeaders, key: string, value: string): void {
  headers[key.toLowerCase()] = [{ key, value }];
}

/** Checks a function's headers for shape and returns them with every key filled in. */
export function checkedHeaders(value: unknown, where: string): EdgeHeaders {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new EdgeValidationError(`${where}.headers must be an object of lower-case names, each a list of {key, value}.`);
  const out: EdgeHeaders = {};
  for (const [name, list] of Object.entries(value as Record<string, unknown>)) {
    if (name !== name.toLowerCase()) throw new EdgeValidationError(`${where}.headers has the name '${name}': names are lower case ('${name.toLowerCase()}'), the key keeps the case.`);
    if (!Array.isArray(list)) throw new EdgeValidationError(`${where}.headers['${name}'] must be a list of {key, value}, not ${JSON.stringify(list)}.`);
    out[name] = list.map((entry: unknown, i) => {
      const e = entry as { key?: unknown; value?: unknown } | null;
      if (!e || typeof e !== 'object' || typeof e.value !== 'string') throw new EdgeValidationError(`${where}.headers['${name}'][${i}] needs a string value, not ${JSON.stringify(entry)}.`);
      if (e.key !== undefined && (typeof e.key !== 'string' || e.key.toLowerCase() !== name)) {
        throw new EdgeValidationError(`${where}.headers['${name}'][${i}].key is ${JSON.stringify(e.key)}: a key is the header's name in any case ('${canonicalKey(name)}').`);
      }
      if (/[\r\n\0]/.test(e.value)) throw new EdgeValidationError(`${where}.headers['${name}'][${i}].value holds a line break or NUL, which no header value may hold.`);
      return { key: (e.key as string | undefined) ?? canonicalKey(name), value: e.value };
    });
  }
  return out;
}

const sameValues = (a: EdgeHeaders[string] | undefined, b: EdgeHeaders[string] | undefined) =>
  JSON.stringify((a ?? []).map((e) => e.value)) === JSON.stringify((b ?? []).map((e) => e.value));

/** Throws when `after` adds a disallowed header, or touches one that is read-only for this event type. */
export function checkHeaderRules(eventType: EdgeEventType, before: EdgeHeaders, after: EdgeHeaders): void {
  for (const name of Object.keys(after)) {
    if (isDisallowedHeader(name) && !(name in before)) {
      throw new EdgeValidationError(`The function tried to add a disallowed header ('${after[name]![0]?.key ?? name}'). CloudFront never shows these headers to functions and does not let them add them.`);
    }
  }
  for (const readOnly of edgeReadOnlyHeaders[eventType]) {
    const name = readOnly.toLowerCase();
    if (!sameValues(before[name], after[name])) {
      throw new EdgeValidationError(`The function tried to add, delete, or change a read-only header ('${readOnly}' is read-only in ${eventType} events).`);
    }
  }
}

/** The headers as HTTP writes them, in Node's [name, value] list form (repeated names kept). */
export function toHeaderPairs(headers: EdgeHeaders): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, list] of Object.entries(headers)) for (const e of list) pairs.push([e.key ?? canonicalKey(name), e.value]);
  return pairs;
}

/** Bytes the headers take on the wire ("Key: value\r\n" each), for the generated-response quota. */
export function headerBytes(headers: EdgeHeaders): number {
  return toHeaderPairs(headers).reduce((n, [k, v]) => n + Buffer.byteLength(`${k}: ${v}\r\n`), 0);
}
