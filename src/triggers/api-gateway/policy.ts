// The IAM policy a Lambda authorizer returns, read and evaluated as API Gateway does for
// execute-api:Invoke: a Deny statement that matches wins over any Allow; without a matching
// Allow the call is denied implicitly. Resource ARNs take `*` (any run of characters, slashes
// included) and `?` (one character) as wildcards.
// Sources: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (explicit deny)
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html (wildcards)

export interface PolicyStatement {
  /** Position in the policy's Statement list (0-based), for the decision log. */
  index: number;
  effect: 'Allow' | 'Deny';
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
}

export type ParsedPolicy = { ok: true; statements: PolicyStatement[] } | { ok: false; reason: string };

export type PolicyResult =
  | { result: 'allow'; statement: PolicyStatement }
  | { result: 'explicitDeny'; statement: PolicyStatement }
  | { result: 'implicitDeny' };

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

/** Reads policyDocument; anything API Gateway could not evaluate is a reason (the call then fails with 500). */
export function parsePolicy(document: unknown): ParsedPolicy {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return { ok: false, reason: 'policyDocument is missing or not an object' };
  const raw = (document as Record<string, unknown>).Statement;
  const list = Array.isArray(raw) ? raw : raw !== undefined && raw !== null ? [raw] : undefined;
  if (!list || list.length === 0) return { ok: false, reason: 'policyDocument has no Statement' };
  const statements: PolicyStatement[] = [];
  for (const [index, entry] of list.entries()) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return { ok: false, reason: `Statement[${index}] is not an object` };
    const s = entry as Record<string, unknown>;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return { ok: false, reason: `Statement[${index}].Effect is ${JSON.stringify(s.Effect)}, not "Allow" or "Deny"` };
    const statement: PolicyStatement = { index, effect: s.Effect };
    for (const [key, field] of [['Action', 'action'], ['NotAction', 'notAction'], ['Resource', 'resource'], ['NotResource', 'notResource']] as const) {
      if (s[key] === undefined) continue;
      const values = stringList(s[key]);
      if (!values) return { ok: false, reason: `Statement[${index}].${key} must be a string or a list of strings` };
      statement[field] = values;
    }
    if (!statement.action && !statement.notAction) return { ok: false, reason: `Statement[${index}] has no Action` };
    if (!statement.resource && !statement.notResource) return { ok: false, reason: `Statement[${index}] has no Resource` };
    statements.push(statement);
  }
  return { ok: true, statements };
}

/** IAM's wildcard match: `*` any run of characters, `?` exactly one. */
export function wildcardMatch(pattern: string, text: string, ignoreCase = false): boolean {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let compiled = compiledPatterns.get(key);
  if (!compiled) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    compiled = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    // A cached policy is evaluated on every request: its patterns are compiled once (bounded).
    if (compiledPatterns.size >= 1000) compiledPatterns.clear();
    compiledPatterns.set(key, compiled);
  }
  return compiled.test(text);
}

const compiledPatterns = new Map<string, RegExp>();

const invoke = 'execute-api:Invoke';

function applies(statement: PolicyStatement, methodArn: string): boolean {
  // Action names are case-insensitive in IAM; ARNs are not.
  const action = statement.action ? statement.action.some((a) => wildcardMatch(a, invoke, true)) : !statement.notAction!.some((a) => wildcardMatch(a, invoke, true));
  const resource = statement.resource ? statement.resource.some((r) => wildcardMatch(r, methodArn)) : !statement.notResource!.some((r) => wildcardMatch(r, methodArn));
  return action && resource;
}

export function evaluatePolicy(statements: PolicyStatement[], methodArn: string): PolicyResult {
  const deny = statements.find((s) => s.effect === 'Deny' && applies(s, methodArn));
  if (deny) return { result: 'explicitDeny', statement: deny };
  const allow = statements.find((s) => s.effect === 'Allow' && applies(s, methodArn));
  return allow ? { result: 'allow', statement: allow } : { result: 'implicitDeny' };
}

/** "Statement[1] (Deny execute-api:Invoke on arn:...)" for the decision log. */
export function describeStatement(statement: PolicyStatement): string {
  const actions = statement.action?.join(',') ?? `NotAction ${statement.notAction!.join(',')}`;
  const resources = statement.resource?.join(', ') ?? `NotResource ${statement.notResource!.join(', ')}`;
  return `Statement[${statement.index}] (${statement.effect} ${actions} on ${resources})`;
}
