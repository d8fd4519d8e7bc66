// CloudFormation's intrinsic functions over a resolved scope: Ref, Fn::GetAtt, Fn::Sub, Fn::Join,
// Fn::Select, Fn::Split, Fn::Base64 and Fn::FindInMap. Conditions (Fn::If and friends) and
// cross-stack functions are refused by name, never passed through as if they were values.
// Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html

import type { Json } from './parse.ts';

/** What names resolve to; each throws a RuleError when the name is unknown. */
export interface Scope {
  ref(name: string): Json;
  getAtt(resource: string, attribute: string): Json;
  mapping(map: string, top: string, second: string): Json;
}

/** A broken rule at `path` (inside the value being resolved); the caller adds file and resource. */
export class RuleError extends Error {
  readonly path: string;

  constructor(path: string, rule: string) {
    super(rule);
    this.path = path;
  }
}

/** AWS::NoValue: the property is removed, as if it had not been written. */
export const noValue: unique symbol = Symbol('AWS::NoValue');

const supported = ['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::Base64', 'Fn::FindInMap'];

function isFunction(value: Json): value is { [key: string]: Json } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::') || keys[0] === 'Condition');
}

function text(value: Json | typeof noValue, path: string, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new RuleError(path, `${what} must be a string, not ${JSON.stringify(value === noValue ? 'AWS::NoValue' : value)}.`);
}

function list(value: Json | typeof noValue, path: string, what: string): Json[] {
  if (Array.isArray(value)) return value;
  throw new RuleError(path, `${what} must be a list, not ${JSON.stringify(value === noValue ? 'AWS::NoValue' : value)}.`);
}

/** Runs a scope lookup; its refusal gets the place it was made from. */
function within<T>(at: string, lookup: () => T): T {
  try {
    return lookup();
  } catch (error) {
    if (error instanceof RuleError && error.path === '') throw new RuleError(at, error.message);
    throw error;
  }
}

/** Resolves every intrinsic in `value`. `path` names where `value` sits, for messages. */
export function resolve(value: Json, scope: Scope, path: string): Json | typeof noValue {
  if (Array.isArray(value)) {
    return value.map((item, i) => resolve(item, scope, `${path}[${i}]`)).filter((item): item is Json => item !== noValue);
  }
  if (value === null || typeof value !== 'object') return value;
  if (!isFunction(value)) {
    const out: { [key: string]: Json } = {};
    for (const [key, item] of Object.entries(value) as Array<[string, Json]>) {
      const resolved = resolve(item, scope, path ? `${path}.${key}` : key);
      if (resolved !== noValue) out[key] = resolved;
    }
    return out;
  }
  const [name, argument] = Object.entries(value)[0]!;
  const at = `${path} (${name})`;
  switch (name) {
    case 'Ref': {
      const target = text(resolve(argument, scope, at), at, 'Ref');
      return target === 'AWS::NoValue' ? noValue : within(at, () => scope.ref(target));
    }
    case 'Fn::GetAtt': {
      const parts = typeof argument === 'string' ? argument.split('.') : list(resolve(argument, scope, at), at, 'Fn::GetAtt');
      if (parts.length < 2) throw new RuleError(at, 'Fn::GetAtt takes [LogicalId, Attribute] (short form !GetAtt LogicalId.Attribute).');
      return within(at, () => scope.getAtt(text(parts[0]!, at, 'Fn::GetAtt'), parts.slice(1).map((p) => text(p, at, 'Fn::GetAtt')).join('.')));
    }
    case 'Fn::Sub':
      return substitute(argument, scope, at);
    case 'Fn::Join': {
      const [delimiter, items] = list(argument, at, 'Fn::Join');
      const values = list(resolve(items ?? null, scope, at), at, 'Fn::Join\'s second item');
      return values.map((v) => text(v, at, 'Every item Fn::Join joins')).join(text(delimiter ?? '', at, 'Fn::Join\'s delimiter'));
    }
    case 'Fn::Select': {
      const [index, items] = list(argument, at, 'Fn::Select');
      const values = list(resolve(items ?? null, scope, at), at, 'Fn::Select\'s list');
      const i = Number(resolve(index ?? null, scope, at));
      if (!Number.isInteger(i) || i < 0 || i >= values.length) throw new RuleError(at, `Fn::Select index ${String(index)} is outside the list of ${values.length}.`);
      return values[i]!;
    }
    case 'Fn::Split': {
      const [delimiter, source] = list(argument, at, 'Fn::Split');
      return text(resolve(source ?? null, scope, at), at, 'Fn::Split\'s source').split(text(delimiter ?? '', at, 'Fn::Split\'s delimiter'));
    }
    case 'Fn::Base64':
      return Buffer.from(text(resolve(argument, scope, at), at, 'Fn::Base64'), 'utf8').toString('base64');
    case 'Fn::FindInMap': {
      const [map, top, second] = list(resolve(argument, scope, at), at, 'Fn::FindInMap').map((p) => text(p, at, 'Fn::FindInMap'));
      return within(at, () => scope.mapping(map!, top!, second!));
    }
    default:
      throw new RuleError(
        at,
        `${name} is not supported here (${name.startsWith('Fn::If') || ['Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or', 'Condition'].includes(name) ? 'Conditions are not evaluated locally' : 'it needs AWS'}). Supported: ${supported.join(', ')}. Replace it with a plain value or a parameter.`,
      );
  }
}

/** Fn::Sub: "${Name}" is a Ref, "${Resource.Attribute}" a GetAtt, "${!Literal}" the text "${Literal}". */
function substitute(argument: Json, scope: Scope, at: string): string {
  const [template, variables] = Array.isArray(argument) ? argument : [argument, {}];
  const source = text(template ?? null, at, 'Fn::Sub\'s string');
  const vars = (variables ?? {}) as Record<string, Json>;
  return source.replace(/\$\{([^}]*)\}/g, (_, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (name in vars) return text(resolve(vars[name]!, scope, `${at}.${name}`), at, `Fn::Sub variable ${name}`);
    const dot = name.indexOf('.');
    const value = within(at, () => (dot > 0 && !name.startsWith('AWS::') ? scope.getAtt(name.slice(0, dot), name.slice(dot + 1)) : scope.ref(name)));
    return text(value, at, `\${${name}}`);
  });
}
