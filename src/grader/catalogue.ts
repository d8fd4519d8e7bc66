// Finds the labs: every folder labs/NN-slug/ with a lab.ts. Numbers come from the folder
// names, so `npm run lab 3` and the site agree without a list to keep in step.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { validateLab } from './lab-schema.ts';
import type { LabDefinition } from './lab-types.ts';

export interface LabEntry {
  number: number;
  slug: string;
  folder: string;
  lab: LabDefinition;
}

const folderPattern = /^(\d{2})-[a-z0-9-]+$/;

export async function loadCatalogue(labsFolder: string): Promise<LabEntry[]> {
  if (!existsSync(labsFolder)) return [];
  const entries: LabEntry[] = [];
  for (const slug of readdirSync(labsFolder).sort()) {
    const match = folderPattern.exec(slug);
    const file = join(labsFolder, slug, 'lab.ts');
    if (!match || !existsSync(file)) continue;
    const lab = validateLab(((await import(pathToFileURL(file).href)) as { default: unknown }).default, file);
    if (lab.number !== Number(match[1])) {
      throw new Error(`${file}: its number (${lab?.number}) does not match its folder (${slug}). Fix the lab's number.`);
    }
    entries.push({ number: lab.number, slug, folder: join(labsFolder, slug), lab });
  }
  return entries;
}
