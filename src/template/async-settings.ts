// A function's asynchronous settings as a template writes them: SAM's DeadLetterQueue
// ({Type: SQS | SNS, TargetArn}) and EventInvokeConfig (retries, maximum event age, on-success and
// on-failure destinations with a Type), CloudFormation's DeadLetterConfig ({TargetArn}). They
// become the function's DeadLetterConfig and its event invoke configuration, which SAM puts on
// the AutoPublishAlias alias when there is one and on $LATEST otherwise.
// Sources: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-deadletterqueue.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-eventinvokeconfiguration.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-eventinvokedestinationconfiguration.html

import { limits, type Quota } from '../runtime/limits.ts';
import type { EventInvokeConfigInput } from '../runtime/types.ts';
import type { ResourcePlan } from './load.ts';
import type { Json } from './parse.ts';

export interface AsyncSettingsOfFunction {
  deadLetterConfig?: { TargetArn: string };
  eventInvokeConfig?: EventInvokeConfigInput;
}

type Fail = (resource: string, property: string, rule: string) => never;

/** SAM's destination Type and the ARN service it names. */
const destinationTypes: Record<string, string> = { SQS: 'sqs', SNS: 'sns', Lambda: 'lambda', EventBridge: 'events', S3Bucket: 's3' };

function isMap(value: Json | undefined): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function arnOf(value: Json | undefined, where: string, id: string, fail: Fail): string {
  if (typeof value !== 'string' || !value.startsWith('arn:')) {
    return fail(id, where, `must be an ARN (e.g. !GetAtt MyQueue.Arn), not ${JSON.stringify(value)}.`);
  }
  return value;
}

function deadLetterOf(resource: ResourcePlan, property: (key: string) => Json | undefined, fail: Fail): { TargetArn: string } | undefined {
  const id = resource.logicalId;
  const cloudFormation = property('DeadLetterConfig');
  if (cloudFormation !== undefined) {
    if (!isMap(cloudFormation)) return fail(id, 'Properties.DeadLetterConfig', 'must be a map with TargetArn.');
    return { TargetArn: arnOf(cloudFormation.TargetArn, 'Properties.DeadLetterConfig.TargetArn', id, fail) };
  }
  const sam = property('DeadLetterQueue');
  if (sam === undefined) return undefined;
  if (!isMap(sam)) return fail(id, 'Properties.DeadLetterQueue', 'must be a map: Type (SQS or SNS) and TargetArn.');
  const type = sam.Type;
  if (type !== 'SQS' && type !== 'SNS') return fail(id, 'Properties.DeadLetterQueue.Type', `${JSON.stringify(type)} is not allowed: use SQS or SNS.`);
  const arn = arnOf(sam.TargetArn, 'Properties.DeadLetterQueue.TargetArn', id, fail);
  if (arn.split(':')[2] !== destinationTypes[type]) return fail(id, 'Properties.DeadLetterQueue.TargetArn', `${arn} is not an ${type} ARN, as Type ${type} says.`);
  return { TargetArn: arn };
}

/** SAM's destination (Type and Destination), or CloudFormation's (Destination only) when `typed` is false. */
function destinationOf(value: Json | undefined, where: string, id: string, fail: Fail, typed: boolean): { Destination?: string } | undefined {
  if (value === undefined) return undefined;
  if (!isMap(value)) return fail(id, where, typed ? 'must be a map: Type and Destination.' : 'must be a map with Destination.');
  if (!typed) return { Destination: arnOf(value.Destination, `${where}.Destination`, id, fail) };
  const type = value.Type;
  if (typeof type !== 'string' || !(type in destinationTypes)) {
    return fail(id, `${where}.Type`, `${JSON.stringify(type)} is not allowed: use ${Object.keys(destinationTypes).join(', ')}.`);
  }
  if (value.Destination === undefined) {
    return fail(id, `${where}.Destination`, `is missing: name the ${type} resource's ARN (!GetAtt ...Arn or !Ref). SAM can create a queue or topic for you on AWS; here, declare it in the template.`);
  }
  const arn = arnOf(value.Destination, `${where}.Destination`, id, fail);
  if (arn.split(':')[2] !== destinationTypes[type]) return fail(id, `${where}.Destination`, `${arn} is not a ${type} ARN, as Type ${type} says.`);
  return { Destination: arn };
}

/** The settings under `at` (SAM's Properties.EventInvokeConfig, or an AWS::Lambda::EventInvokeConfig's Properties). */
function eventInvokeSettings(config: Record<string, Json>, at: string, id: string, fail: Fail, typed: boolean): EventInvokeConfigInput {
  // Checked here, before any function is built: Lambda's ranges (limits.ts).
  const whole = (key: string, quota: Quota): number | undefined => {
    const value = config[key];
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n)) return fail(id, `${at}.${key}`, `${JSON.stringify(value)} is not a whole number.`);
    if (n < quota.min! || n > quota.max) return fail(id, `${at}.${key}`, `${n} is out of range: Lambda takes ${quota.min} to ${quota.max} ${quota.unit} (default ${quota.default}).`);
    return n;
  };
  const retries = whole('MaximumRetryAttempts', limits.asyncRetryAttempts);
  const age = whole('MaximumEventAgeInSeconds', limits.asyncEventAge);
  const destinations = config.DestinationConfig;
  if (destinations !== undefined && !isMap(destinations)) return fail(id, `${at}.DestinationConfig`, 'must be a map: OnSuccess and/or OnFailure.');
  const onSuccess = destinationOf(destinations?.OnSuccess, `${at}.DestinationConfig.OnSuccess`, id, fail, typed);
  const onFailure = destinationOf(destinations?.OnFailure, `${at}.DestinationConfig.OnFailure`, id, fail, typed);
  return {
    ...(retries !== undefined ? { MaximumRetryAttempts: retries } : {}),
    ...(age !== undefined ? { MaximumEventAgeInSeconds: age } : {}),
    ...(onSuccess || onFailure ? { DestinationConfig: { ...(onSuccess ? { OnSuccess: onSuccess } : {}), ...(onFailure ? { OnFailure: onFailure } : {}) } } : {}),
  };
}

function eventInvokeOf(resource: ResourcePlan, property: (key: string) => Json | undefined, fail: Fail): EventInvokeConfigInput | undefined {
  const id = resource.logicalId;
  const config = property('EventInvokeConfig');
  if (config === undefined) return undefined;
  if (!isMap(config)) return fail(id, 'Properties.EventInvokeConfig', 'must be a map: MaximumRetryAttempts, MaximumEventAgeInSeconds, DestinationConfig.');
  const known = ['MaximumRetryAttempts', 'MaximumEventAgeInSeconds', 'DestinationConfig'];
  const unknown = Object.keys(config).find((key) => !known.includes(key));
  if (unknown) return fail(id, `Properties.EventInvokeConfig.${unknown}`, `is not a property of EventInvokeConfig (it takes ${known.join(', ')}).`);
  return eventInvokeSettings(config, 'Properties.EventInvokeConfig', id, fail, true);
}

/**
 * CloudFormation's AWS::Lambda::EventInvokeConfig: FunctionName and Qualifier (both required) and
 * the same settings, its destinations without a Type.
 * Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventinvokeconfig.html
 */
export function eventInvokeConfigResource(resource: ResourcePlan, property: (key: string) => Json | undefined, fail: Fail): { functionName: string; qualifier: string; input: EventInvokeConfigInput } {
  const id = resource.logicalId;
  const functionName = property('FunctionName');
  if (typeof functionName !== 'string' || functionName === '') return fail(id, 'Properties.FunctionName', 'is missing: name the function (!Ref MyFunction).');
  const qualifier = property('Qualifier');
  if (typeof qualifier !== 'string' || qualifier === '') return fail(id, 'Properties.Qualifier', 'is missing: give $LATEST, a version number or an alias name (CloudFormation requires it).');
  const settings: Record<string, Json> = {};
  for (const key of ['MaximumRetryAttempts', 'MaximumEventAgeInSeconds', 'DestinationConfig']) {
    const value = property(key);
    if (value !== undefined) settings[key] = value;
  }
  return { functionName, qualifier, input: eventInvokeSettings(settings, 'Properties', id, fail, false) };
}

export function asyncSettingsOf(resource: ResourcePlan, property: (key: string) => Json | undefined, fail: Fail): AsyncSettingsOfFunction {
  const deadLetterConfig = deadLetterOf(resource, property, fail);
  const eventInvokeConfig = eventInvokeOf(resource, property, fail);
  return { ...(deadLetterConfig ? { deadLetterConfig } : {}), ...(eventInvokeConfig ? { eventInvokeConfig } : {}) };
}
