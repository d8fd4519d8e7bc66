// The bench's sample sizes: the default set stays under 3 minutes on a 2-core machine; --quick
// is the few samples the test suite runs to prove every section still works.

/** The bench's sections, in the order they run; --only picks some. */
export const benchSections = ['cold', 'warm', 'endpoint', 'api-gateway', 'event-sources', 'edge', 'throughput', 'oom', 'one-shot', 'lab', 'page-grade'] as const;
export type BenchSection = (typeof benchSections)[number];

export interface BenchOptions {
  quick: boolean;
  json: boolean;
  /** The sections to run (all by default). */
  sections: ReadonlySet<BenchSection>;
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

export const benchUsage = `Usage: npm run bench [-- --json] [-- --quick] [-- --only <sections>]

  (no option)   every section, each figure beside its floor, alternated in one run (about 3 minutes)
  --json        the same, printed as JSON with every goal of issue 16 and whether it was met
  --quick       a few samples of each section (the test suite runs this to prove the bench works)
  --only <list> only these sections, comma-separated: ${benchSections.join(', ')}
                (goals of the sections left out say "not measured")
  --help        this text`;

/** A command line the bench cannot run: the message names the value and the usage. */
export class BenchUsageError extends Error {}

export function benchOptions(args: string[]): BenchOptions | 'help' {
  if (args.includes('--help') || args.includes('-h')) return 'help';
  let sections: ReadonlySet<BenchSection> = new Set(benchSections);
  const rest = [...args];
  const only = rest.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (only >= 0) {
    const inline = rest[only]!.startsWith('--only=') ? rest[only]!.slice('--only='.length) : undefined;
    const list = inline ?? rest[only + 1];
    rest.splice(only, inline === undefined ? 2 : 1);
    if (!list || list.startsWith('--')) throw new BenchUsageError(`--only needs a list of sections, e.g. --only warm,throughput.\n\n${benchUsage}`);
    const chosen = list.split(',').map((name) => name.trim()).filter(Boolean);
    const wrong = chosen.filter((name) => !(benchSections as readonly string[]).includes(name));
    if (wrong.length) throw new BenchUsageError(`--only ${wrong.join(',')}: no such section. The sections are ${benchSections.join(', ')}.`);
    sections = new Set(chosen as BenchSection[]);
  }
  const unknown = rest.filter((a) => a !== '--quick' && a !== '--json');
  if (unknown.length) throw new BenchUsageError(`${unknown.join(' ')} is not an option of the bench.\n\n${benchUsage}`);
  const quick = args.includes('--quick');
  return {
    quick,
    json: args.includes('--json'),
    sections,
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
