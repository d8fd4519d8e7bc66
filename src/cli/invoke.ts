// `lambda-dojo invoke <code-dir> --runtime R --handler H`: like `sam local invoke`. The
// response (or the error JSON) goes to stdout, the logs to stderr; exit code 0 on success,
// 1 on a function error, 2 on bad usage or configuration.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CodeBuildError, LambdaServiceError } from '../runtime/errors.ts';
import { runtimeIds } from '../runtime/runtimes/registry.ts';
import { LambdaService } from '../runtime/service.ts';
import { keyValuePairs } from './key-value.ts';
import { UsageError } from './usage-error.ts';
import { shutDownOnSignals } from './shutdown-on-signals.ts';

const usage = `Usage: npm run -s invoke -- <code-dir> --runtime <runtime> --handler <handler> [options]

  --runtime <id>        ${runtimeIds().join(', ')}
  --handler <handler>   e.g. index.handler (Node.js), app.handler (Python)
  --event <json>        the event (default {})
  --event-file <file>   read the event from a file
  --memory <MB>         memory size, 128 to 10240 (default 128)
  --timeout <s>         timeout, 1 to 900 (default 3)
  --env KEY=VALUE       an environment variable (repeat for more)
  --name <name>         the function name (default: the code folder's name)
  --repeat <n>          invoke n times on the same warm environment (default 1)`;

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        runtime: { type: 'string' },
        handler: { type: 'string' },
        event: { type: 'string' },
        'event-file': { type: 'string' },
        memory: { type: 'string' },
        timeout: { type: 'string' },
        env: { type: 'string', multiple: true },
        name: { type: 'string' },
        repeat: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
}

function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`--${flag} ${value} is not a whole number.`);
  return n;
}

function readEvent(values: { event?: string; 'event-file'?: string }): string {
  if (values.event !== undefined && values['event-file'] !== undefined) throw new UsageError('Give either --event or --event-file, not both.');
  if (values['event-file'] !== undefined) {
    try {
      return readFileSync(values['event-file'], 'utf8');
    } catch (error) {
      throw new UsageError(`Cannot read --event-file ${values['event-file']}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
  }
  return values.event ?? '{}';
}

export async function main(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`Give exactly one code folder.\n\n${usage}`);
  if (!values.runtime) throw new UsageError(`--runtime is required: one of ${runtimeIds().join(', ')}.`);
  if (!values.handler) throw new UsageError('--handler is required, e.g. --handler index.handler (Node.js) or --handler app.handler (Python).');
  const repeat = wholeNumber('repeat', values.repeat) ?? 1;
  if (repeat < 1) throw new UsageError(`--repeat ${repeat} must be 1 or more.`);
  const event = readEvent(values);
  const directory = resolve(positionals[0]!);
  const name = values.name ?? (directory.split(/[\\/]/).pop()!.replace(/[^a-zA-Z0-9_-]/g, '-').slice(0, 64) || 'function');

  const service = new LambdaService();
  const stopOnSignals = shutDownOnSignals(service);
  // A log record may hold line breaks written as \r (one CloudWatch event): show them as lines.
  service.on('log', (event) => process.stderr.write(`${event.message.replace(/\r(?!$)/g, '\n').replace(/\r$/, '')}\n`));
  let exitCode = 0;
  try {
    const memory = wholeNumber('memory', values.memory);
    const timeout = wholeNumber('timeout', values.timeout);
    await service.createFunction({
      FunctionName: name,
      Runtime: values.runtime,
      Handler: values.handler,
      Code: { Directory: directory },
      ...(memory !== undefined ? { MemorySize: memory } : {}),
      ...(timeout !== undefined ? { Timeout: timeout } : {}),
      Environment: { Variables: keyValuePairs('env', values.env, 'TABLE_NAME=orders') },
    });
    for (let i = 0; i < repeat; i++) {
      // The answer as it arrives (a streaming function's chunks one by one), as the bytes the
      // function returned: a binary answer stays binary.
      let wrote = false;
      const output = await service.invokeWithResponseStream({
        FunctionName: name,
        Payload: event,
        onChunk: (chunk) => {
          wrote = true;
          process.stdout.write(chunk);
        },
      });
      if (output.ResponsePrelude) process.stderr.write(`[lambda-dojo] the function streamed an HTTP response: ${JSON.stringify(output.ResponsePrelude)}\n`);
      if (output.FunctionError) {
        if (wrote) process.stdout.write('\n'); // after what was streamed before the failure
        process.stdout.write(output.Payload);
        exitCode = 1;
      }
      process.stdout.write('\n');
    }
  } catch (error) {
    if (error instanceof LambdaServiceError) {
      console.error(`${error.type}: ${error.message}`);
      exitCode = 2;
    } else if (error instanceof CodeBuildError) {
      console.error(`${error.message}\n${error.output.trimEnd()}`);
      exitCode = 2;
    } else {
      throw error;
    }
  } finally {
    await service.shutdown();
    stopOnSignals();
  }
  return exitCode;
}
