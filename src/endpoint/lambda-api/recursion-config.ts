// A function's recursive loop detection setting: PutFunctionRecursionConfig and
// GetFunctionRecursionConfig (API 2024-08-31). RecursiveLoop is Terminate (the default) or Allow,
// and belongs to the function, not to a version or alias.
// Source: https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionRecursionConfig.html

import { ApiError } from './errors.ts';
import { parseFunctionName } from './function-name.ts';
import { jsonBody, type ApiRequest, type Operation } from './request.ts';

function functionOf(request: ApiRequest): string {
  const { name, qualifier } = parseFunctionName(request.params.FunctionName!);
  if (qualifier !== undefined) throw new ApiError('InvalidParameterValueException', `The recursion configuration belongs to a function, not to a version or alias (${qualifier}): name the function without a qualifier.`);
  return name;
}

export const putFunctionRecursionConfig: Operation = (request, api) => {
  const name = functionOf(request);
  const value = jsonBody(request).RecursiveLoop;
  if (typeof value !== 'string') throw new ApiError('ValidationException', `RecursiveLoop is required: Allow or Terminate, not ${JSON.stringify(value)}.`);
  return { status: 200, body: api.service.putFunctionRecursionConfig(name, value) };
};

export const getFunctionRecursionConfig: Operation = (request, api) => ({ status: 200, body: api.service.getFunctionRecursionConfig(functionOf(request)) });
