// The states of one execution environment and the only moves between them, after the model in
// AWS's Runtime Interface Emulator (lambda/core/states.go): a move that is not in the table is a
// bug in the service and fails loudly instead of leaving an environment half in two states.
//
//   starting ──► initialising ──► idle ◄──► invoking
//       │              │            │           │
//       └──────────────┴────────────┴───────────┴──► dead
//
// idle means frozen (or about to be): the runtime waits in /next and gets no CPU.

export type EnvironmentState = 'starting' | 'initialising' | 'idle' | 'invoking' | 'dead';

const allowed: Record<EnvironmentState, readonly EnvironmentState[]> = {
  starting: ['initialising', 'dead'],
  initialising: ['idle', 'dead'],
  idle: ['invoking', 'dead'],
  invoking: ['idle', 'dead'],
  dead: [],
};

export class Lifecycle {
  private current: EnvironmentState = 'starting';

  private readonly environmentId: string;

  constructor(environmentId: string) {
    this.environmentId = environmentId;
  }

  get state(): EnvironmentState {
    return this.current;
  }

  is(...states: EnvironmentState[]): boolean {
    return states.includes(this.current);
  }

  /** Moves to `next`; throws when the table does not allow it (dead to dead is a no-op). */
  to(next: EnvironmentState): void {
    if (next === 'dead' && this.current === 'dead') return;
    if (!allowed[this.current].includes(next)) {
      throw new Error(`Execution environment ${this.environmentId}: ${this.current} -> ${next} is not a valid transition.`);
    }
    this.current = next;
  }
}
