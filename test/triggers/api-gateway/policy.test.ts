// The authorizer's IAM policy read and evaluated as API Gateway does: Deny first, * and ?
// wildcards in Resource, case-insensitive actions, and what makes a policy unusable (500).

import { describe, expect, it } from 'vitest';
import { evaluatePolicy, parsePolicy, wildcardMatch } from '../../../src/triggers/api-gateway/policy.ts';

const arn = 'arn:aws:execute-api:us-east-1:123456789012:abc123defg/dev/GET/pets/7';
const statements = (...list: object[]) => {
  const parsed = parsePolicy({ Version: '2012-10-17', Statement: list });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.statements;
};

describe('authorizer policies', () => {
  it('* matches any run of characters, slashes included; ? exactly one; anything else literally', () => {
    expect(wildcardMatch('arn:aws:execute-api:*:*:abc123defg/*', arn)).toBe(true);
    expect(wildcardMatch('arn:aws:execute-api:us-east-1:123456789012:abc123defg/dev/GET/pets/?', arn)).toBe(true);
    expect(wildcardMatch('arn:aws:execute-api:us-east-1:123456789012:abc123defg/dev/GET/pets/??', arn)).toBe(false);
    expect(wildcardMatch('arn:aws:execute-api:us-east-1:123456789012:abc123defg/dev/GET/pets', arn)).toBe(false);
    expect(wildcardMatch('arn:aws:execute-api:us-east-1:123456789012:abc123defg/dev/GET/pets.7', arn.replace('/7', '/x7'))).toBe(false);
    expect(wildcardMatch('arn:aws:execute-api:us-east-1:123456789012:abc123defg/DEV/*', arn)).toBe(false);
  });

  it('a matching Deny wins over a matching Allow whatever their order; no matching Allow is an implicit deny', () => {
    const allowAll = { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' };
    const denyPets = { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: ['arn:aws:execute-api:*:*:*/*/GET/pets/*'] };
    expect(evaluatePolicy(statements(allowAll, denyPets), arn)).toMatchObject({ result: 'explicitDeny', statement: { index: 1 } });
    expect(evaluatePolicy(statements(denyPets, allowAll), arn)).toMatchObject({ result: 'explicitDeny', statement: { index: 0 } });
    expect(evaluatePolicy(statements(allowAll, denyPets), arn.replace('/pets/7', '/shops/7'))).toMatchObject({ result: 'allow', statement: { index: 0 } });
    expect(evaluatePolicy(statements(denyPets), arn.replace('/pets/7', '/shops/7'))).toEqual({ result: 'implicitDeny' });
  });

  it('reads Action case-insensitively and with wildcards, and takes NotResource', () => {
    expect(evaluatePolicy(statements({ Effect: 'Allow', Action: 'EXECUTE-API:invoke', Resource: arn }), arn).result).toBe('allow');
    expect(evaluatePolicy(statements({ Effect: 'Allow', Action: 'execute-api:*', Resource: arn }), arn).result).toBe('allow');
    expect(evaluatePolicy(statements({ Effect: 'Allow', Action: 's3:GetObject', Resource: arn }), arn).result).toBe('implicitDeny');
    expect(evaluatePolicy(statements({ Effect: 'Allow', Action: '*', NotResource: '*/POST/*' }), arn).result).toBe('allow');
  });

  it('refuses a policy API Gateway could not evaluate, saying what is wrong', () => {
    expect(parsePolicy(undefined)).toEqual({ ok: false, reason: 'policyDocument is missing or not an object' });
    expect(parsePolicy({ Statement: [] })).toEqual({ ok: false, reason: 'policyDocument has no Statement' });
    expect(parsePolicy({ Statement: [{ Effect: 'allow', Action: 'execute-api:Invoke', Resource: '*' }] })).toEqual({ ok: false, reason: 'Statement[0].Effect is "allow", not "Allow" or "Deny"' });
    expect(parsePolicy({ Statement: { Effect: 'Allow', Action: 'execute-api:Invoke' } })).toEqual({ ok: false, reason: 'Statement[0] has no Resource' });
    expect(parsePolicy({ Statement: { Effect: 'Allow', Action: ['execute-api:Invoke', 3], Resource: '*' } })).toEqual({ ok: false, reason: 'Statement[0].Action must be a string or a list of strings' });
  });
});
