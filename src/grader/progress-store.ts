// The learner's progress, in workspace/progress.json. Written atomically (a temporary file,
// then a rename), so an interrupted run leaves either the old file or the new one.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Language } from './lab-types.ts';

export interface LabProgress {
  language: Language;
  /** 'not started' after a reset: graded before, starting over. */
  status: 'passed' | 'failing' | 'error' | 'not started';
  passed: number;
  total: number;
  /** ISO time of the last grading. */
  gradedAt: string;
  /** Set once the lab has passed in this language; stays set. */
  everPassed?: boolean;
  /** The checks that did not pass at the last grading, in order: `--hint` helps with the first. */
  notPassed?: string[];
}

export interface Progress {
  language?: Language;
  labs: Record<string, Partial<Record<Language, LabProgress>>>;
  /** Hint stages revealed, per lab, language and check name. */
  hints?: Record<string, Partial<Record<Language, Record<string, number>>>>;
}

export class ProgressStore {
  readonly file: string;

  constructor(workspace: string) {
    this.file = join(workspace, 'progress.json');
  }

  read(): Progress {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Progress;
      return { ...parsed, labs: parsed.labs ?? {} };
    } catch {
      // Missing or unreadable (a learner edited it by hand): start over rather than crash.
      return { labs: {} };
    }
  }

  update(change: (progress: Progress) => void): Progress {
    const progress = this.read();
    change(progress);
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(progress, null, 2)}\n`);
    renameSync(temporary, this.file);
    return progress;
  }
}
