// A lab's function as a SAM template (`npm run lab N -- --template`), so a learner can put their
// code on AWS with the tools AWS documents (sam build, sam deploy): the lab's settings with the
// learner's function.json on top, as the grader deploys them, the layers as
// AWS::Serverless::LayerVersion, and what lab.ts needs (a KMS key) as resources of their own.
// Sources: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html,
// sam-resource-layerversion.html, serverless-policy-template-list.html (KMSDecryptPolicy),
// building-custom-runtimes / building-go (Metadata BuildMethod).

import { join, relative, sep } from 'node:path';
import { stringify } from 'yaml';
import { functionSpec, layerFolders } from './deployment.ts';
import type { LabDefinition, Language } from './lab-types.ts';
import { tagKey } from './targets/sdk-target.ts';

export interface TemplateRequest {
  lab: LabDefinition;
  language: Language;
  runtime: string;
  /** The learner's code folder (workspace/...). */
  codeFolder: string;
  /** Where the template will be written: CodeUri and ContentUri are relative to it, as SAM reads them. */
  templateFolder: string;
}

/** A logical id from a folder name: letters and digits only, as CloudFormation requires. */
function logicalId(prefix: string, folder: string): string {
  return prefix + folder.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

const relativeUri = (from: string, to: string) => {
  const path = relative(from, to).split(sep).join('/');
  return path === '' ? '.' : path;
};

/** Variables that point a function at a local service: on AWS the SDK finds the real one. */
const localOnly = (name: string) => name.startsWith('AWS_ENDPOINT_URL');

export function labTemplate(request: TemplateRequest): string {
  const { lab, language, runtime, codeFolder, templateFolder } = request;
  const spec = functionSpec(lab, language, runtime, codeFolder, `lab${String(lab.number).padStart(2, '0')}-${language}`);
  const resources: Record<string, unknown> = {};
  const layers = layerFolders(codeFolder).map((folder) => {
    const id = logicalId('Layer', folder);
    resources[id] = {
      Type: 'AWS::Serverless::LayerVersion',
      Properties: { LayerName: `lab${lab.number}-${folder.replace(/[^a-zA-Z0-9_-]+/g, '-').replace(/^-+|-+$/g, '')}`, ContentUri: relativeUri(templateFolder, join(codeFolder, folder)) },
    };
    return { Ref: id };
  });
  const variables = Object.fromEntries(Object.entries(spec.environment).filter(([name]) => !localOnly(name)));
  const properties: Record<string, unknown> = {
    CodeUri: relativeUri(templateFolder, spec.codeFolder),
    Runtime: spec.runtime,
    Handler: spec.handler,
    ...(spec.memorySize !== undefined ? { MemorySize: spec.memorySize } : {}),
    ...(spec.timeout !== undefined ? { Timeout: spec.timeout } : {}),
    ...(Object.keys(variables).length > 0 ? { Environment: { Variables: variables } } : {}),
    ...(layers.length > 0 ? { Layers: layers } : {}),
    Tags: { [tagKey]: String(lab.number) },
  };
  if (lab.needs?.keyService) {
    // The key the function decrypts API_KEY with; encrypt the value with: aws kms encrypt --key-id <LabKey>.
    resources.LabKey = { Type: 'AWS::KMS::Key', Properties: { Description: `lambda-dojo lab ${lab.number}`, Tags: [{ Key: tagKey, Value: String(lab.number) }] } };
    properties.Policies = [{ KMSDecryptPolicy: { KeyId: { Ref: 'LabKey' } } }];
  }
  const fn: Record<string, unknown> = { Type: 'AWS::Serverless::Function', Properties: properties };
  // sam build compiles Go only when told how; Java (pom.xml) and .NET (.csproj) it finds itself.
  if (language === 'go') fn.Metadata = { BuildMethod: 'go1.x' };
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Transform: 'AWS::Serverless-2016-10-31',
    Description: `Lambda Dojo lab ${lab.number}: ${lab.title} (${language}). Deploy with: sam build && sam deploy --guided`,
    Resources: { Function: fn, ...resources },
    Outputs: {
      FunctionName: { Value: { Ref: 'Function' } },
      FunctionArn: { Value: { 'Fn::GetAtt': ['Function', 'Arn'] } },
      ...(lab.needs?.keyService ? { KeyId: { Value: { Ref: 'LabKey' } } } : {}),
    },
  };
  return stringify(template, { lineWidth: 0 });
}
