// The function names Lambda's API takes in its paths: a name, name:qualifier, a partial ARN
// (123456789012:function:name) or a full ARN, each with an optional version or alias.
// Source: https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html (FunctionName).

import { ApiError } from './errors.ts';

const pattern = /^(?:(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:)?\d{12}:function:)?([a-zA-Z0-9_-]{1,64})(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;

export function parseFunctionName(raw: string, qualifier?: string | null): { name: string; qualifier?: string } {
  const match = pattern.exec(raw);
  if (!match) {
    throw new ApiError(
      'ValidationException',
      `1 validation error detected: Value '${raw}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?. Give a function name, name:qualifier or a function ARN.`,
    );
  }
  const fromName = match[2];
  if (fromName && qualifier && fromName !== qualifier) {
    throw new ApiError('InvalidParameterValueException', `The derived qualifier from the function name (${fromName}) does not match the specified qualifier (${qualifier}): give one of them.`);
  }
  const q = fromName ?? (qualifier || undefined);
  return { name: match[1]!, ...(q ? { qualifier: q } : {}) };
}
