// `npm run -s encrypt -- <value>`: encrypts a secret with the local key service, for a
// function's environment variables, as the Lambda console's encryption helpers do with KMS.

import { parseArgs } from 'node:util';
import { defaultKeyFile, KeyService } from '../runtime/key-service.ts';
import { keyValuePairs } from './key-value.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: npm run -s encrypt -- <value> [--context KEY=VALUE ...]

Prints the value encrypted with this machine's Lambda Dojo key (${defaultKeyFile()}),
base64-encoded: put it in an environment variable and decrypt it in the function at init.
--context adds an encryption context pair; decrypt must then give the same pairs.`;

export async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { context: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
  if (parsed.values.help) {
    console.log(usage);
    return 0;
  }
  if (parsed.positionals.length !== 1 || parsed.positionals[0] === '') throw new UsageError(`Give exactly one value to encrypt.\n\n${usage}`);
  const context = keyValuePairs('context', parsed.values.context, 'LambdaFunctionName=orders');
  console.log(new KeyService().encrypt(parsed.positionals[0]!, context));
  return 0;
}
