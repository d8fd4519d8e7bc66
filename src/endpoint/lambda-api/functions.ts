// Lambda's function operations (API 2015-03-31): CreateFunction, GetFunction,
// GetFunctionConfiguration, ListFunctions, DeleteFunction, UpdateFunctionCode and
// UpdateFunctionConfiguration, each mapped onto the service.
// Source: https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html

import type { FunctionConfigurationInput } from '../../runtime/types.ts';
import { unpackZip, zipBytes } from './code-package.ts';
import { ApiError } from './errors.ts';
import { mergeTags } from './tags.ts';
import { parseFunctionName } from './function-name.ts';
import { jsonBody, page, type ApiRequest, type LambdaApi, type Operation } from './request.ts';

const settings = ['Runtime', 'Handler', 'MemorySize', 'Timeout', 'Environment', 'EphemeralStorage', 'Description', 'Layers', 'DeadLetterConfig'] as const;

function pick(body: Record<string, unknown>): Partial<FunctionConfigurationInput> {
  const out: Record<string, unknown> = {};
  for (const key of settings) if (body[key] !== undefined && body[key] !== null) out[key] = body[key];
  return out as Partial<FunctionConfigurationInput>;
}

function refuseImages(body: Record<string, unknown>): void {
  if (body.PackageType === 'Image') {
    throw new ApiError('InvalidParameterValueException', 'PackageType Image (container images) is not supported by this local endpoint: deploy a .zip (PackageType Zip).');
  }
}

/** What an update answers with, as Lambda does, however fast the build. */
const updateInProgress = { State: 'Active', LastUpdateStatus: 'InProgress', LastUpdateStatusReason: 'The function is being created.', LastUpdateStatusReasonCode: 'Creating' };

function nameOf(request: ApiRequest): string {
  return parseFunctionName(request.params.FunctionName!).name;
}

/** After a create or update that asked to publish: wait for the build, then publish. */
async function publishWhenBuilt(api: LambdaApi, name: string): Promise<object> {
  await api.deployments.settle();
  return api.deployments.present(await api.service.publishVersion(name));
}

export const createFunction: Operation = async (request, api) => {
  const body = jsonBody(request);
  refuseImages(body);
  const name = String(body.FunctionName ?? '');
  const tags = mergeTags({}, body.Tags);
  const code = unpackZip(zipBytes(body.Code as Record<string, unknown> | undefined, 'Code'));
  try {
    const input = { ...pick(body), FunctionName: name, Code: { Directory: code.directory } } as FunctionConfigurationInput;
    const config = await api.deployments.start(name, 'create', (hooks) => api.service.createFunction(input, hooks));
    api.deployments.setExtras(name, { Role: body.Role as string | undefined, Architectures: body.Architectures as string[] | undefined });
    api.deployments.setTags(name, tags);
    if (body.Publish === true) return { status: 201, body: await publishWhenBuilt(api, name) };
    return { status: 201, body: api.deployments.present(config, { State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' }) };
  } finally {
    code.remove();
  }
};

export const getFunction: Operation = (request, api) => {
  const { name, qualifier } = parseFunctionName(request.params.FunctionName!, request.query.get('Qualifier'));
  const tags = api.deployments.tagsOf(name);
  return { status: 200, body: { Configuration: api.deployments.describe(name, qualifier), Code: { RepositoryType: 'S3' }, ...(Object.keys(tags).length > 0 ? { Tags: tags } : {}) } };
};

export const getFunctionConfiguration: Operation = (request, api) => {
  const { name, qualifier } = parseFunctionName(request.params.FunctionName!, request.query.get('Qualifier'));
  return { status: 200, body: api.deployments.describe(name, qualifier) };
};

export const listFunctions: Operation = (request, api) => {
  const { items, next } = page(api.deployments.listLatest(), request.query);
  return { status: 200, body: { Functions: items, ...(next ? { NextMarker: next } : {}) } };
};

export const deleteFunction: Operation = async (request, api) => {
  const { name, qualifier } = parseFunctionName(request.params.FunctionName!, request.query.get('Qualifier'));
  if (qualifier === undefined && api.deployments.forgetFailed(name)) return { status: 204 };
  api.deployments.assertIdle(name);
  await api.service.deleteFunction(name, qualifier);
  if (qualifier === undefined) api.deployments.forget(name);
  return { status: 204 };
};

export const updateFunctionCode: Operation = async (request, api) => {
  const name = nameOf(request);
  const body = jsonBody(request);
  const code = unpackZip(zipBytes(body, 'The request'));
  try {
    // A function whose first build failed is built again from its configuration and the new code,
    // as fixing the code of a Failed function does on Lambda.
    const failed = api.deployments.failedConfiguration(name);
    if (failed) {
      const input: FunctionConfigurationInput = {
        FunctionName: name,
        Runtime: failed.Runtime,
        Handler: failed.Handler,
        MemorySize: failed.MemorySize,
        Timeout: failed.Timeout,
        Environment: failed.Environment,
        EphemeralStorage: failed.EphemeralStorage,
        Description: failed.Description,
        Layers: failed.Layers.map((l) => l.Arn),
        Code: { Directory: code.directory },
      };
      const config = await api.deployments.start(name, 'create', (hooks) => api.service.createFunction(input, hooks), { replacingFailed: true });
      return { status: 200, body: api.deployments.present(config, { State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating', LastUpdateStatus: 'InProgress' }) };
    }
    const config = await api.deployments.start(name, 'update', (hooks) => api.service.updateFunctionCode(name, { Directory: code.directory }, hooks));
    if (body.Publish === true) return { status: 200, body: await publishWhenBuilt(api, name) };
    return { status: 200, body: api.deployments.present(config, updateInProgress) };
  } finally {
    code.remove();
  }
};

export const updateFunctionConfiguration: Operation = async (request, api) => {
  const name = nameOf(request);
  const body = jsonBody(request);
  refuseImages(body);
  const config = await api.deployments.start(name, 'update', (hooks) => api.service.updateFunctionConfiguration(name, pick(body), hooks));
  api.deployments.setExtras(name, { Role: body.Role as string | undefined });
  return { status: 200, body: api.deployments.present(config, updateInProgress) };
};
