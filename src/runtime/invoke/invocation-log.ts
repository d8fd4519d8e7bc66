// The log of one invocation as Invoke returns it to the CLI and the grader (START ... REPORT).
// A function may log far more than anyone reads back, so what is kept is bounded: the first
// and the last half megabyte, with a line that says how much was left out between them. Every
// line still goes out as a log event as it is written.

const keptBytesEachEnd = 512 * 1024;

export class InvocationLog {
  private readonly head: string[] = [];
  private headBytes = 0;
  private tail: string[] = [];
  private tailStart = 0;
  private tailBytes = 0;
  private droppedLines = 0;
  private droppedBytes = 0;

  push(line: string): void {
    const size = line.length + 1;
    if (this.tail.length === 0 && this.headBytes + size <= keptBytesEachEnd) {
      this.head.push(line);
      this.headBytes += size;
      return;
    }
    this.tail.push(line);
    this.tailBytes += size;
    while (this.tailBytes > keptBytesEachEnd && this.tail.length - this.tailStart > 1) {
      const gone = this.tail[this.tailStart++]!;
      this.tailBytes -= gone.length + 1;
      this.droppedLines++;
      this.droppedBytes += gone.length + 1;
    }
    // Compact now and then, so the array does not keep every line it ever held.
    if (this.tailStart > 4096 && this.tailStart * 2 > this.tail.length) {
      this.tail = this.tail.slice(this.tailStart);
      this.tailStart = 0;
    }
  }

  lines(): string[] {
    const tail = this.tail.slice(this.tailStart);
    if (this.droppedLines === 0) return [...this.head, ...tail];
    const note = `[lambda-dojo] ${this.droppedLines} log lines (${this.droppedBytes} bytes) are not kept here; they went out as log events as they were written.`;
    return [...this.head, note, ...tail];
  }
}
