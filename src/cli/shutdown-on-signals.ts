// A command that runs a LambdaService ends it cleanly on Ctrl-C (SIGINT), kill (SIGTERM) or a
// closed terminal (SIGHUP: Node's default would end the process with no shutdown, leaving the
// service's folder behind): every environment ends, the folder goes, and the exit code is the
// shell's 128 + signal number.

import { constants } from 'node:os';

const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Shuts the service down on those signals until the returned function is called. */
export function shutDownOnSignals(service: { shutdown(): Promise<unknown> }): () => void {
  const stop = (signal: NodeJS.Signals) => void service.shutdown().then(() => process.exit(128 + constants.signals[signal]));
  for (const signal of signals) process.once(signal, stop);
  return () => {
    for (const signal of signals) process.off(signal, stop);
  };
}
