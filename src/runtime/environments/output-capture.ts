// What a function writes to stdout and stderr, turned into log lines. Both point at one log
// file the process inherits, not at pipes:
// - everything the runtime wrote before it posted its answer is already in the file when the
//   answer arrives, so reading to the end files every line under the right invocation, with no
//   waiting on pipe scheduling;
// - nothing a function leaves behind (a detached child with inherited stdio) can hold a pipe,
//   and with it the CLI, open;
// - one file keeps stdout and stderr in the order they were written, as CloudWatch shows them.
// Reading is incremental and linear: bytes are decoded as a UTF-8 stream (a character split
// across two reads stays whole) and a line is joined once, when its newline arrives.

import { closeSync, openSync, readSync, truncateSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * A single log event in CloudWatch Logs is at most 256 KB; a longer line is cut into events of
 * that size. Source: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html
 */
export const maxLineBytes = 256 * 1024;

/** Past this many consumed bytes, an idle (frozen) environment's log file is emptied. */
const truncateAfterBytes = 1024 * 1024;

export class OutputCapture {
  private readonly readFd: number;
  private writeFd: number | undefined;
  private position = 0;
  private readonly decoder = new StringDecoder('utf8');
  private readonly chunk = Buffer.allocUnsafe(64 * 1024);
  /** The line being assembled, in pieces, so a long line is joined once and not re-copied per read. */
  private pieces: string[] = [];
  private pieceBytes = 0;
  private closed = false;

  readonly path: string;
  private readonly onLine: (text: string) => void;

  constructor(path: string, onLine: (text: string) => void) {
    this.path = path;
    this.onLine = onLine;
    this.writeFd = openSync(path, 'a', 0o600);
    this.readFd = openSync(path, 'r');
  }

  /** The descriptor to give the process as its stdout and stderr (appending, so truncation is safe). */
  get childDescriptor(): number {
    if (this.writeFd === undefined) throw new Error('the output capture no longer takes a process');
    return this.writeFd;
  }

  /** The process has its own copy now; the service keeps none, so only the process can write. */
  releaseChildDescriptor(): void {
    if (this.writeFd !== undefined) closeSync(this.writeFd);
    this.writeFd = undefined;
  }

  /** Reads everything written so far and hands over each complete line. */
  drain(): void {
    if (this.closed) return;
    for (;;) {
      const read = readSync(this.readFd, this.chunk, 0, this.chunk.length, this.position);
      if (read <= 0) return;
      this.position += read;
      this.consume(this.decoder.write(this.chunk.subarray(0, read)));
    }
  }

  /** Drains, then ends a line still open (an invocation's last words without a newline). */
  flush(): void {
    this.drain();
    if (this.pieces.length > 0) this.emit();
  }

  /**
   * Empties the file once a good deal has been read. Only call while the process is frozen or
   * gone: it writes with O_APPEND, so its next write lands at the new end, offset 0.
   */
  compact(): void {
    if (this.closed || this.position < truncateAfterBytes) return;
    this.drain();
    // By its path: the service keeps only a read-only descriptor, which ftruncate refuses (EINVAL).
    truncateSync(this.path, 0);
    this.position = 0;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.releaseChildDescriptor();
    try {
      closeSync(this.readFd);
    } catch {
      // closed already
    }
  }

  private consume(text: string): void {
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline < 0) break;
      this.add(text.slice(start, newline));
      this.emit();
      start = newline + 1;
    }
    if (start < text.length) this.add(text.slice(start));
  }

  private add(piece: string): void {
    if (piece.length === 0) return;
    this.pieces.push(piece);
    this.pieceBytes += Buffer.byteLength(piece);
    // A line with no end in sight leaves as events of the largest size CloudWatch takes.
    while (this.pieceBytes > maxLineBytes) {
      const whole = Buffer.from(this.pieces.join(''));
      const cut = safeCut(whole, maxLineBytes);
      this.onLine(whole.subarray(0, cut).toString('utf8'));
      const rest = whole.subarray(cut).toString('utf8');
      this.pieces = rest ? [rest] : [];
      this.pieceBytes = whole.length - cut;
    }
  }

  private emit(): void {
    const line = this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join('');
    this.pieces = [];
    this.pieceBytes = 0;
    this.onLine(line);
  }
}

/** The largest cut at or before `at` that does not split a UTF-8 character. */
function safeCut(bytes: Buffer, at: number): number {
  let cut = Math.min(at, bytes.length);
  while (cut > 0 && cut < bytes.length && (bytes[cut]! & 0xc0) === 0x80) cut--;
  return cut;
}
