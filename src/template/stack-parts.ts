// What a template starts besides functions and layers: APIs, distributions, queues, streams,
// tables, alarms. Each kind is a stack part (src/template/parts/*.ts) that claims its resource
// types and its function event types (Events: Type: Api), gives the Ref and GetAtt values of its
// resources before anything starts (a function's variables may name a queue's URL), then starts
// them in front of the deployed functions, as a client of the Lambda port only, and adds its
// section to the outputs (apis, websockets, distributions, queues, streams).

import type { EndpointProtocol } from '../endpoint/protocols.ts';
import type { SimulatedClock } from '../runtime/clock.ts';
import type { LambdaPort } from '../triggers/lambda-port.ts';
import type { DeployedStack } from './deploy.ts';
import type { ResourcePlan, TemplatePlan } from './load.ts';
import type { Json } from './parse.ts';

/** One entry of a function's Events, after Globals. */
export interface FunctionEventPlan {
  functionLogicalId: string;
  eventId: string;
  type: string;
  properties: Record<string, Json>;
}

export interface ReferenceContext {
  region: string;
  accountId: string;
  /** The endpoint's URL (queue URLs and API URLs are made from it). */
  endpointUrl: string;
  /** A property of the resource, intrinsics resolved. */
  property(resource: ResourcePlan, key: string): Json | undefined;
}

export interface References {
  /** What !Ref gives. */
  ref: Json;
  /** What !GetAtt gives, by attribute name. */
  attributes: Record<string, Json>;
}

export interface StackPartContext extends ReferenceContext {
  plan: TemplatePlan;
  /** This part's resources, in template order. */
  resources: ResourcePlan[];
  /** This part's function events. */
  functionEvents: FunctionEventPlan[];
  stack: DeployedStack;
  port: LambdaPort;
  /** The stack's one clock (TTLs, visibility timeouts, alarm periods), which a lab may advance. */
  clock: SimulatedClock;
  /** Adds an AWS protocol to the endpoint; returns its removal. */
  addProtocol(protocol: EndpointProtocol): () => void;
  /**
   * What a part shares with the parts that start after it, by name: the queues part puts its
   * SqsQueues under 'sqs', the streams part its KinesisStreams under 'kinesis'; event source
   * mappings find the queue or stream they read there.
   */
  shared: Map<string, unknown>;
  /** The references of any part's resource (an event source naming a queue). */
  references(logicalId: string): References | undefined;
  /** A line for the console: what started, where. */
  notice(line: string): void;
  /** An access-log or decision line (one per request through an API or distribution). */
  log(line: string): void;
}

export interface StartedStackPart {
  /** Sections of the outputs file: section name -> logical id -> URL, name or record. */
  outputs: Record<string, Record<string, unknown>>;
  /** Functions whose log lines this part writes to its own log (a distribution's Lambda@Edge functions, under their Edge log group). */
  logsShownFor?: string[];
  close(): Promise<void>;
}

export interface StackPart {
  name: string;
  resourceTypes: readonly string[];
  functionEventTypes: readonly string[];
  /** Starts even when the template has none of its types (CloudWatch: every function has metrics). */
  startsWithEveryTemplate?: boolean;
  references?(resource: ResourcePlan, context: ReferenceContext): References;
  /**
   * Variables every function of a template with this part's resources gets (the functions' own
   * win): e.g. the certificate a local API answers TLS with, so their SDKs trust it.
   */
  functionEnvironment?(): Record<string, string>;
  start(context: StackPartContext): Promise<StartedStackPart>;
}
