// `--watch`: grades again after each burst of saves, on a cleared screen (a terminal) or below
// a rule (a log). After a pass it offers the next lab: on a terminal, pressing n moves on.

import { watch } from 'node:fs';
import type { LabEntry } from '../grader/catalogue.ts';
import type { CourseSession } from '../grader/course-session.ts';
import type { LabResult } from '../grader/grade.ts';
import type { Style } from '../grader/reporters/terminal.ts';

export interface WatchOptions {
  session: CourseSession;
  entry: LabEntry;
  folder: string;
  first: LabResult;
  grade: () => Promise<LabResult>;
  say: (text: string) => void;
  s: Style;
}

const clearScreen = '\x1b[2J\x1b[3J\x1b[H';

/** Runs until interrupted; resolves with 'next' when the learner asks for the next lab. */
export function watchAndGrade(options: WatchOptions): Promise<'next'> {
  const { session, entry, folder, say, s } = options;
  const next = session.nextLab(entry);
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  let passed = options.first.status === 'passed';
  const prompt = () => {
    const offer = passed && next ? (interactive ? ` Press n to go on to lab ${next.number}, ${next.lab.title}.` : '') : '';
    say(s.dim(`\nWatching ${folder}: save a file to grade again.${offer} Ctrl-C stops.`));
  };
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let running = Promise.resolve();
    const watcher = watch(folder, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        running = running.then(async () => {
          if (process.stdout.isTTY) process.stdout.write(clearScreen);
          else say(`\n${'─'.repeat(60)}\n`);
          passed = (await options.grade()).status === 'passed';
          prompt();
        });
      }, 250);
    });
    // Said once the watcher is in place, so a save right after it is seen.
    prompt();
    if (!interactive) return;
    process.stdin.setRawMode(true);
    process.stdin.resume();
    const onKey = (key: Buffer) => {
      const text = key.toString();
      // Raw mode turns Ctrl-C into a key: pass it on as the signal it would have been.
      if (text === '\x03') process.kill(process.pid, 'SIGINT');
      if (text.toLowerCase() === 'n' && passed && next) {
        process.stdin.off('data', onKey);
        process.stdin.setRawMode(false);
        process.stdin.pause();
        watcher.close();
        clearTimeout(timer);
        void running.then(() => resolve('next'));
      }
    };
    process.stdin.on('data', onKey);
  });
}
