// The endpoint and aws targets: everything through the official SDK clients. `endpoint` is any
// AWS-compatible URL (our `serve`, or another local endpoint), with placeholder credentials;
// `aws` is the learner's own account, with the SDK's default credential chain, a role they
// name for the functions, every resource tagged lambda-dojo:lab=N and deleted afterwards.
// Sources: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html,
// https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html, API_ScheduleKeyDeletion.html

import { CreateKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DeleteLayerVersionCommand,
  GetFunctionCommand,
  LambdaClient,
  PublishLayerVersionCommand,
  ResourceNotFoundException,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { zipFolder } from '../../runtime/service.ts';
import type { AwsClients, FunctionSpec, LabTarget, ProvidedKeyService, TargetKind, Usage } from './lab-target.ts';
import type { LambdaPort } from '../../triggers/lambda-port.ts';
import { sdkPort } from '../../triggers/ports/sdk-port.ts';
import { TargetRefused } from './lab-target.ts';
import { placeholderCredentials, provideLocalKeyService } from './local-key-service.ts';
import { SdkFunction } from './sdk-function.ts';
import { startLabBackend, type BackendNeed, type ProvidedBackend } from './lab-backend.ts';

export interface SdkTargetOptions {
  kind: Exclude<TargetKind, 'embedded'>;
  region: string;
  /** Required for `endpoint`; for `aws` only to test the AWS path against a local endpoint. */
  endpointUrl?: string;
  /** The functions' execution role. Required on AWS; the endpoint takes any. */
  roleArn?: string;
}

export const tagKey = 'lambda-dojo:lab';
/** A build on the endpoint (Java, .NET) can take minutes the first time; AWS is quick. */
const activeWaitSeconds = 600;

export class SdkLabTarget implements LabTarget {
  readonly kind: Exclude<TargetKind, 'embedded'>;
  readonly region: string;
  readonly description: string;
  readonly clients: AwsClients;
  private readonly options: SdkTargetOptions;
  private readonly used: Usage = { requests: 0, gbSeconds: 0 };

  constructor(options: SdkTargetOptions) {
    if (options.kind === 'endpoint' && !options.endpointUrl) throw new TargetRefused('InvalidTarget', 'The endpoint target needs --endpoint-url, such as http://127.0.0.1:4566 (start one with npm run -s serve).');
    if (options.kind === 'aws' && !options.roleArn) {
      throw new TargetRefused('InvalidTarget', 'On AWS a function needs an execution role: give --role arn:aws:iam::<account>:role/<name> (the README of the course says how to make one with the AWS CLI).');
    }
    this.options = options;
    this.kind = options.kind;
    this.region = options.region;
    this.description = options.kind === 'aws' ? `AWS (${options.region})${options.endpointUrl ? ` through ${options.endpointUrl}` : ''}` : options.endpointUrl!;
    const config = {
      region: options.region,
      ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
      ...(options.kind === 'endpoint' ? { credentials: placeholderCredentials } : {}),
    };
    this.clients = { lambda: new LambdaClient(config), kms: new KMSClient(config) };
  }

  async publishLayer(name: string, zip: Buffer, lab: number): Promise<string> {
    // Layer versions take no tags: the description says whose they are.
    const out = await this.clients.lambda.send(new PublishLayerVersionCommand({ LayerName: name, Content: { ZipFile: zip }, Description: `lambda-dojo lab ${lab}` }));
    return out.LayerVersionArn!;
  }

  async deleteLayer(arn: string): Promise<void> {
    const match = /^arn:[^:]+:lambda:[^:]+:\d+:layer:([^:]+):(\d+)$/.exec(arn);
    if (!match) return;
    await this.clients.lambda.send(new DeleteLayerVersionCommand({ LayerName: match[1], VersionNumber: Number(match[2]) }));
  }

  async createFunction(spec: FunctionSpec): Promise<SdkFunction> {
    const created = await this.clients.lambda.send(
      new CreateFunctionCommand({
        FunctionName: spec.name,
        Runtime: spec.runtime as never,
        Handler: spec.handler,
        Role: this.options.roleArn ?? 'arn:aws:iam::123456789012:role/lambda-dojo-lab',
        Code: { ZipFile: zipFolder(spec.codeFolder) },
        ...(spec.memorySize !== undefined ? { MemorySize: spec.memorySize } : {}),
        ...(spec.timeout !== undefined ? { Timeout: spec.timeout } : {}),
        Environment: { Variables: spec.environment },
        ...(spec.layers.length > 0 ? { Layers: spec.layers } : {}),
        Tags: { [tagKey]: String(spec.lab) },
      }),
    );
    // A new function is Pending until Lambda has it ready (here: until it is built).
    const waited = await waitUntilFunctionActiveV2({ client: this.clients.lambda, maxWaitTime: activeWaitSeconds, minDelay: 1, maxDelay: 5 }, { FunctionName: spec.name }).catch((error: Error) => error);
    if (waited instanceof Error) {
      const state = await this.clients.lambda.send(new GetFunctionCommand({ FunctionName: spec.name })).catch(() => undefined);
      const reason = state?.Configuration?.StateReason ?? waited.message;
      throw new TargetRefused(state?.Configuration?.StateReasonCode ?? 'FunctionNotActive', `${spec.name} did not become Active (${state?.Configuration?.State ?? 'unknown state'}): ${reason}`);
    }
    return new SdkFunction(this.clients.lambda, spec.name, created.FunctionArn!, (billedMs, memoryMB) => this.count(billedMs, memoryMB));
  }

  private count(billedMs: number, memoryMB: number): void {
    this.used.requests += 1;
    this.used.gbSeconds += (billedMs / 1000) * (memoryMB / 1024);
  }

  async deleteFunction(name: string): Promise<void> {
    try {
      await this.clients.lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }

  lambdaPort(): LambdaPort {
    // The local endpoint's account (serve's default); on AWS the account is in the function ARNs the port is given.
    return sdkPort(this.clients.lambda, { region: this.region, accountId: '123456789012' });
  }

  async provideKeyService(options: { decryptDelayMs?: number; lab: number }): Promise<ProvidedKeyService & { release(): Promise<void> }> {
    // The endpoint's functions run on this machine: the lab's own key service is reachable from them.
    if (this.kind === 'endpoint') return provideLocalKeyService({ region: this.region, ...(options.decryptDelayMs !== undefined ? { decryptDelayMs: options.decryptDelayMs } : {}) });
    // On AWS: a key for this run, that the functions' role may decrypt with (its key policy says
    // so, as well as the account's own full access), scheduled for deletion afterwards.
    const account = /^arn:[^:]+:iam::(\d{12}):/.exec(this.options.roleArn ?? '')?.[1];
    if (!account) throw new TargetRefused('InvalidTarget', `--role ${this.options.roleArn} is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>).`);
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'LabFunctionDecrypts', Effect: 'Allow', Principal: { AWS: this.options.roleArn }, Action: 'kms:Decrypt', Resource: '*' },
      ],
    };
    const key = await this.clients.kms.send(
      new CreateKeyCommand({ Description: `lambda-dojo lab ${options.lab} (deleted after the run)`, Policy: JSON.stringify(policy), Tags: [{ TagKey: tagKey, TagValue: String(options.lab) }] }),
    );
    const keyId = key.KeyMetadata!.KeyId!;
    return {
      keyId,
      kms: this.clients.kms,
      environment: {},
      delaysDecrypt: false,
      // Seven days is KMS's shortest waiting period before a key is deleted.
      release: async () => void (await this.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))),
    };
  }

  async provideBackend(need: BackendNeed, lab: number): Promise<ProvidedBackend & { release(): Promise<void> }> {
    // The endpoint's functions run on this machine: the lab's backend on loopback is reachable from them.
    if (this.kind === 'endpoint') return startLabBackend(need);
    // On AWS nothing the grader starts here is reachable, and what the lab measures (TCP
    // connections, handshakes and downloads as the server sees them) has no AWS metric to read.
    throw new TargetRefused(
      'NeedNotAvailable',
      `Lab ${lab} counts the connections and downloads your function makes to a backend the grader runs on this machine (127.0.0.1), which a function on AWS cannot reach, and AWS has no metric that counts them. Grade it locally (npm run lab ${lab}) or on an endpoint (--target endpoint); on AWS, compare the REPORT lines of a cold and a warm invocation yourself.`,
    );
  }

  usage(): Usage {
    return { ...this.used };
  }

  async close(): Promise<void> {
    this.clients.lambda.destroy();
    this.clients.kms.destroy();
  }
}
