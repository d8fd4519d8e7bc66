// `lambda-dojo serve --template template.yaml [--port 4566] [--outputs endpoints.json]`: starts
// what a SAM template declares behind one local AWS endpoint, so the AWS SDKs and the AWS CLI
// reach it with AWS_ENDPOINT_URL=http://127.0.0.1:4566. Runs until Ctrl-C (SIGINT), SIGTERM or
// SIGHUP, then stops every function and removes what it made.

import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEndpoint, type LocalEndpoint } from '../endpoint/server.ts';
import { deployTemplate, emptyStack, type DeployedStack, type DeployEvent } from '../template/deploy.ts';
import { emptyPlan, loadTemplate } from '../template/load.ts';
import { serveOutputs, writeOutputs } from '../template/outputs.ts';
import { startStackParts, type StartedParts } from '../template/start-parts.ts';
import { servicePort } from '../triggers/ports/service-port.ts';
import { TemplateError } from '../template/template-error.ts';
import { keyValuePairs } from './key-value.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: npm run -s serve -- --template <file> [options]

  --template <file>              a SAM template (default: template.yaml or template.yml here; with
                                 neither, the endpoint alone: make functions, queues, tables with the SDK or CLI)
  --port <n>                     the endpoint's port on 127.0.0.1 (default 4566)
  --region <region>              the Region in ARNs and AWS_REGION (default: AWS_REGION, AWS_DEFAULT_REGION, us-east-1)
  --outputs <file>               write the endpoint and the functions' names and ARNs as JSON
  --parameter-overrides K=V      a template parameter's value (repeat for more)
  --quiet                        do not print each API call

Then, in another terminal: AWS_ENDPOINT_URL=http://127.0.0.1:4566 aws lambda invoke --function-name <name> out.json`;

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        template: { type: 'string', short: 't' },
        port: { type: 'string' },
        region: { type: 'string' },
        outputs: { type: 'string' },
        'parameter-overrides': { type: 'string', multiple: true },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
}

function port(value: string | undefined): number {
  if (value === undefined) return 4566;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port ${value} is not a port: give a whole number from 1 to 65535 (0 picks a free one).`);
  return n;
}

/** The template to start, or undefined for an empty endpoint (no --template, none here). */
function templateFile(value: string | undefined): string | undefined {
  if (value !== undefined) {
    if (!existsSync(value)) throw new UsageError(`--template ${value} does not exist.`);
    return value;
  }
  return ['template.yaml', 'template.yml', 'template.json'].find((f) => existsSync(f));
}

function region(value: string | undefined): string {
  const chosen = value ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(chosen)) throw new UsageError(`--region ${chosen} is not a Region name such as us-east-1 or eu-west-1.`);
  return chosen;
}

function describe(event: DeployEvent): string {
  if (event.kind === 'notice') return `  note: ${event.line}`;
  if (event.kind === 'building') return `  starting ${event.logicalId} (${event.runtime})...`;
  return `  ${event.logicalId} ready as ${event.name} (${event.seconds.toFixed(1)} s)`;
}

export async function main(args: string[]): Promise<number> {
  const { values } = parse(args);
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const file = templateFile(values.template);
  const wanted = port(values.port);
  const overrides = keyValuePairs('parameter-overrides', values['parameter-overrides'], 'Stage=dev');
  let plan;
  try {
    plan = file === undefined ? undefined : loadTemplate(file, { parameterOverrides: overrides });
  } catch (error) {
    if (error instanceof TemplateError) throw new UsageError(error.message);
    throw error;
  }

  let endpoint: LocalEndpoint;
  try {
    endpoint = await startEndpoint({
      port: wanted,
      service: { region: region(values.region) },
      onStateChange: (line) => console.log(`  ${line}`),
      ...(values.quiet ? {} : { onCall: (line) => console.log(`  ${line}`) }),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(`Port ${wanted} on 127.0.0.1 is in use (another serve, or another local AWS endpoint): stop it, or choose another port with --port ${wanted + 1}.`);
    }
    throw error;
  }
  // A log record may hold line breaks written as \r (one CloudWatch event): show them as lines.
  let parts: StartedParts | undefined;
  // Lambda@Edge functions' lines are shown once, by their distribution, under their Edge log group.
  endpoint.service.on('log', (event) => {
    if (parts?.logsShownFor.has(event.functionName)) return;
    process.stderr.write(`${event.message.replace(/\r(?!$)/g, '\n').replace(/\r$/, '')}\n`);
  });
  // An Event invocation that failed for good, and where Lambda sends it (the stack's queues receive it).
  endpoint.service.on('asyncResult', (result) => {
    if (result.condition === 'Success') return;
    const onward = [result.deadLetterTargetArn && `dead-letter queue ${result.deadLetterTargetArn}`, result.destination && `on-failure destination ${result.destination}`].filter(Boolean);
    const why = result.condition === 'EventAgeExceeded' ? 'outlived its maximum event age' : `failed after ${result.approximateInvokeCount} attempt(s)`;
    console.log(`  ${result.functionName}: asynchronous invocation ${result.requestId} ${why}: ${result.responsePayload}${onward.length > 0 ? ` (sent to the ${onward.join(' and the ')})` : ' (no dead-letter queue or on-failure destination: discarded)'}`);
  });
  // Lambda notifies the account when it stops a recursive loop (AWS Health Dashboard, email): here, the console.
  endpoint.service.on('recursiveInvocationDropped', (drop) =>
    console.log(`  ${drop.functionName}: Lambda stopped a recursive loop: invocation ${drop.invocation} of one chain (${drop.invocationType}) was dropped (RecursiveInvocationsDropped).`),
  );
  let stop!: (signal: string) => void;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const handlers = signals.map((signal) => [signal, () => stop(signal)] as const);
  for (const [signal, handler] of handlers) process.once(signal, handler);
  try {
    console.log(file ? `Starting ${file} on ${endpoint.url}` : `No template (--template, or template.yaml here): an endpoint without functions on ${endpoint.url}; create functions, queues, streams and tables with the SDK or the AWS CLI.`);
    // A build that takes a while (Go, Java, C#) says so every few seconds.
    const builds = new Map<string, NodeJS.Timeout>();
    const onEvent = (event: DeployEvent) => {
      console.log(describe(event));
      if (event.kind === 'building') {
        const started = Date.now();
        builds.set(event.logicalId, setInterval(() => console.log(`  still building ${event.logicalId} (${Math.round((Date.now() - started) / 1000)} s)`), 5000));
      } else if (event.kind === 'ready') clearInterval(builds.get(event.logicalId));
    };
    const deployed: Promise<DeployedStack> = plan ? deployTemplate(plan, endpoint.service, onEvent) : Promise.resolve(emptyStack);
    const stack = await Promise.race([deployed.finally(() => builds.forEach((timer) => clearInterval(timer))), stopped.then(() => undefined)]);
    if (stack) {
      parts = await startStackParts(plan ?? emptyPlan(process.cwd()), stack, {
        port: servicePort(endpoint.service),
        endpointUrl: endpoint.url,
        protocols: endpoint.protocols,
        notice: (line) => console.log(`  ${line}`),
        log: (line) => console.log(`  ${line}`),
      });
    }
    if (stack) {
      const outputs = serveOutputs(endpoint.url, stack, parts?.outputs);
      if (values.outputs) writeOutputs(values.outputs, outputs);
      const first = Object.values(stack.functions)[0];
      console.log(`Ready: ${Object.keys(stack.functions).length} function(s) at ${endpoint.url}${values.outputs ? `; outputs in ${values.outputs}` : ''}.`);
      if (first) console.log(`  AWS_ENDPOINT_URL=${endpoint.url} aws lambda invoke --function-name ${first.name} out.json`);
      console.log('Stop with Ctrl-C.');
      const signal = await stopped;
      console.log(`\n${signal}: stopping.`);
    }
    return 0;
  } catch (error) {
    if (error instanceof TemplateError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    await parts?.close();
    await endpoint.close();
  }
}
