// What the names in a template resolve to, here: parameters, pseudo parameters, and the
// resources this course runs (a function's Ref is its name and GetAtt Arn its ARN; a layer's Ref
// its version ARN; `Function.Alias` the ARN of the AutoPublishAlias alias). A reference to a
// resource that is not emulated resolves to its logical id, and says so once.
// Sources: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html (Return values)

import { RuleError, type Scope } from './intrinsics.ts';
import { functionTypes, layerTypes, type TemplatePlan } from './load.ts';
import type { Json } from './parse.ts';
import type { References } from './stack-parts.ts';

export interface ScopeParts {
  plan: TemplatePlan;
  region: string;
  accountId: string;
  functionName(logicalId: string): string;
  functionArn(name: string, qualifier?: string): string;
  aliasName(logicalId: string): string | undefined;
  /** Publishes the layer if it is not yet (layers are published before the functions that use them). */
  layerVersionArn(logicalId: string): string;
  notice(line: string): void;
  /** Ref and GetAtt values of a resource a stack part starts (a queue, an API), or undefined. */
  partReferences(logicalId: string): References | undefined;
  /**
   * The version ARN a function's AutoPublishAlias published (`!Ref Fn.Version`), or an
   * AWS::Lambda::Version's; known once functions are deployed (stack parts read it then).
   */
  versionArn?(logicalId: string): string;
}

export function templateScope(parts: ScopeParts): Scope {
  const { plan } = parts;
  const told = new Set<string>();
  const notEmulated = (logicalId: string, shown: string): string => {
    if (!told.has(logicalId)) {
      told.add(logicalId);
      parts.notice(`${logicalId} (${plan.types[logicalId]}) is not emulated: references to it resolve to '${shown}'.`);
    }
    return shown;
  };
  const pseudo: Record<string, Json> = {
    'AWS::Region': parts.region,
    'AWS::AccountId': parts.accountId,
    'AWS::StackName': plan.stackName,
    'AWS::StackId': `arn:aws:cloudformation:${parts.region}:${parts.accountId}:stack/${plan.stackName}/00000000-0000-0000-0000-000000000000`,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::NotificationARNs': [],
  };
  const kind = (logicalId: string) => plan.types[logicalId];
  return {
    ref(name) {
      if (name in pseudo) return pseudo[name]!;
      if (name in plan.parameters) return plan.parameters[name]!;
      const [logicalId, suffix] = name.split('.', 2) as [string, string | undefined];
      const type = kind(logicalId);
      if (type !== undefined && functionTypes.includes(type)) {
        if (suffix === undefined) return parts.functionName(logicalId);
        const alias = parts.aliasName(logicalId);
        if (suffix === 'Alias' && alias) return parts.functionArn(parts.functionName(logicalId), alias);
        // SAM: with AutoPublishAlias, Fn.Version is the published version's ARN (what CloudFront's Lambda@Edge takes).
        if (suffix === 'Version' && alias && parts.versionArn) return parts.versionArn(logicalId);
        throw new RuleError('', `Ref ${name}: ${suffix === 'Alias' || suffix === 'Version' ? `${logicalId} has no AutoPublishAlias` : `a function offers ${logicalId}, ${logicalId}.Alias and ${logicalId}.Version (with AutoPublishAlias) here`}.`);
      }
      if (type !== undefined && layerTypes.includes(type) && suffix === undefined) return parts.layerVersionArn(logicalId);
      if (type === 'AWS::Lambda::Version' && suffix === undefined && parts.versionArn) return parts.versionArn(logicalId);
      const started = type !== undefined && suffix === undefined ? parts.partReferences(logicalId) : undefined;
      if (started) return started.ref;
      if (type !== undefined && suffix === undefined) return notEmulated(logicalId, logicalId);
      throw new RuleError('', `Ref ${name} names no parameter, resource or pseudo parameter of this template. Parameters: ${Object.keys(plan.parameters).join(', ') || 'none'}.`);
    },
    getAtt(logicalId, attribute) {
      const type = kind(logicalId);
      if (type !== undefined && functionTypes.includes(type)) {
        if (attribute === 'Arn') return parts.functionArn(parts.functionName(logicalId));
        throw new RuleError('', `Fn::GetAtt ${logicalId}.${attribute}: a function's attribute here is Arn.`);
      }
      if (type !== undefined && layerTypes.includes(type)) {
        if (attribute === 'LayerVersionArn' || attribute === 'Arn') return parts.layerVersionArn(logicalId);
        throw new RuleError('', `Fn::GetAtt ${logicalId}.${attribute}: use !Ref ${logicalId} for the layer version ARN.`);
      }
      if (type === 'AWS::Lambda::Version' && parts.versionArn) {
        if (attribute === 'Version') return parts.versionArn(logicalId).split(':').pop()!;
        throw new RuleError('', `Fn::GetAtt ${logicalId}.${attribute}: an AWS::Lambda::Version offers Version here (!Ref gives its ARN).`);
      }
      const started = type !== undefined ? parts.partReferences(logicalId) : undefined;
      if (started) {
        if (attribute in started.attributes) return started.attributes[attribute]!;
        throw new RuleError('', `Fn::GetAtt ${logicalId}.${attribute}: ${type} offers ${Object.keys(started.attributes).join(', ') || 'no attributes'} here.`);
      }
      if (type !== undefined) return notEmulated(logicalId, `${logicalId}.${attribute}`);
      throw new RuleError('', `Fn::GetAtt ${logicalId}.${attribute} names no resource of this template.`);
    },
    mapping(map, top, second) {
      const value = (plan.mappings[map] as Record<string, Record<string, Json>> | undefined)?.[top]?.[second];
      if (value === undefined) throw new RuleError('', `Fn::FindInMap [${map}, ${top}, ${second}] finds nothing in Mappings.`);
      return value;
    },
  };
}
