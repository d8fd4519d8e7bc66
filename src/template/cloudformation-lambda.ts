// CloudFormation's own Lambda resources, AWS::Lambda::Function and AWS::Lambda::LayerVersion,
// read into the same shape as their SAM counterparts so one deployment path runs both. Their
// code is a local path (as `aws cloudformation package` takes it) or, for a function, inline
// source in Code.ZipFile; an S3 location is refused when it is deployed, by name.
// Sources: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-layerversion.html

import type { Json } from './parse.ts';
import { TemplateError, type TemplatePlace } from './template-error.ts';

const functionRuns = ['Code', 'Handler', 'Runtime', 'MemorySize', 'Timeout', 'Environment', 'Layers', 'FunctionName', 'Description', 'EphemeralStorage', 'PackageType', 'RecursiveLoop', 'DeadLetterConfig'];
const functionOthers = [
  'Architectures', 'CapacityProviderConfig', 'CodeSigningConfigArn', 'DurableConfig', 'FileSystemConfigs', 'FunctionScalingConfig', 'ImageConfig', 'KmsKeyArn',
  'LoggingConfig', 'ReservedConcurrentExecutions', 'Role', 'RuntimeManagementConfig', 'SnapStart', 'Tags', 'TenancyConfig', 'TracingConfig', 'VpcConfig',
];
const layerTakes = ['Content', 'LayerName', 'Description', 'CompatibleRuntimes', 'CompatibleArchitectures', 'LicenseInfo'];

export interface Converted {
  properties: Record<string, Json>;
  /** Properties accepted and not acted on. */
  ignored: string[];
  /** Which of the template's own property names each converted one came from (CodeUri <- Code). */
  writtenAs: Record<string, string>;
}

function isMap(value: unknown): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function fromLambdaFunction(place: TemplatePlace, properties: Record<string, Json>): Converted {
  const out: Record<string, Json> = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(properties)) {
    if (functionOthers.includes(key)) ignored.push(key);
    else if (!functionRuns.includes(key)) throw new TemplateError({ ...place, property: `Properties.${key}` }, `is not a property of AWS::Lambda::Function. Check its spelling; the properties this course runs are ${functionRuns.join(', ')}.`);
    else if (key !== 'Code') out[key] = value;
  }
  const code = properties.Code;
  if (isMap(code) && 'ZipFile' in code) out.InlineCode = code.ZipFile!;
  else if (isMap(code) && 'ImageUri' in code) out.PackageType = 'Image';
  else if (code !== undefined) out.CodeUri = code;
  return { properties: out, ignored, writtenAs: { CodeUri: 'Code', InlineCode: 'Code.ZipFile' } };
}

export function fromLambdaLayerVersion(place: TemplatePlace, properties: Record<string, Json>): Converted {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (!layerTakes.includes(key)) throw new TemplateError({ ...place, property: `Properties.${key}` }, `is not a property of AWS::Lambda::LayerVersion (it takes ${layerTakes.join(', ')}).`);
    if (key === 'Content') out.ContentUri = value;
    else out[key] = value;
  }
  return { properties: out, ignored: [], writtenAs: { ContentUri: 'Content' } };
}
