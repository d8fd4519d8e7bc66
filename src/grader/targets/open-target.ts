// Opens the target a command asked for: the embedded runtime (a service and its local
// endpoint in this process), an endpoint at a URL, or the learner's AWS account.

import { EmbeddedLabTarget } from '../embedded-target.ts';
import type { LabTarget, TargetKind } from './lab-target.ts';
import { SdkLabTarget } from './sdk-target.ts';

export interface TargetChoice {
  kind: TargetKind;
  endpointUrl?: string;
  region?: string;
  role?: string;
}

/** The Region for AWS: --region, else the SDK's own settings (AWS_REGION, AWS_DEFAULT_REGION). */
function awsRegion(choice: TargetChoice): string {
  const region = choice.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('--target aws needs a Region: give --region eu-west-1 (or set AWS_REGION).');
  return region;
}

export async function openTarget(choice: TargetChoice): Promise<LabTarget> {
  if (choice.kind === 'embedded') return EmbeddedLabTarget.start();
  if (choice.kind === 'endpoint') return new SdkLabTarget({ kind: 'endpoint', region: choice.region ?? 'us-east-1', endpointUrl: choice.endpointUrl! });
  return new SdkLabTarget({ kind: 'aws', region: awsRegion(choice), ...(choice.role ? { roleArn: choice.role } : {}), ...(choice.endpointUrl ? { endpointUrl: choice.endpointUrl } : {}) });
}
