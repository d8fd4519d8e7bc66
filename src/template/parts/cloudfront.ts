// AWS::CloudFront::Distribution as a stack part: each distribution on a loopback port of its
// own, in front of the template's origins, its Lambda@Edge associations checked as CloudFront
// checks them when it creates a distribution (a refusal stops the stack, naming the rule). The
// template's own AWS::CloudFront::CachePolicy and ::OriginRequestPolicy resources are read by
// the distributions that name them. Ref gives a distribution's ID (GetAtt Id, DomainName) and a
// policy's ID (GetAtt Id). Settings a local distribution does not act on are listed, once.
// Outputs: `distributions`: logical id -> { url, id, domainName }.
// Sources: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudfront-distribution.html (Return values)
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudfront-cachepolicy.html

import { policyId } from '../../triggers/cloudfront/cache-policies.ts';
import { readDistributionConfig, distributionId, DistributionConfigError, edgeEventTypes, type PolicyLookup } from '../../triggers/cloudfront/distribution-config.ts';
import { startDistribution, type StartedDistribution } from '../../triggers/cloudfront/distribution.ts';
import { checkAssociation, InvalidAssociationError, type EdgeFunction } from '../../triggers/cloudfront/edge-functions.ts';
import type { ResourcePlan } from '../load.ts';
import type { References, StackPart } from '../stack-parts.ts';
import { TemplateError } from '../template-error.ts';

const type = 'AWS::CloudFront::Distribution';
const cachePolicyType = 'AWS::CloudFront::CachePolicy';
const originRequestPolicyType = 'AWS::CloudFront::OriginRequestPolicy';

/** What a local distribution accepts and does not act on (HTTPS, certificates, names, logging, WAF, geo rules). */
const notActedOn = {
  config: ['Aliases', 'CNAMEs', 'Comment', 'ContinuousDeploymentPolicyId', 'HttpVersion', 'IPV6Enabled', 'Logging', 'OriginGroups', 'PriceClass', 'Restrictions', 'Staging', 'ViewerCertificate', 'WebACLId'],
  behavior: ['Compress', 'FieldLevelEncryptionId', 'RealtimeLogConfigArn', 'ResponseHeadersPolicyId', 'SmoothStreaming', 'TrustedKeyGroups', 'TrustedSigners', 'ViewerProtocolPolicy'],
};

function unemulated(config: unknown): string[] {
  const c = (config ?? {}) as Record<string, unknown>;
  const behaviors = [['DefaultCacheBehavior', c.DefaultCacheBehavior], ...((Array.isArray(c.CacheBehaviors) ? c.CacheBehaviors : []) as unknown[]).map((b, i) => [`CacheBehaviors[${i}]`, b])] as Array<[string, unknown]>;
  const set = (value: unknown) => value !== undefined && value !== null && value !== false && !(Array.isArray(value) && value.length === 0);
  return [
    ...notActedOn.config.filter((k) => set(c[k])).map((k) => (k === 'OriginGroups' ? 'OriginGroups (each serves from its primary origin, no failover)' : k)),
    ...behaviors.flatMap(([at, b]) => notActedOn.behavior.filter((k) => k !== 'ViewerProtocolPolicy' || (b as Record<string, unknown>)?.[k] !== 'allow-all').filter((k) => set((b as Record<string, unknown>)?.[k])).map((k) => `${at}.${k}`)),
  ];
}

export const cloudFrontPart: StackPart = {
  name: 'cloudfront',
  resourceTypes: [type, cachePolicyType, originRequestPolicyType],
  functionEventTypes: [],
  references(resource: ResourcePlan): References {
    if (resource.type !== type) return { ref: policyId(resource.logicalId), attributes: { Id: policyId(resource.logicalId) } };
    const id = distributionId(resource.logicalId);
    return { ref: id, attributes: { Id: id, DomainName: `d${id.slice(1).toLowerCase()}.cloudfront.net` } };
  },
  async start(context) {
    const started: StartedDistribution[] = [];
    const outputs: Record<string, unknown> = {};
    const edgeFunctionNames = new Set<string>();
    const closeAll = async () => {
      for (const d of started.splice(0)) await d.close();
    };
    const policies: PolicyLookup = (id) => {
      const resource = context.resources.find((r) => r.type !== type && policyId(r.logicalId) === id);
      if (!resource) return undefined;
      const key = resource.type === cachePolicyType ? 'CachePolicyConfig' : 'OriginRequestPolicyConfig';
      return { type: resource.type === cachePolicyType ? 'cache' : 'origin-request', logicalId: resource.logicalId, config: { [key]: context.property(resource, key) ?? null } };
    };
    try {
      for (const resource of context.resources.filter((r) => r.type === type)) {
        const place = { file: context.plan.file, resource: resource.logicalId };
        let config;
        const raw = context.property(resource, 'DistributionConfig');
        const ignored = unemulated(raw);
        if (ignored.length > 0) context.notice(`${resource.logicalId} (${type}): not emulated (accepted, no effect here): ${ignored.join(', ')}`);
        try {
          config = readDistributionConfig(resource.logicalId, raw, resource.metadata, context.plan.directory, policies);
        } catch (error) {
          if (error instanceof DistributionConfigError) throw new TemplateError({ ...place, property: error.property }, error.message);
          throw error;
        }
        const functions = new Map<string, EdgeFunction>();
        for (const [b, behavior] of config.behaviors.entries()) {
          for (const eventType of edgeEventTypes) {
            const association = behavior.associations[eventType];
            if (!association || functions.has(association.functionArn)) continue;
            try {
              functions.set(association.functionArn, await checkAssociation(context.port, association));
            } catch (error) {
              const where = b === config.behaviors.length - 1 ? 'DefaultCacheBehavior' : `CacheBehaviors[${b}]`;
              if (error instanceof InvalidAssociationError) throw new TemplateError({ ...place, property: `DistributionConfig.${where}.LambdaFunctionAssociations (${eventType})` }, error.message);
              throw error;
            }
          }
        }
        if (!config.enabled) {
          context.notice(`${resource.logicalId} (${type}) is disabled (Enabled: false): not started.`);
          continue;
        }
        for (const fn of functions.values()) edgeFunctionNames.add(fn.name);
        const distribution = await startDistribution({ config, functions, port: context.port, clock: context.clock, log: context.log });
        started.push(distribution);
        outputs[resource.logicalId] = { url: distribution.url, id: config.id, domainName: config.domainName };
        const triggers = [...functions.values()].map((f) => `${f.association.eventType} ${f.name}:${f.version}`);
        context.notice(`${resource.logicalId} (CloudFront ${config.id}) at ${distribution.url}${triggers.length ? `, Lambda@Edge: ${triggers.join(', ')}` : ''}`);
      }
    } catch (error) {
      await closeAll();
      throw error;
    }
    return { outputs: { distributions: outputs }, logsShownFor: [...edgeFunctionNames], close: closeAll };
  },
};
