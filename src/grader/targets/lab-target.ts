// Where a lab's functions run: the embedded runtime, any AWS-compatible endpoint, or the
// learner's own AWS account. The deployer (../deployment.ts) turns a lab into resources on a
// target and tears them down; checks then see each function only as a Lambda user sees it
// (../target.ts), plus AWS SDK clients pointed at the target, so one check runs everywhere.

import type { KMSClient } from '@aws-sdk/client-kms';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { LambdaPort } from '../../triggers/lambda-port.ts';
import type { LambdaTarget } from '../target.ts';
import type { LabStackNeed, ProvidedStack } from './lab-stack.ts';
import type { BackendNeed, ProvidedBackend } from './lab-backend.ts';

export type TargetKind = 'embedded' | 'endpoint' | 'aws';
export const targetKinds: readonly TargetKind[] = ['embedded', 'endpoint', 'aws'];

/** A function as the deployer asks for it: Lambda's CreateFunction, with the code as a folder. */
export interface FunctionSpec {
  name: string;
  runtime: string;
  handler: string;
  /** The folder that is the function's code (a target that uploads zips it). */
  codeFolder: string;
  memorySize?: number;
  timeout?: number;
  environment: Record<string, string>;
  /** Layer version ARNs, in the order Lambda extracts them. */
  layers: string[];
  /** The lab it belongs to: resources on AWS are tagged lambda-dojo:lab=N. */
  lab: number;
}

/** The official SDK clients, pointed where the target's functions live. */
export interface AwsClients {
  lambda: LambdaClient;
  kms: KMSClient;
}

/** The endpoint's outputs, in the shape `serve --outputs` writes them. */
export interface TargetOutputs {
  /** The endpoint the clients use; on AWS, Lambda's regional endpoint. */
  endpoint: string;
  functions: Record<string, { name: string; arn: string }>;
}

/** Requests and compute a target's functions used, for the cost line. */
export interface Usage {
  requests: number;
  /** Sum of billed duration x memory, in GB-seconds. */
  gbSeconds: number;
}

/** What a lab asks its target for (lab.ts `needs`), beside its function. */
export interface LabNeeds {
  /**
   * A KMS key the check encrypts with and the function decrypts with. `decryptDelayMs`: where the
   * target can, hold back each Decrypt answer this long (a slow KMS shows where a function waits).
   */
  keyService?: { decryptDelayMs?: number };
  /** A SAM template of what the lab puts around the learner's function (./lab-stack.ts). */
  stack?: LabStackNeed;
  /**
   * A backend on loopback that the function calls through BACKEND_URL (and ASSET_URL), which
   * counts connections, handshakes, requests and asset downloads (./lab-backend.ts). Local
   * targets only: a function on AWS cannot reach this machine's loopback address.
   */
  backend?: BackendNeed;
}

/** A key the target provided for a lab run. */
export interface ProvidedKeyService {
  keyId: string;
  /** A KMS client that reaches the key: the check's encrypt is the same code on every target. */
  kms: KMSClient;
  /** Variables the function needs to reach this KMS (none on AWS: the regional endpoint). */
  environment: Record<string, string>;
  /**
   * Decrypt calls so far, where the target can count them at once (a local key service).
   * Undefined on AWS, where only CloudTrail counts them, minutes later.
   */
  decryptCalls?: () => number;
  /** True when Decrypt answers are held back by decryptDelayMs. */
  delaysDecrypt: boolean;
}

export interface ProvidedNeeds {
  keyService?: ProvidedKeyService;
  stack?: ProvidedStack;
  backend?: ProvidedBackend;
}

export interface LabTarget {
  readonly kind: TargetKind;
  /** One phrase for messages: "the embedded runtime", "http://127.0.0.1:4566", "AWS (eu-west-1)". */
  readonly description: string;
  readonly region: string;
  readonly clients: AwsClients;
  /** Publishes a layer from a .zip; returns its version ARN. */
  publishLayer(name: string, zip: Buffer, lab: number): Promise<string>;
  deleteLayer(arn: string): Promise<void>;
  /** Creates the function and waits until it is Active; Lambda's own errors are thrown as they come. */
  createFunction(spec: FunctionSpec): Promise<LambdaTarget & { arn: string }>;
  /** Deletes the function (its versions and aliases with it); no error when it does not exist. */
  deleteFunction(name: string): Promise<void>;
  provideKeyService(options: { decryptDelayMs?: number; lab: number }): Promise<ProvidedKeyService & { release(): Promise<void> }>;
  /** The target's functions as the triggers call them (Invoke, GetFunctionConfiguration). */
  lambdaPort(): LambdaPort;
  /** Starts the lab's backend where the functions can reach it, or refuses (TargetRefused) saying why not. */
  provideBackend(need: BackendNeed, lab: number): Promise<ProvidedBackend & { release(): Promise<void> }>;
  /** What the functions used so far (requests, GB-seconds). */
  usage(): Usage;
  close(): Promise<void>;
}

/** Thrown when a target refuses what the deployer asked, in Lambda's words. */
export class TargetRefused extends Error {
  override name = 'TargetRefused';
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}
