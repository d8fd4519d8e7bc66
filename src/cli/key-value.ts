import { UsageError } from './usage-error.ts';

/** Repeated `--flag KEY=VALUE` options as a map; a pair without "=" is a usage error that shows `example`. */
export function keyValuePairs(flag: string, pairs: string[] | undefined, example: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--${flag} ${pair} is not KEY=VALUE. Write it as --${flag} ${example}.`);
    map[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return map;
}
