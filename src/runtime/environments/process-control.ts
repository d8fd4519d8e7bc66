// The process side of an execution environment: start the runtime, freeze and thaw it, end it,
// and know which processes belong to it. Everything a function starts belongs to its
// environment and must stop with it, whatever it does to get away (setsid, a double fork,
// daemonising); this is the one place that knows how. Three ways, strongest first:
// - namespaces: the launcher (host/namespace-launcher.c) makes a PID namespace whose pid 1 is
//   its init; the kernel ends every process of the namespace when that init ends, and the init
//   freezes and thaws them all on a byte from us (fd 3);
// - subreaper: the same launcher without namespaces is a child subreaper, so orphans stay in
//   its tree; it freezes, thaws and ends that tree on the same bytes;
// - plain (no launcher: macOS, no C compiler): we walk the tree ourselves, remember every
//   process we saw, and before ending an environment look for its marker variable in every
//   process's environment, which finds even one that left the tree.

import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { constants } from 'node:os';
import type { LaunchPlan } from '../runtimes/registry.ts';
import { canReadProc, childrenOf, processesMarked, sandboxMarker, signal, startTime, treeOf } from './process-tree.ts';

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

/** How the process is held (see the top of this file). */
export type Containment = 'namespaces' | 'subreaper' | 'plain';

export interface StartOptions {
  cwd: string;
  env: Record<string, string>;
  /** Where stdout and stderr go (see output-capture.ts). */
  outputDescriptor: number;
  /** How the plan holds its processes: 'plain' unless the plan runs through the launcher. */
  containment: Containment;
  /** The value of the marker variable: the sandbox folder, unique to this environment. */
  marker: string;
  /** Called once when the runtime process is gone, with Lambda's words for why. */
  onExit: (reason: string) => void;
}

/** The processes running an environment's code now: the runtime and whatever it started. */
export interface Members {
  runtime: number | undefined;
  others: number[];
}

export class EnvironmentProcess {
  private readonly child: ChildProcess;
  private readonly control: Socket | undefined;
  private readonly containment: Containment;
  private readonly marker: string;
  private init: number | undefined;
  private runtime: number | undefined;
  /** Plain containment: every process seen in the tree, with its start time (pids are reused). */
  private readonly seen = new Map<number, number>();
  /** Questions to the launcher about sockets, answered in order. */
  private readonly inodeQueries: Array<(inode: number | undefined) => void> = [];
  /**
   * Freezes the launcher has not yet acknowledged, oldest first, each with whoever waits for it
   * (a thaw that came before the acknowledgement).
   */
  private readonly freezeAcks: Array<Array<() => void>> = [];
  private frozen = false;
  private gone = false;
  readonly exited: Promise<void>;

  private constructor(plan: LaunchPlan, options: StartOptions) {
    this.containment = options.containment;
    this.marker = options.marker;
    this.child = spawn(plan.command, plan.args, {
      cwd: options.cwd,
      env: { ...options.env, [sandboxMarker]: options.marker },
      detached: true, // its own process group: a Ctrl-C at the terminal is the host's to handle
      stdio: ['ignore', options.outputDescriptor, options.outputDescriptor, this.containment === 'plain' ? 'ignore' : 'pipe'],
    });
    if (this.containment === 'subreaper') this.init = this.child.pid;
    this.control = (this.child.stdio[3] ?? undefined) as Socket | undefined;
    let reported: string | undefined;
    let partial = '';
    this.control?.on('data', (data: Buffer) => {
      const lines = (partial + String(data)).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (line === 'frozen') {
          for (const waiting of this.freezeAcks.shift() ?? []) waiting();
          continue;
        }
        const inode = /^inode (\d+)$/.exec(line);
        if (inode) this.inodeQueries.shift()?.(Number(inode[1]) || undefined);
        else reported ??= launcherReport(line);
      }
    });
    this.control?.on('error', () => undefined); // the launcher is gone; 'close' says how
    let markExited!: () => void;
    this.exited = new Promise((resolve) => (markExited = resolve));
    const ended = (reason: string) => {
      if (this.gone) return;
      this.gone = true;
      this.killLeftovers(); // whatever it left behind
      for (const answer of this.inodeQueries.splice(0)) answer(undefined);
      this.frozen = false;
      options.onExit(reason);
      // Events waiting for a freeze's acknowledgement: their invocations ended with the exit.
      for (const waiting of this.freezeAcks.splice(0).flat()) waiting();
      markExited();
    };
    this.child.on('error', (error) => ended(`error: ${error.message}`));
    // 'close' comes after the launcher's report, which it writes before it ends.
    this.child.on('close', (code, signal) => ended(reported ?? exitReason(code, signal)));
  }

  static start(plan: LaunchPlan, options: StartOptions): EnvironmentProcess {
    return new EnvironmentProcess(plan, options);
  }

  /** The pid the host watches: the launcher's where there is one, else the runtime's. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The runtime's own pid as the host sees it (behind the launcher, once it has started). */
  get runtimePid(): number | undefined {
    if (this.containment === 'plain' || !canReadProc) return this.child.pid;
    if (this.runtime === undefined && !this.gone && this.child.pid !== undefined) {
      this.init ??= childrenOf(this.child.pid)[0];
      if (this.init !== undefined) this.runtime = childrenOf(this.init)[0];
    }
    return this.runtime;
  }

  get isGone(): boolean {
    return this.gone;
  }

  /** Stops every process of the environment, as Lambda freezes a sandbox between invocations. */
  freeze(): void {
    if (this.frozen || this.gone) return;
    this.frozen = true;
    if (this.control) {
      this.freezeAcks.push([]);
      this.control.write('F');
    } else this.stopAll();
  }

  /**
   * Resumes every process, and calls `deliver` (which hands the runtime its event) when that is
   * safe. When the launcher has acknowledged the freeze, at once, before the thaw goes out: the
   * runtime stays stopped until the launcher reads the thaw, and finds its event waiting then.
   * A freeze not yet acknowledged may still be unread: an event handed over now could meet it
   * mid-handler (a SIGSTOP and a SIGCONT reaching a process being forked lose their order and
   * stop the child for good; issue 8), so the event then waits until the launcher has carried
   * the freeze out. Without a launcher the signals are sent first, then the event.
   */
  thaw(deliver: () => void): void {
    if (!this.frozen || this.gone) return deliver();
    this.frozen = false;
    if (this.control) {
      const unacknowledged = this.freezeAcks.at(-1);
      if (unacknowledged) unacknowledged.push(deliver);
      else deliver();
      this.control.write('T');
      return;
    }
    signal(this.plainMembers(), 'SIGCONT');
    if (!canReadProc) this.signalGroup('SIGCONT'); // freeze stopped the group: without /proc, all we know
    deliver();
  }

  private signalGroup(name: NodeJS.Signals): void {
    try {
      process.kill(-this.child.pid!, name);
    } catch {
      // no such group any more
    }
  }

  /** Ends every process of the environment at once; resolves when the runtime is gone. */
  async kill(): Promise<void> {
    this.killAll();
    if (!this.gone && this.child.pid !== undefined) await this.exited;
  }

  /** Ends everything at once, synchronously: the host process is exiting. */
  killNow(): void {
    this.killAll();
  }

  /** The runtime and every process it started, now (Linux; elsewhere the runtime alone). */
  members(): Members {
    const pid = this.child.pid;
    if (pid === undefined || this.gone) return { runtime: undefined, others: [] };
    if (!canReadProc) return { runtime: pid, others: [] };
    if (this.containment === 'plain') {
      const [runtime, ...others] = this.plainMembers();
      return { runtime, others };
    }
    // The launcher (and, with namespaces, its init) is ours, not the function's: it is left out.
    this.init ??= childrenOf(pid)[0];
    if (this.init === undefined) return { runtime: undefined, others: [] };
    const [, runtime, ...others] = treeOf(this.init);
    return { runtime, others };
  }

  /**
   * The inode of the loopback TCP socket local -> remote, looked up by the launcher in one
   * exact query; undefined without a launcher (or when there is no such socket).
   */
  socketInode(local: number, remote: number): Promise<number | undefined> {
    if (!this.control || this.gone) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.inodeQueries.push(resolve);
      this.control!.write(`Q${local} ${remote}\n`);
    });
  }

  /**
   * After the runtime ended: the launchers have ended everything already; plain containment
   * ends what it remembers and what carries the marker (not the runtime's pid: it may be reused).
   */
  private killLeftovers(): void {
    this.control?.destroy();
    if (this.containment !== 'plain') return;
    try {
      process.kill(-this.child.pid!, 'SIGKILL'); // its process group, all there is to go on without /proc
    } catch {
      // none left
    }
    if (!canReadProc) return;
    const leftovers = new Set(processesMarked((value) => value === this.marker));
    for (const [member, started] of this.seen) if (startTime(member) === started) leftovers.add(member);
    leftovers.delete(this.child.pid ?? -1);
    signal(leftovers, 'SIGSTOP');
    signal(leftovers, 'SIGKILL');
  }

  private killAll(): void {
    const pid = this.child.pid;
    this.frozen = false;
    if (pid === undefined || this.gone) return;
    if (this.containment === 'namespaces') {
      // Killing the init (from outside its namespace) ends the namespace: the kernel's guarantee.
      signal(canReadProc ? treeOf(pid, 3) : [pid], 'SIGKILL');
    } else {
      // Stopped processes cannot fork: stop everything we can find, then end it.
      const all = this.stopAll();
      if (this.containment === 'plain') for (const found of processesMarked((value) => value === this.marker)) all.add(found);
      signal(all, 'SIGKILL');
    }
    this.control?.destroy();
    try {
      process.kill(-pid, 'SIGKILL'); // the process group, where there is no /proc to walk
    } catch {
      // gone already
    }
  }

  /** Sends SIGSTOP to the whole tree until a pass finds nothing new; returns what it stopped. */
  private stopAll(): Set<number> {
    const stopped = new Set<number>();
    for (let pass = 0; pass < 8; pass++) {
      const found = this.containment === 'plain' ? this.plainMembers() : this.child.pid !== undefined && canReadProc ? treeOf(this.child.pid) : [];
      const fresh = found.filter((pid) => !stopped.has(pid));
      if (fresh.length === 0) break;
      signal(fresh, 'SIGSTOP');
      for (const pid of fresh) stopped.add(pid);
    }
    if (!canReadProc) this.signalGroup('SIGSTOP');
    return stopped;
  }

  /** Plain containment: the runtime's tree now, plus every process seen before that still runs. */
  private plainMembers(): number[] {
    const pid = this.child.pid;
    if (pid === undefined) return [];
    if (!canReadProc) return [pid];
    const tree = treeOf(pid);
    for (const member of tree) if (!this.seen.has(member)) this.seen.set(member, startTime(member) ?? 0);
    const members = new Set(tree);
    for (const [member, started] of this.seen) {
      if (members.has(member)) continue;
      if (startTime(member) === started) members.add(member);
      else this.seen.delete(member); // ended, or its pid now belongs to someone else
    }
    return [...members];
  }
}

/** The launcher's last words: "exit N" or "signal N", in Lambda's (Go's) wording. */
function launcherReport(text: string): string | undefined {
  const match = /^(exit|signal) (\d+)$/m.exec(text);
  if (!match) return undefined;
  if (match[1] === 'exit') return exitReason(Number(match[2]), null);
  const name = Object.entries(constants.signals).find(([, number]) => number === Number(match[2]))?.[0];
  return exitReason(null, (name ?? `signal ${match[2]}`) as NodeJS.Signals);
}
