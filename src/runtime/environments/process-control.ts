// The process side of an execution environment: start the runtime, freeze and thaw it, end it,
// and know which processes belong to it. Everything a function starts belongs to its
// environment and must stop with it; this is the one place that knows how.

import { spawn, type ChildProcess } from 'node:child_process';
import type { LaunchPlan } from '../runtimes/registry.ts';

/** Go's wording for a process that ended, which is what Lambda's Runtime.ExitError quotes. */
export function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) {
    const names: Partial<Record<NodeJS.Signals, string>> = {
      SIGKILL: 'killed',
      SIGSEGV: 'segmentation fault',
      SIGABRT: 'aborted',
      SIGTERM: 'terminated',
      SIGINT: 'interrupt',
      SIGBUS: 'bus error',
    };
    return `signal: ${names[signal] ?? signal}`;
  }
  return `exit status ${code ?? 0}`;
}

export interface StartOptions {
  cwd: string;
  env: Record<string, string>;
  /** Where stdout and stderr go (see output-capture.ts). */
  outputDescriptor: number;
  /** Called once when the runtime process is gone, with Lambda's words for why. */
  onExit: (reason: string) => void;
}

export class EnvironmentProcess {
  private readonly child: ChildProcess;
  private frozen = false;
  private gone = false;
  readonly exited: Promise<void>;

  private constructor(plan: LaunchPlan, options: StartOptions) {
    this.child = spawn(plan.command, plan.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true, // its own process group, so freeze and kill reach its children too
      stdio: ['ignore', options.outputDescriptor, options.outputDescriptor],
    });
    let markExited!: () => void;
    this.exited = new Promise((resolve) => (markExited = resolve));
    const ended = (reason: string) => {
      if (this.gone) return;
      this.gone = true;
      this.frozen = false;
      this.killAll(); // whatever it left behind
      options.onExit(reason);
      markExited();
    };
    this.child.on('error', (error) => ended(`error: ${error.message}`));
    this.child.on('exit', (code, signal) => ended(exitReason(code, signal)));
  }

  static start(plan: LaunchPlan, options: StartOptions): EnvironmentProcess {
    return new EnvironmentProcess(plan, options);
  }

  /** The runtime's pid as the host sees it. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get isGone(): boolean {
    return this.gone;
  }

  /** Stops every process of the environment, as Lambda freezes a sandbox between invocations. */
  freeze(): void {
    if (this.frozen || this.gone) return;
    this.frozen = true;
    this.signalAll('SIGSTOP');
  }

  thaw(): void {
    if (!this.frozen || this.gone) return;
    this.frozen = false;
    this.signalAll('SIGCONT');
  }

  /** Ends every process of the environment at once; resolves when the runtime is gone. */
  async kill(): Promise<void> {
    this.killAll();
    if (!this.gone && this.child.pid !== undefined) await this.exited;
  }

  /** Every process that belongs to the environment now, the runtime first. */
  processIds(): number[] {
    return this.child.pid !== undefined && !this.gone ? [this.child.pid] : [];
  }

  private killAll(): void {
    this.signalAll('SIGKILL');
    this.frozen = false;
  }

  private signalAll(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (!pid) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is already gone
    }
  }
}
