// Lambda's REST API routes (method and path template, as in Lambda's model: the @http trait of
// each operation in @aws-sdk/client-lambda) and the operation that answers each.

import { createFunction, deleteFunction, getFunction, getFunctionConfiguration, listFunctions, updateFunctionCode, updateFunctionConfiguration } from './functions.ts';
import { deleteFunctionEventInvokeConfig, getFunctionEventInvokeConfig, listFunctionEventInvokeConfigs, putFunctionEventInvokeConfig, updateFunctionEventInvokeConfig } from './event-invoke-config.ts';
import { invoke } from './invoke.ts';
import { invokeWithResponseStream } from './invoke-stream.ts';
import { getLayerVersion, listLayersOrFindByArn, listLayerVersions, publishLayerVersion } from './layers.ts';
import { getFunctionRecursionConfig, putFunctionRecursionConfig } from './recursion-config.ts';
import type { Operation } from './request.ts';
import { listTags, tagResource, untagResource } from './tags.ts';
import { createAlias, deleteAlias, getAlias, listAliases, listVersionsByFunction, publishVersion, updateAlias } from './versions.ts';

interface Route {
  method: string;
  name: string;
  pattern: RegExp;
  params: string[];
  operation: Operation;
}

const table: Array<[string, string, string, Operation]> = [
  ['POST', '/2015-03-31/functions/{FunctionName}/invocations', 'Invoke', invoke],
  ['POST', '/2021-11-15/functions/{FunctionName}/response-streaming-invocations', 'InvokeWithResponseStream', invokeWithResponseStream],
  ['POST', '/2015-03-31/functions', 'CreateFunction', createFunction],
  ['GET', '/2015-03-31/functions', 'ListFunctions', listFunctions],
  ['GET', '/2015-03-31/functions/{FunctionName}', 'GetFunction', getFunction],
  ['DELETE', '/2015-03-31/functions/{FunctionName}', 'DeleteFunction', deleteFunction],
  ['GET', '/2015-03-31/functions/{FunctionName}/configuration', 'GetFunctionConfiguration', getFunctionConfiguration],
  ['PUT', '/2015-03-31/functions/{FunctionName}/configuration', 'UpdateFunctionConfiguration', updateFunctionConfiguration],
  ['PUT', '/2015-03-31/functions/{FunctionName}/code', 'UpdateFunctionCode', updateFunctionCode],
  ['POST', '/2015-03-31/functions/{FunctionName}/versions', 'PublishVersion', publishVersion],
  ['GET', '/2015-03-31/functions/{FunctionName}/versions', 'ListVersionsByFunction', listVersionsByFunction],
  ['POST', '/2015-03-31/functions/{FunctionName}/aliases', 'CreateAlias', createAlias],
  ['GET', '/2015-03-31/functions/{FunctionName}/aliases', 'ListAliases', listAliases],
  ['GET', '/2015-03-31/functions/{FunctionName}/aliases/{Name}', 'GetAlias', getAlias],
  ['PUT', '/2015-03-31/functions/{FunctionName}/aliases/{Name}', 'UpdateAlias', updateAlias],
  ['DELETE', '/2015-03-31/functions/{FunctionName}/aliases/{Name}', 'DeleteAlias', deleteAlias],
  ['POST', '/2017-03-31/tags/{Resource}', 'TagResource', tagResource],
  ['DELETE', '/2017-03-31/tags/{Resource}', 'UntagResource', untagResource],
  ['GET', '/2017-03-31/tags/{Resource}', 'ListTags', listTags],
  ['POST', '/2018-10-31/layers/{LayerName}/versions', 'PublishLayerVersion', publishLayerVersion],
  ['GET', '/2018-10-31/layers/{LayerName}/versions', 'ListLayerVersions', listLayerVersions],
  ['GET', '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}', 'GetLayerVersion', getLayerVersion],
  ['GET', '/2018-10-31/layers', 'ListLayers', listLayersOrFindByArn],
  ['GET', '/2019-09-25/functions/{FunctionName}/event-invoke-config/list', 'ListFunctionEventInvokeConfigs', listFunctionEventInvokeConfigs],
  ['PUT', '/2019-09-25/functions/{FunctionName}/event-invoke-config', 'PutFunctionEventInvokeConfig', putFunctionEventInvokeConfig],
  ['POST', '/2019-09-25/functions/{FunctionName}/event-invoke-config', 'UpdateFunctionEventInvokeConfig', updateFunctionEventInvokeConfig],
  ['GET', '/2019-09-25/functions/{FunctionName}/event-invoke-config', 'GetFunctionEventInvokeConfig', getFunctionEventInvokeConfig],
  ['DELETE', '/2019-09-25/functions/{FunctionName}/event-invoke-config', 'DeleteFunctionEventInvokeConfig', deleteFunctionEventInvokeConfig],
  ['PUT', '/2024-08-31/functions/{FunctionName}/recursion-config', 'PutFunctionRecursionConfig', putFunctionRecursionConfig],
  ['GET', '/2024-08-31/functions/{FunctionName}/recursion-config', 'GetFunctionRecursionConfig', getFunctionRecursionConfig],
];

const routes: Route[] = table.map(([method, template, name, operation]) => {
  const params: string[] = [];
  const source = template.replace(/\{(\w+)\}/g, (_, param: string) => {
    params.push(param);
    return '([^/]+)';
  });
  // ListFunctions is GET /2015-03-31/functions/ with its slash; accept both.
  return { method, name, params, operation, pattern: new RegExp(`^${source}/?$`) };
});

export const lambdaOperationNames: readonly string[] = routes.map((r) => r.name);

/** The route for a method and path, with its path parameters decoded; undefined when none matches. */
export function findRoute(method: string, path: string): { name: string; operation: Operation; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    const params = Object.fromEntries(route.params.map((p, i) => [p, decodeURIComponent(match[i + 1]!)]));
    return { name: route.name, operation: route.operation, params };
  }
  return undefined;
}

/** True when the path is Lambda's (the router tells a Lambda call it cannot answer from a stray request). */
export function isLambdaPath(path: string): boolean {
  return /^\/(2015-03-31|2018-10-31|2021-11-15|2016-08-19|2017-03-31|2019-09-25|2019-09-30|2020-04-22|2020-06-30|2021-10-31|2014-11-13|2024-08-31)\//.test(path);
}
