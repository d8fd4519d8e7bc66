// A function's tags: TagResource, UntagResource and ListTags (API 2017-03-31), and CreateFunction's
// Tags. At most 50 per function, keys up to 128 characters, values up to 256.
// Source: https://docs.aws.amazon.com/lambda/latest/api/API_TagResource.html

import { ApiError } from './errors.ts';
import { parseFunctionName } from './function-name.ts';
import { jsonBody, type ApiRequest, type LambdaApi, type Operation } from './request.ts';

/** The function a tag request names, by its unqualified ARN (tags belong to the function, not a version). */
function taggedFunction(request: ApiRequest, api: LambdaApi): string {
  const { name, qualifier } = parseFunctionName(request.params.Resource!);
  if (qualifier !== undefined) throw new ApiError('InvalidParameterValueException', `Tags apply to a function, not to a version or alias (${qualifier}): use the function's unqualified ARN.`);
  if (!api.deployments.exists(name)) api.service.getFunctionConfiguration(name); // ResourceNotFoundException when there is none
  return name;
}

/** Checks tags and merges them over `current`; refuses what Lambda refuses. */
export function mergeTags(current: Record<string, string>, added: unknown): Record<string, string> {
  if (added === undefined || added === null) return current;
  if (typeof added !== 'object' || Array.isArray(added)) throw new ApiError('InvalidParameterValueException', 'Tags must be a map of key to value, e.g. {"team": "payments"}.');
  const merged = { ...current };
  for (const [key, value] of Object.entries(added as Record<string, unknown>)) {
    if (key.length < 1 || key.length > 128 || key.toLowerCase().startsWith('aws:')) throw new ApiError('InvalidParameterValueException', `Tag key '${key}' is not allowed: 1 to 128 characters, not starting with aws:.`);
    if (typeof value !== 'string' || value.length > 256) throw new ApiError('InvalidParameterValueException', `Tag ${key}'s value must be a string of at most 256 characters.`);
    merged[key] = value;
  }
  if (Object.keys(merged).length > 50) throw new ApiError('InvalidParameterValueException', `A function can have at most 50 tags; this would make ${Object.keys(merged).length}.`);
  return merged;
}

export const tagResource: Operation = (request, api) => {
  const name = taggedFunction(request, api);
  api.deployments.setTags(name, mergeTags(api.deployments.tagsOf(name), jsonBody(request).Tags));
  return { status: 204 };
};

export const untagResource: Operation = (request, api) => {
  const name = taggedFunction(request, api);
  const tags = api.deployments.tagsOf(name);
  for (const key of request.query.getAll('tagKeys')) delete tags[key];
  api.deployments.setTags(name, tags);
  return { status: 204 };
};

export const listTags: Operation = (request, api) => ({ status: 200, body: { Tags: api.deployments.tagsOf(taggedFunction(request, api)) } });
