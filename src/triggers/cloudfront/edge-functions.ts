// Lambda@Edge functions, through the Lambda port only: the checks CloudFront makes when a
// function is associated (a numbered version in us-east-1, Node.js or Python, no environment
// variables, no layers, the memory, timeout and package size of its event type), and one
// invocation with CloudFront's answers when it fails: 500 for a function error, 503 when it timed
// out or was throttled, 502 for output CloudFront cannot read.
// Sources: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-500-lambda-execution-error.html
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-503-lambda-limit-execeeded-error.html
// The association messages quote CloudFront's InvalidLambdaFunctionAssociation errors as users
// report them (hashicorp/terraform-provider-aws issue #21238; awslabs/aws-cloudfront-extensions issue #112).

import { edgeFunctionRegion, edgeLimits, edgeRuntimePattern, formatBytes } from '../../runtime/limits.ts';
import type { FunctionConfiguration } from '../../runtime/types.ts';
import { portError, type LambdaPort } from '../lambda-port.ts';
import type { EdgeEventType, FunctionAssociation } from './distribution-config.ts';
import { EdgeValidationError } from './edge-headers.ts';

export class InvalidAssociationError extends Error {}

/** A failed invocation as CloudFront answers it. */
export class EdgeFunctionError extends Error {
  readonly status: 500 | 502 | 503;
  /** X-Cache's word for it ("LambdaExecutionError from cloudfront"). */
  readonly cacheResult: string;

  constructor(status: 500 | 502 | 503, cacheResult: string, message: string) {
    super(message);
    this.status = status;
    this.cacheResult = cacheResult;
  }
}

export interface EdgeFunction {
  association: FunctionAssociation;
  name: string;
  version: string;
  configuration: FunctionConfiguration;
}

const arnPattern = /^arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]+)(?::([^:]+))?$/;
const isViewer = (eventType: EdgeEventType) => eventType.startsWith('viewer-');

/** The checks CloudFront makes when a distribution is created with this association. */
export async function checkAssociation(port: LambdaPort, association: FunctionAssociation): Promise<EdgeFunction> {
  const arn = association.functionArn;
  const match = arnPattern.exec(arn);
  const refuse = (rule: string): never => {
    throw new InvalidAssociationError(`InvalidLambdaFunctionAssociation: ${rule}`);
  };
  if (!match) return refuse(`${JSON.stringify(arn)} is not a Lambda function version ARN (arn:aws:lambda:us-east-1:ACCOUNT:function:NAME:VERSION). Use !Ref Function.Version (with AutoPublishAlias) or an AWS::Lambda::Version.`);
  const [, region, , name, qualifier] = match as unknown as [string, string, string, string, string | undefined];
  if (qualifier === undefined || !/^\d+$/.test(qualifier)) {
    return refuse(`The function ARN must reference a specific function version. (The ARN must end with the version number.) ARN: ${arn}. ${qualifier === undefined || qualifier === '$LATEST' ? '$LATEST is not a version' : `'${qualifier}' is an alias, not a version`}: associate a numbered version (!Ref Function.Version, or an AWS::Lambda::Version).`);
  }
  if (region !== edgeFunctionRegion) return refuse(`The function must be in region '${edgeFunctionRegion}'. ARN: ${arn}. Serve the template with --region ${edgeFunctionRegion}.`);
  let configuration: FunctionConfiguration;
  try {
    configuration = await port.getFunctionConfiguration(name, qualifier);
  } catch (error) {
    return refuse(`The function ${arn} could not be found (${portError(error).message}).`);
  }
  const viewer = isViewer(association.eventType);
  if (!edgeRuntimePattern.test(configuration.Runtime)) return refuse(`The function has a runtime that Lambda@Edge does not support (${configuration.Runtime}): Lambda@Edge runs Node.js and Python functions only. Function: ${arn}`);
  // AWS_ENDPOINT_URL_* are this course's stand-in for AWS's own endpoints (set by the platform, as
  // the reserved variables are, which current docs exempt), not the function's configuration.
  const variables = Object.keys(configuration.Environment.Variables).filter((k) => !/^AWS_ENDPOINT_URL(_[A-Z0-9_]+)?$/.test(k));
  if (variables.length > 0) {
    return refuse(`The function cannot have environment variables (it has ${variables.join(', ')}). Function: ${arn}. Put configuration in the code or fetch it at init.`);
  }
  if (configuration.Layers.length > 0) return refuse(`The function cannot have layers (it has ${configuration.Layers.length}). Function: ${arn}. Bundle the layer's code into the function.`);
  if (viewer && configuration.MemorySize > edgeLimits.viewerMemorySize.max) {
    return refuse(`The function memory size is larger than the maximum allowed for functions that are triggered by a CloudFront viewer event: ${configuration.MemorySize} Max allowed: ${edgeLimits.viewerMemorySize.max} Function: ${arn}`);
  }
  const maxTimeout = viewer ? edgeLimits.viewerTimeout.max : edgeLimits.originTimeout.max;
  if (configuration.Timeout > maxTimeout) {
    return refuse(`The function timeout is larger than the maximum allowed for functions that are triggered by a CloudFront event: ${configuration.Timeout} Max allowed: ${maxTimeout} Function: ${arn}`);
  }
  const maxPackage = viewer ? edgeLimits.viewerPackageSize.max : edgeLimits.originPackageSize.max;
  if (configuration.CodeSize > maxPackage) {
    return refuse(`The function code size is larger than the maximum allowed for functions that are triggered by a CloudFront ${viewer ? 'viewer' : 'origin'} event: ${configuration.CodeSize} bytes. Max allowed: ${formatBytes(maxPackage)}. Function: ${arn}`);
  }
  return { association, name, version: qualifier, configuration };
}

export interface Invocation {
  result: unknown;
  logs: string[];
  requestId: string;
}

/** Invokes the function's version with the event; a failure becomes CloudFront's answer to it. */
export async function invokeEdgeFunction(port: LambdaPort, fn: EdgeFunction, event: object): Promise<Invocation> {
  let out;
  try {
    out = await port.invoke({ functionName: fn.name, qualifier: fn.version, payload: JSON.stringify(event) });
  } catch (error) {
    const e = portError(error);
    if (e.statusCode === 429 || e.name === 'TooManyRequestsException') throw new EdgeFunctionError(503, 'LambdaLimitExceeded from cloudfront', `The Lambda function associated with the CloudFront distribution was throttled (${e.message}).`);
    throw new EdgeFunctionError(503, 'LambdaLimitExceeded from cloudfront', `The Lambda function associated with the CloudFront distribution is invalid or doesn't have the required permissions (${e.name}: ${e.message}).`);
  }
  const text = out.payload.toString('utf8');
  if (out.functionError) {
    let error: { errorType?: string; errorMessage?: string } = {};
    try {
      error = JSON.parse(text);
    } catch {
      // the payload is what the runtime sent; shown as it is below
    }
    if (error.errorType === 'Sandbox.Timedout' || /Task timed out/.test(error.errorMessage ?? '')) {
      throw Object.assign(new EdgeFunctionError(503, 'LambdaLimitExceeded from cloudfront', `The Lambda function associated with the CloudFront distribution timed out: ${error.errorMessage ?? text}`), { logs: out.logs });
    }
    throw Object.assign(new EdgeFunctionError(500, 'LambdaExecutionError from cloudfront', `The Lambda function returned an error: ${error.errorType ?? 'Error'}: ${error.errorMessage ?? text}`), { logs: out.logs });
  }
  try {
    return { result: text === '' ? null : JSON.parse(text), logs: out.logs, requestId: out.requestId };
  } catch {
    throw Object.assign(new EdgeValidationError('The Lambda function returned invalid JSON: The JSON output is not parsable.'), { logs: out.logs });
  }
}
