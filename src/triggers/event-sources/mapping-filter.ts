// FilterCriteria: which records a mapping sends to its function. Up to five filters, ORed; a
// record that matches none is discarded (an SQS message is deleted, a stream record is passed
// over) and never reaches the function. An SQS filter looks at `body`, a Kinesis filter at `data`
// (each parsed as JSON when it is JSON) and the record's other properties (partitionKey, ...).
// Patterns are EventBridge-style: a key's value is a list of alternatives (literal values,
// {"prefix"}, {"suffix"}, {"equals-ignore-case"}, {"anything-but"}, {"numeric"}, {"exists"},
// {"wildcard"}), a nested object for a nested key, and "$or" for alternatives of whole patterns.
// Sources: DG invocation-eventfiltering.html (five filters, ORed; unmatched records discarded;
// the rule syntax), DG with-sqs-filtering.html ("only support filtering on the body key"),
// DG with-kinesis-filtering.html (data).

import { MappingError } from './mapping-config.ts';

export type RecordFilter = (view: Record<string, unknown>) => boolean;

export interface FilterCriteria {
  Filters: Array<{ Pattern: string }>;
}

const maxFilters = 5;

/** Checks FilterCriteria as CreateEventSourceMapping would and returns what it keeps. */
export function checkFilterCriteria(value: unknown): FilterCriteria | undefined {
  if (value === undefined || value === null) return undefined;
  const filters = (value as { Filters?: unknown }).Filters;
  if (!Array.isArray(filters)) throw new MappingError(`FilterCriteria must be {"Filters": [{"Pattern": "<JSON>"}]}, not ${JSON.stringify(value)}.`);
  if (filters.length > maxFilters) throw new MappingError(`FilterCriteria has ${filters.length} filters; a mapping takes at most ${maxFilters} (they are ORed: merge some with "$or" or lists of values).`);
  return {
    Filters: filters.map((filter, i) => {
      const pattern = (filter as { Pattern?: unknown })?.Pattern;
      const text = typeof pattern === 'string' ? pattern : pattern !== null && typeof pattern === 'object' ? JSON.stringify(pattern) : undefined;
      let parsed: unknown;
      try {
        parsed = text === undefined ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new MappingError(`FilterCriteria filter ${i + 1}'s Pattern ${JSON.stringify(pattern)} is not a JSON object such as {"body": {"status": ["done"]}}.`);
      }
      return { Pattern: text! };
    }),
  };
}

/** A record matches when it matches any filter; no criteria match everything. */
export function recordFilter(criteria: FilterCriteria | undefined): RecordFilter | undefined {
  if (!criteria || criteria.Filters.length === 0) return undefined;
  const patterns = criteria.Filters.map((f) => JSON.parse(f.Pattern) as Record<string, unknown>);
  return (view) => patterns.some((pattern) => matches(pattern, view));
}

/** A body or data field as a filter sees it: its JSON when it is JSON, else the text. */
export function filterValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function matches(pattern: Record<string, unknown>, event: unknown): boolean {
  for (const [key, rule] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(rule) || !rule.some((p) => isObject(p) && matches(p, event))) return false;
      continue;
    }
    const has = isObject(event) && key in event;
    const value = has ? (event as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(rule)) {
      if (!rule.some((alternative) => matchesOne(alternative, has, value))) return false;
    } else if (isObject(rule)) {
      if (!has || !matches(rule, value)) return false;
    } else return false;
  }
  return true;
}

function matchesOne(rule: unknown, has: boolean, value: unknown): boolean {
  const values = Array.isArray(value) ? value : [value];
  if (!isObject(rule)) return has && values.some((v) => v === rule);
  if ('exists' in rule) return rule.exists === true ? has : !has;
  if (!has) return false;
  const strings = values.filter((v): v is string => typeof v === 'string');
  if (typeof rule.prefix === 'string') return strings.some((s) => s.startsWith(rule.prefix as string));
  if (typeof rule.suffix === 'string') return strings.some((s) => s.endsWith(rule.suffix as string));
  if (typeof rule['equals-ignore-case'] === 'string') return strings.some((s) => s.toLowerCase() === (rule['equals-ignore-case'] as string).toLowerCase());
  if (typeof rule.wildcard === 'string') {
    const glob = new RegExp(`^${(rule.wildcard as string).split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return strings.some((s) => glob.test(s));
  }
  if ('anything-but' in rule) {
    const but = rule['anything-but'];
    if (isObject(but) && typeof but.prefix === 'string') return values.every((v) => typeof v !== 'string' || !v.startsWith(but.prefix as string));
    const excluded = Array.isArray(but) ? but : [but];
    return values.every((v) => !excluded.includes(v));
  }
  if (Array.isArray(rule.numeric)) {
    const numbers = values.filter((v): v is number => typeof v === 'number');
    return numbers.some((n) => numericMatch(rule.numeric as unknown[], n));
  }
  return false;
}

function numericMatch(conditions: unknown[], n: number): boolean {
  for (let i = 0; i + 1 < conditions.length; i += 2) {
    const op = conditions[i];
    const bound = Number(conditions[i + 1]);
    const ok = op === '=' ? n === bound : op === '<' ? n < bound : op === '<=' ? n <= bound : op === '>' ? n > bound : op === '>=' ? n >= bound : false;
    if (!ok) return false;
  }
  return conditions.length >= 2;
}
