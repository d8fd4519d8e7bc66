// A lab's own stack (lab.ts `needs.stack`): a SAM template beside lab.ts that puts what the lab
// needs around the learner's function (an API with the learner's authorizer, a table, a queue, a
// distribution) on whichever target grades it. Its functions are made on the target like the
// learner's; its APIs, distributions and event sources start here as stack parts, calling the
// target's functions through the Lambda port; its AWS services (DynamoDB, SQS, Kinesis,
// CloudWatch) are served by a loopback endpoint of the run's own, which every function of the
// run reaches through AWS_ENDPOINT_URL_<SERVICE>.
//
// The template names the learner's function through parameters it declares (each optional):
//   LearnerFunctionName, LearnerFunctionArn, and LearnerFunctionVersionArn (a version is then
//   published first, for what needs a numbered version, such as Lambda@Edge).
// It may also hand the scaling of its event source mapping to the learner: LearnerParallelizationFactor
//   and LearnerBatchSize (Type: Number, with a Default) take the learner's function.json
//   "EventSourceMapping": {"ParallelizationFactor": 5, "BatchSize": 100} when it sets them
//   (deployment.ts checks the values and refuses them for a template that does not declare these).
// Every invocation the stack makes of a function (a mapping's batches, an API's requests) is kept
// in `invocations`, in the order they began and ended, so a check can see batches that overlapped.
// lab.ts: needs: { stack: { template: fileURLToPath(new URL('stack.yaml', import.meta.url)) } }
// A check reads it as context.needs.stack: outputs (apis, queues, ...), the endpoint, the clock.

import { parseTemplate } from '../../template/parse.ts';
import { startProtocolEndpoint, type ProtocolEndpoint } from '../../endpoint/protocol-endpoint.ts';
import type { SimulatedClock } from '../../runtime/clock.ts';
import { deployTemplate, type DeployedStack, type TemplateHost } from '../../template/deploy.ts';
import { loadTemplate } from '../../template/load.ts';
import { startStackParts, type StartedParts } from '../../template/start-parts.ts';
import { TemplateError } from '../../template/template-error.ts';
import type { LambdaPort, PortInvocation, PortInvocationResult } from '../../triggers/lambda-port.ts';
import type { MappingSettings } from '../deployment.ts';
import type { LambdaTarget } from '../target.ts';
import { TargetRefused, type LabTarget } from './lab-target.ts';

export interface LabStackNeed {
  /** The template's absolute path. */
  template: string;
}

export interface ProvidedStack {
  /** The endpoint of the run's AWS services (point an SDK client here). */
  endpoint: string;
  /** As `serve --outputs` writes them: functions, apis, websockets, distributions, queues, streams. */
  outputs: Record<string, Record<string, unknown>>;
  /** The stack's clock: advance it to pass a TTL, a visibility timeout or an alarm period. */
  clock: SimulatedClock;
  /** Access-log and decision lines so far (one per request through an API or distribution). */
  log: string[];
  /** What the stack said as it started (not emulated, started where). */
  notices: string[];
  /** The stack's invocations of functions so far (the latest 2,000), in the order they began. */
  invocations: StackInvocation[];
}

/** One invocation the stack made; `began` and `ended` count the stack's begin and end events (no clock). */
export interface StackInvocation {
  functionName: string;
  /** The event, as JSON text. */
  event: string;
  began: number;
  /** Unset while it runs. */
  ended?: number;
  functionError?: string;
}

const keptInvocations = 2000;

/** The port the stack's parts call functions through, noting each invocation as it begins and ends. */
function recordingPort(port: LambdaPort, invocations: StackInvocation[]): LambdaPort {
  let events = 0;
  const recording: LambdaPort = {
    region: port.region,
    accountId: port.accountId,
    getFunctionConfiguration: (name, qualifier) => port.getFunctionConfiguration(name, qualifier),
    ...(port.observe ? { observe: port.observe.bind(port) } : {}),
    async invoke(invocation: PortInvocation): Promise<PortInvocationResult> {
      const entry: StackInvocation = { functionName: invocation.functionName, event: invocation.payload.toString(), began: ++events };
      invocations.push(entry);
      if (invocations.length > keptInvocations) invocations.shift();
      try {
        const result = await port.invoke(invocation);
        if (result.functionError) entry.functionError = result.functionError;
        return result;
      } catch (error) {
        entry.functionError = (error as Error).name;
        throw error;
      } finally {
        entry.ended = ++events;
      }
    },
  };
  return recording;
}

export interface OpenedStack {
  /** Variables every function of the run gets, the learner's included. */
  environment: Record<string, string>;
  /** Starts the template around the learner's function, once it exists. */
  start(learner: LambdaTarget & { arn: string }, learnerName: string, mapping?: MappingSettings): Promise<ProvidedStack>;
  release(): Promise<void>;
}

const learnerParameters = ['LearnerFunctionName', 'LearnerFunctionArn', 'LearnerFunctionVersionArn', 'LearnerParallelizationFactor', 'LearnerBatchSize'];

/** The Learner* parameters a lab's stack template declares. */
export function learnerTemplateParameters(template: string): string[] {
  return Object.keys((parseTemplate(template).Parameters as Record<string, unknown> | undefined) ?? {}).filter((p) => p.startsWith('Learner'));
}

/** The template's functions, made on the lab's target through Lambda's API as the learner's are. */
function targetHost(target: LabTarget, lab: number, made: Map<string, LambdaTarget>): TemplateHost {
  const accountId = target.kind === 'embedded' ? '123456789012' : '123456789012';
  const arn = (name: string, qualifier?: string) => `arn:aws:lambda:${target.region}:${accountId}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
  return {
    region: target.region,
    accountId,
    functionArn: arn,
    publishLayerVersion: () => {
      throw new TargetRefused('InvalidParameterValueException', "A lab's stack template cannot publish layers: give the lab's functions their code in CodeUri or InlineCode.");
    },
    async createFunction(input) {
      await target.deleteFunction(input.FunctionName);
      const fn = await target.createFunction({
        name: input.FunctionName,
        runtime: input.Runtime,
        handler: input.Handler,
        codeFolder: (input.Code as { Directory: string }).Directory,
        ...(input.MemorySize !== undefined ? { memorySize: input.MemorySize } : {}),
        ...(input.Timeout !== undefined ? { timeout: input.Timeout } : {}),
        environment: input.Environment?.Variables ?? {},
        layers: [],
        lab,
      });
      made.set(input.FunctionName, fn);
      return { FunctionName: input.FunctionName, FunctionArn: fn.arn, Runtime: input.Runtime };
    },
    async publishVersion(name) {
      return { Version: await made.get(name)!.publishVersion() };
    },
    async createAlias(name, input) {
      await made.get(name)!.putAlias({ name: input.Name, functionVersion: input.FunctionVersion });
      return { AliasArn: arn(name, input.Name) };
    },
  };
}

export async function openLabStack(target: LabTarget, lab: number, need: LabStackNeed): Promise<OpenedStack> {
  if (target.kind === 'aws') {
    throw new TargetRefused('NotOnAws', `Lab ${lab} grades its function behind local AWS services (its stack template ${need.template}), which this command does not create in an AWS account: grade it on the embedded runtime or on an endpoint (--target endpoint).`);
  }
  const log: string[] = [];
  const notices: string[] = [];
  const invocations: StackInvocation[] = [];
  const services: ProtocolEndpoint = await startProtocolEndpoint({ onCall: (line) => log.push(line) });
  const made = new Map<string, LambdaTarget>();
  let parts: StartedParts | undefined;
  let stack: DeployedStack | undefined;
  let released: Promise<void> | undefined;
  // Once, whoever asks first: the deployer asks again after the learner's function is gone.
  const release = () =>
    (released ??= (async () => {
      await parts?.close();
      for (const name of made.keys()) await target.deleteFunction(name).catch(() => undefined);
      await services.close();
    })());
  return {
    environment: services.environment,
    release,
    async start(learner, learnerName, mapping = {}) {
      try {
        const declared = learnerTemplateParameters(need.template);
        const overrides: Record<string, string> = {};
        if (declared.includes('LearnerFunctionName')) overrides.LearnerFunctionName = learnerName;
        if (declared.includes('LearnerFunctionArn')) overrides.LearnerFunctionArn = learner.arn;
        if (declared.includes('LearnerFunctionVersionArn')) overrides.LearnerFunctionVersionArn = `${learner.arn}:${await learner.publishVersion(`lab ${lab}`)}`;
        if (declared.includes('LearnerParallelizationFactor') && mapping.ParallelizationFactor !== undefined) overrides.LearnerParallelizationFactor = String(mapping.ParallelizationFactor);
        if (declared.includes('LearnerBatchSize') && mapping.BatchSize !== undefined) overrides.LearnerBatchSize = String(mapping.BatchSize);
        const unknown = declared.filter((p) => !learnerParameters.includes(p));
        if (unknown.length > 0) throw new TemplateError({ file: need.template, resource: 'Parameters' }, `${unknown.join(', ')} is not a parameter the grader fills: it fills ${learnerParameters.join(', ')}.`);
        const plan = loadTemplate(need.template, { parameterOverrides: overrides, stackName: `lab${lab}` });
        stack = await deployTemplate(plan, targetHost(target, lab, made), (event) => event.kind === 'notice' && notices.push(event.line), { environment: services.environment });
        parts = await startStackParts(plan, stack, {
          port: recordingPort(target.lambdaPort(), invocations),
          endpointUrl: services.url,
          protocols: services.protocols,
          notice: (line) => notices.push(line),
          log: (line) => log.push(line),
        });
        const functions = Object.fromEntries(Object.values(stack.functions).map((f) => [f.logicalId, { name: f.name, arn: f.arn }]));
        return { endpoint: services.url, outputs: { functions, ...parts.outputs }, clock: parts.clock, log, notices, invocations };
      } catch (error) {
        await release();
        // Lambda's own refusal behind a template error (a mapping refused for the function's
        // timeout) is what the learner meets on AWS: report it with Lambda's error type.
        const cause = error instanceof TemplateError ? (error.cause as { type?: unknown } | undefined) : undefined;
        if (typeof cause?.type === 'string') throw new TargetRefused(cause.type, (error as Error).message);
        throw error;
      }
    },
  };
}
