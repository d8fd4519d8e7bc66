// AWS::CloudFront::Distribution as a stack part: each distribution on a loopback port of its
// own, in front of the template's origins, its Lambda@Edge associations checked as CloudFront
// checks them when it creates a distribution (a refusal stops the stack, naming the rule).
// Ref gives the distribution's ID; GetAtt DomainName and Id as CloudFormation gives them.
// Outputs: `distributions`: logical id -> { url, id, domainName }.
// Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudfront-distribution.html (Return values)

import { readDistributionConfig, distributionId, DistributionConfigError, edgeEventTypes } from '../../triggers/cloudfront/distribution-config.ts';
import { startDistribution, type StartedDistribution } from '../../triggers/cloudfront/distribution.ts';
import { checkAssociation, InvalidAssociationError, type EdgeFunction } from '../../triggers/cloudfront/edge-functions.ts';
import type { ResourcePlan } from '../load.ts';
import type { StackPart } from '../stack-parts.ts';
import { TemplateError } from '../template-error.ts';

const type = 'AWS::CloudFront::Distribution';

export const cloudFrontPart: StackPart = {
  name: 'cloudfront',
  resourceTypes: [type],
  functionEventTypes: [],
  references(resource: ResourcePlan) {
    const id = distributionId(resource.logicalId);
    return { ref: id, attributes: { Id: id, DomainName: `d${id.slice(1).toLowerCase()}.cloudfront.net` } };
  },
  async start(context) {
    const started: StartedDistribution[] = [];
    const outputs: Record<string, unknown> = {};
    const closeAll = async () => {
      for (const d of started.splice(0)) await d.close();
    };
    try {
      for (const resource of context.resources) {
        const place = { file: context.plan.file, resource: resource.logicalId };
        let config;
        try {
          config = readDistributionConfig(resource.logicalId, context.property(resource, 'DistributionConfig'), resource.metadata, context.plan.directory);
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
    return { outputs: { distributions: outputs }, close: closeAll };
  },
};
