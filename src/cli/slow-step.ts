// Shows that a slow step (a build) is still going: after a second, a spinner on a terminal, or
// one plain line when the output is a file or a pipe (a CI log would fill with spinner frames).

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface SlowStep {
  start(label: string): void;
  end(): void;
}

export function slowStep(stream: NodeJS.WriteStream, enabled: boolean, afterMs = 1000): SlowStep {
  let delay: NodeJS.Timeout | undefined;
  let spin: NodeJS.Timeout | undefined;
  let shown = false;
  return {
    start(label) {
      if (!enabled) return;
      delay = setTimeout(() => {
        shown = true;
        if (!stream.isTTY) {
          stream.write(`  ${label}\n`);
          return;
        }
        let frame = 0;
        const started = Date.now();
        const draw = () => stream.write(`\r  ${frames[frame++ % frames.length]} ${label} ${Math.round((Date.now() - started) / 1000 + afterMs / 1000)} s`);
        draw();
        spin = setInterval(draw, 100);
      }, afterMs);
    },
    end() {
      clearTimeout(delay);
      clearInterval(spin);
      if (shown && stream.isTTY) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
