// The learner's side: workspace/NN-slug/<language>/ holds the code being graded. Starters are
// copied in on first use; a reset keeps the old code as a backup, never deletes it.

import { cpSync, existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LabEntry } from './catalogue.ts';
import type { Language } from './lab-types.ts';

export class Workspace {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  codeFolder(entry: LabEntry, language: Language): string {
    return join(this.root, entry.slug, language);
  }

  hasCode(entry: LabEntry, language: Language): boolean {
    return existsSync(this.codeFolder(entry, language));
  }

  /** Copies the starter in; returns the folder. */
  start(entry: LabEntry, language: Language): string {
    const folder = this.codeFolder(entry, language);
    mkdirSync(join(this.root, entry.slug), { recursive: true });
    cpSync(join(entry.folder, 'starter', language), folder, { recursive: true });
    return folder;
  }

  /** Moves the learner's code to workspace/.backups/ and copies the starter in again. */
  reset(entry: LabEntry, language: Language): { folder: string; backup?: string } {
    const folder = this.codeFolder(entry, language);
    let backup: string | undefined;
    if (existsSync(folder)) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      backup = join(this.root, '.backups', `${entry.slug}-${language}-${stamp}`);
      mkdirSync(join(this.root, '.backups'), { recursive: true });
      renameSync(folder, backup);
    }
    return { folder: this.start(entry, language), ...(backup ? { backup } : {}) };
  }

  /** Files of a folder, relative to it, for messages such as "edit index.mjs". */
  static files(folder: string): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else found.push(relative(folder, path));
      }
    };
    if (existsSync(folder)) walk(folder);
    return found.sort();
  }
}
