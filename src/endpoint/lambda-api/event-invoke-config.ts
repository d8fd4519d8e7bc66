// Asynchronous invocation settings of a function, version or alias (API 2019-09-25):
// Put (replace), Update (merge), Get, Delete and List FunctionEventInvokeConfig(s), each mapped
// onto the service. The qualifier comes from ?Qualifier= or the name (name:alias).
// Source: https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html

import type { EventInvokeConfigInput } from '../../runtime/types.ts';
import { parseFunctionName } from './function-name.ts';
import { jsonBody, page, type ApiRequest, type Operation } from './request.ts';

function target(request: ApiRequest): { name: string; qualifier?: string } {
  return parseFunctionName(request.params.FunctionName!, request.query.get('Qualifier'));
}

function settings(request: ApiRequest): EventInvokeConfigInput {
  const body = jsonBody(request);
  const out: Record<string, unknown> = {};
  for (const key of ['MaximumRetryAttempts', 'MaximumEventAgeInSeconds', 'DestinationConfig']) if (body[key] !== undefined && body[key] !== null) out[key] = body[key];
  return out as EventInvokeConfigInput;
}

const put = (merge: boolean): Operation => (request, api) => {
  const { name, qualifier } = target(request);
  return { status: 200, body: api.service.putFunctionEventInvokeConfig(name, qualifier, settings(request), merge) };
};

export const putFunctionEventInvokeConfig = put(false);
export const updateFunctionEventInvokeConfig = put(true);

export const getFunctionEventInvokeConfig: Operation = (request, api) => {
  const { name, qualifier } = target(request);
  return { status: 200, body: api.service.getFunctionEventInvokeConfig(name, qualifier) };
};

export const deleteFunctionEventInvokeConfig: Operation = (request, api) => {
  const { name, qualifier } = target(request);
  api.service.deleteFunctionEventInvokeConfig(name, qualifier);
  return { status: 204 };
};

export const listFunctionEventInvokeConfigs: Operation = (request, api) => {
  const { items, next } = page(api.service.listFunctionEventInvokeConfigs(target(request).name), request.query, 50);
  return { status: 200, body: { FunctionEventInvokeConfigs: items, ...(next ? { NextMarker: next } : {}) } };
};
