// Layer versions (API 2018-10-31): PublishLayerVersion, GetLayerVersion, GetLayerVersionByArn,
// ListLayerVersions and ListLayers. Source: https://docs.aws.amazon.com/lambda/latest/api/API_PublishLayerVersion.html

import type { LayerVersion } from '../../runtime/types.ts';
import { zipBytes } from './code-package.ts';
import { ApiError } from './errors.ts';
import { jsonBody, lambdaTimestamp, page, type LambdaApi, type Operation } from './request.ts';

function present(layer: LayerVersion): Record<string, unknown> {
  return { ...layer, CreatedDate: lambdaTimestamp(layer.CreatedDate) };
}

function find(api: LambdaApi, layerName: string, version: string): LayerVersion {
  const found = api.service.listLayerVersions(layerName).find((l) => String(l.Version) === version);
  if (!found) throw new ApiError('ResourceNotFoundException', `The resource you requested does not exist: layer ${layerName} version ${version}. ListLayerVersions shows the versions there are.`);
  return found;
}

export const publishLayerVersion: Operation = (request, api) => {
  const body = jsonBody(request);
  const layer = api.service.publishLayerVersion({
    LayerName: request.params.LayerName!,
    Content: { ZipFile: zipBytes(body.Content as Record<string, unknown> | undefined, 'Content') },
    ...(Array.isArray(body.CompatibleRuntimes) ? { CompatibleRuntimes: body.CompatibleRuntimes as string[] } : {}),
    ...(typeof body.Description === 'string' ? { Description: body.Description } : {}),
  });
  return { status: 201, body: present(layer) };
};

export const getLayerVersion: Operation = (request, api) => ({ status: 200, body: present(find(api, request.params.LayerName!, request.params.VersionNumber!)) });

/** GET /2018-10-31/layers is ListLayers, or GetLayerVersionByArn with ?find=LayerVersion&Arn=. */
export const listLayersOrFindByArn: Operation = (request, api) => (request.query.get('find') === null ? listLayers(request, api) : getLayerVersionByArn(request, api));

const listLayers: Operation = (request, api) => {
  const runtime = request.query.get('CompatibleRuntime');
  const layers = api.service
    .listLayers()
    .filter((l) => runtime === null || l.CompatibleRuntimes.includes(runtime))
    .map(({ Content: _content, LayerArn, ...latest }) => ({ LayerName: LayerArn.split(':').at(-1), LayerArn, LatestMatchingVersion: present(latest as LayerVersion) }));
  const { items, next } = page(layers, request.query);
  return { status: 200, body: { Layers: items, ...(next ? { NextMarker: next } : {}) } };
};

const getLayerVersionByArn: Operation = (request, api) => {
  const arn = request.query.get('Arn') ?? '';
  const match = /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:layer:([a-zA-Z0-9_-]+):(\d+)$/.exec(arn);
  if (request.query.get('find') !== 'LayerVersion' || !match) {
    throw new ApiError('ValidationException', `1 validation error detected: Value '${arn}' at 'arn' failed to satisfy constraint: Member must be a layer version ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>).`);
  }
  return { status: 200, body: present(find(api, match[1]!, match[2]!)) };
};

export const listLayerVersions: Operation = (request, api) => {
  // Newest first, as Lambda lists them.
  const versions = api.service.listLayerVersions(request.params.LayerName!).reverse().map(({ Content: _content, ...rest }) => present(rest as LayerVersion));
  const { items, next } = page(versions, request.query);
  return { status: 200, body: { LayerVersions: items, ...(next ? { NextMarker: next } : {}) } };
};
