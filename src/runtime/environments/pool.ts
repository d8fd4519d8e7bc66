// The execution environments of every function version: which warm one an invocation gets,
// room for a new one under the cap (the least recently used idle environment gives way, as
// Lambda reclaims idle capacity), idle reaping, and one prepared sandbox per deployed package
// so a cold start spends its time starting the runtime rather than copying files.

import { LambdaServiceError } from '../errors.ts';
import type { FunctionVersion } from '../registry/function-registry.ts';
import { ExecutionEnvironment, newEnvironmentId, type EnvironmentSpec } from './environment.ts';
import { Sandbox } from './sandbox.ts';

export interface PoolOptions {
  /** Where sandboxes are made. */
  root: string;
  /** Most execution environments alive at once, across functions: a laptop is not a Region. */
  maxEnvironments: number;
  /** An environment idle this long is shut down. */
  idleTimeoutMs: number;
  /** Everything about a new environment except its id, which the pool chooses. */
  specFor: (version: FunctionVersion, id: string) => EnvironmentSpec;
}

/** What a sandbox holds: the package (built code) and the layers, in order. */
function packageKey(version: FunctionVersion): string {
  return [version.artifact, ...version.layers.map((l) => l.folder)].join('\0');
}

export class EnvironmentPool {
  private readonly byVersion = new Map<FunctionVersion, Set<ExecutionEnvironment>>();
  private readonly spares = new Map<string, Sandbox>();
  private readonly preparing = new Map<string, Promise<void>>();
  private readonly reaper: NodeJS.Timeout;
  private closed = false;

  private readonly options: PoolOptions;

  constructor(options: PoolOptions) {
    this.options = options;
    const every = Math.max(50, Math.min(options.idleTimeoutMs / 2, 30_000));
    this.reaper = setInterval(() => this.reapIdle(), every);
    this.reaper.unref();
  }

  /** The most recently used idle environment of the version, as Lambda tends to reuse the warmest one. */
  takeWarm(version: FunctionVersion): ExecutionEnvironment | undefined {
    let best: ExecutionEnvironment | undefined;
    for (const environment of this.byVersion.get(version) ?? []) {
      if (environment.isIdle && (!best || environment.lastUsed > best.lastUsed)) best = environment;
    }
    return best;
  }

  /** A new, not yet started environment for the version (with the spare sandbox when there is one). */
  create(version: FunctionVersion): ExecutionEnvironment {
    if (this.closed) throw new LambdaServiceError('ServiceException', 'The Lambda service has been shut down.');
    this.makeRoom();
    const key = packageKey(version);
    const spare = this.spares.get(key);
    this.spares.delete(key);
    const environment = new ExecutionEnvironment(this.options.specFor(version, spare?.id ?? newEnvironmentId()), spare);
    let set = this.byVersion.get(version);
    if (!set) this.byVersion.set(version, (set = new Set()));
    set.add(environment);
    return environment;
  }

  /** Drops an environment (dead, or no longer wanted) and ends it. */
  forget(version: FunctionVersion, environment: ExecutionEnvironment): void {
    this.byVersion.get(version)?.delete(environment);
    void environment.destroy();
  }

  /** Ends every environment of the version: its code or configuration changed, or it is gone. */
  async retire(version: FunctionVersion): Promise<void> {
    const all = [...(this.byVersion.get(version) ?? [])];
    this.byVersion.delete(version);
    await Promise.all(all.map((e) => e.destroy()));
  }

  /** After a cold start answers, the next cold start's sandbox is copied, off the caller's path. */
  prepareSpare(version: FunctionVersion, stillWanted: () => boolean): void {
    const key = packageKey(version);
    if (this.closed || this.spares.has(key) || this.preparing.has(key)) return;
    const work = Sandbox.prepare(this.options.root, newEnvironmentId(), version.artifact, version.layers.map((l) => l.folder))
      .then(async (box) => {
        if (!this.closed && !this.spares.has(key) && stillWanted()) this.spares.set(key, box);
        else await box.dispose();
      })
      .catch(() => undefined) // a spare is an optimisation: without one, the cold start prepares its own
      .finally(() => this.preparing.delete(key));
    this.preparing.set(key, work);
  }

  /** Spares for packages no live version runs any more (new code, new layers, a deleted function) go. */
  async pruneSpares(live: FunctionVersion[]): Promise<void> {
    const keys = new Set(live.map(packageKey));
    await Promise.all(
      [...this.spares].filter(([key]) => !keys.has(key)).map(([key, box]) => {
        this.spares.delete(key);
        return box.dispose();
      }),
    );
  }

  /** Process ids of every live environment. */
  pids(): number[] {
    return this.all().map((e) => e.environment.pid).filter((p): p is number => p !== undefined);
  }

  /** The host process is exiting without a shutdown: every environment ends now, synchronously. */
  killNow(): void {
    for (const { environment } of this.all()) environment.killNow();
  }

  async shutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.reaper);
    await Promise.all([...this.byVersion.keys()].map((version) => this.retire(version)));
    await Promise.allSettled([...this.preparing.values()]);
    await Promise.all([...this.spares.values()].map((box) => box.dispose()));
    this.spares.clear();
  }

  private all(): Array<{ version: FunctionVersion; environment: ExecutionEnvironment }> {
    return [...this.byVersion].flatMap(([version, set]) => [...set].map((environment) => ({ version, environment })));
  }

  /** At the cap, the least recently used idle environment (of any function) gives way; only when every one is busy is the call throttled. */
  private makeRoom(): void {
    const all = this.all();
    if (all.length < this.options.maxEnvironments) return;
    const idle = all.filter((e) => e.environment.isIdle).sort((a, b) => a.environment.lastUsed - b.environment.lastUsed)[0];
    if (!idle) {
      throw new LambdaServiceError(
        'TooManyRequestsException',
        `Rate Exceeded. All ${all.length} execution environments are busy, the most this service runs at once (maxEnvironments ${this.options.maxEnvironments}). Wait for one to finish, or create the service with a higher maxEnvironments.`,
      );
    }
    this.forget(idle.version, idle.environment);
  }

  private reapIdle(): void {
    const now = Date.now();
    for (const { version, environment } of this.all()) {
      if (environment.isIdle && now - environment.lastUsed > this.options.idleTimeoutMs) this.forget(version, environment);
    }
  }
}
