// Versions and aliases: PublishVersion, ListVersionsByFunction, CreateAlias, GetAlias,
// UpdateAlias, DeleteAlias and ListAliases (docs: configuration-versions.html, configuration-aliases.html).

import type { AliasInput } from '../../runtime/registry/aliases.ts';
import { ApiError } from './errors.ts';
import { parseFunctionName } from './function-name.ts';
import { jsonBody, page, type ApiRequest, type Operation } from './request.ts';

function nameOf(request: ApiRequest): string {
  return parseFunctionName(request.params.FunctionName!).name;
}

export const publishVersion: Operation = async (request, api) => {
  const name = nameOf(request);
  const body = jsonBody(request);
  api.deployments.assertIdle(name);
  const latest = api.service.getFunctionConfiguration(name);
  if (typeof body.CodeSha256 === 'string' && body.CodeSha256 !== latest.CodeSha256) {
    throw new ApiError('InvalidParameterValueException', `CodeSHA256 (${body.CodeSha256}) is different from current CodeSHA256 in $LATEST (${latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`);
  }
  const version = await api.service.publishVersion(name, typeof body.Description === 'string' ? { Description: body.Description } : {});
  return { status: 201, body: api.deployments.present(version) };
};

export const listVersionsByFunction: Operation = (request, api) => {
  const versions = api.service.listVersionsByFunction(nameOf(request)).map((v) => api.deployments.present(v));
  const { items, next } = page(versions, request.query);
  return { status: 200, body: { Versions: items, ...(next ? { NextMarker: next } : {}) } };
};

function aliasChanges(body: Record<string, unknown>): Partial<Omit<AliasInput, 'Name'>> {
  const changes: Partial<Omit<AliasInput, 'Name'>> = {};
  if (body.FunctionVersion !== undefined) changes.FunctionVersion = body.FunctionVersion as string;
  if (body.Description !== undefined) changes.Description = body.Description as string;
  if (body.RoutingConfig !== undefined && body.RoutingConfig !== null) changes.RoutingConfig = body.RoutingConfig as AliasInput['RoutingConfig'];
  return changes;
}

export const createAlias: Operation = (request, api) => {
  const body = jsonBody(request);
  const alias = api.service.createAlias(nameOf(request), { ...aliasChanges(body), Name: body.Name as string, FunctionVersion: body.FunctionVersion as string });
  return { status: 201, body: alias };
};

export const listAliases: Operation = (request, api) => {
  const aliases = api.service.listAliases(nameOf(request), request.query.get('FunctionVersion') ?? undefined);
  const { items, next } = page(aliases, request.query);
  return { status: 200, body: { Aliases: items, ...(next ? { NextMarker: next } : {}) } };
};

export const getAlias: Operation = (request, api) => ({ status: 200, body: api.service.getAlias(nameOf(request), request.params.Name!) });

export const updateAlias: Operation = (request, api) => ({
  status: 200,
  body: api.service.updateAlias(nameOf(request), request.params.Name!, aliasChanges(jsonBody(request))),
});

export const deleteAlias: Operation = (request, api) => {
  api.service.deleteAlias(nameOf(request), request.params.Name!);
  return { status: 204 };
};
