// The bench's sample sizes: the default set stays under 3 minutes on a 2-core machine; --quick
// is the few samples the test suite runs to prove every section still works.

export interface BenchOptions {
  quick: boolean;
  json: boolean;
  coldSamples: number;
  warmSamples: number;
  /** Invokes before any warm sample is taken (JIT, caches, connections). */
  warmUp: number;
  /** Invokes per CPU block (blocks of subject and floor alternate). */
  cpuBlock: number;
  cpuBlocks: number;
  /** How long each throughput run lasts, and how many rounds of them. */
  throughputMs: number;
  throughputRounds: number;
  callers: number[];
  oneShotRounds: number;
  labRounds: number;
  oomSamples: number;
}

export const benchUsage = `Usage: npm run bench [-- --json] [-- --quick]

  (no option)   every section, each figure beside its floor, alternated in one run (about 3 minutes)
  --json        the same, printed as JSON with every goal of issue 16 and whether it was met
  --quick       a few samples of each section (the test suite runs this to prove the bench works)
  --help        this text`;

/** A command line the bench cannot run: the message names the value and the usage. */
export class BenchUsageError extends Error {}

export function benchOptions(args: string[]): BenchOptions | 'help' {
  if (args.includes('--help') || args.includes('-h')) return 'help';
  const unknown = args.filter((a) => a !== '--quick' && a !== '--json');
  if (unknown.length) throw new BenchUsageError(`${unknown.join(' ')} is not an option of the bench.\n\n${benchUsage}`);
  const quick = args.includes('--quick');
  return {
    quick,
    json: args.includes('--json'),
    coldSamples: quick ? 2 : 6,
    warmSamples: quick ? 20 : 200,
    warmUp: quick ? 5 : 30,
    cpuBlock: quick ? 10 : 25,
    cpuBlocks: quick ? 2 : 8,
    throughputMs: quick ? 150 : 600,
    throughputRounds: quick ? 1 : 2,
    callers: [1, 2, 4, 8],
    oneShotRounds: quick ? 1 : 5,
    labRounds: quick ? 1 : 2,
    oomSamples: quick ? 1 : 4,
  };
}
