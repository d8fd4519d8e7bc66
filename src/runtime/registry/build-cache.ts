// Builds of compiled languages (Java, C#, Go), kept by a hash of what went into them, so grading
// again without a change does not compile again.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { listFiles } from './code-snapshot.ts';
import { CodeBuildError } from '../errors.ts';
import type { StoredLayer } from './layers.ts';
import type { RuntimeDefinition, Toolchain } from '../runtimes/registry.ts';
import { runtimeDir } from '../runtimes/toolchain.ts';

/** Compiles once per runtime, source hash and layer set; a cached build is reused as it is. */
export async function buildOnce(cacheDir: string, runtime: RuntimeDefinition, toolchain: Toolchain, source: string, sha256: string, handler: string, layers: StoredLayer[]): Promise<string> {
  if (!runtime.build) return source;
  // Layers can hold libraries the code compiles against (Java's java/lib/*.jar), so they are part of the key.
  // The runtime's own support code (a Go library, a Java runtime jar) is part of the key too, so
  // a change to it rebuilds functions compiled against the old one.
  const key = createHash('sha256')
    .update(sha256)
    .update(layers.map((l) => `${l.info.LayerVersionArn}:${l.info.Content.CodeSha256}`).join('\n'))
    .update(runtimeFingerprint(runtime.family))
    .digest('hex');
  const folder = join(cacheDir, `${runtime.id}-${key}`);
  if (existsSync(folder)) return folder;
  mkdirSync(cacheDir, { recursive: true });
  const output = mkdtempSync(`${folder}.building-`);
  try {
    await runtime.build({ source, output, toolchain, handler, layers: layers.map((l) => l.folder) });
    renameSync(output, folder);
  } catch (error) {
    rmSync(output, { recursive: true, force: true });
    // Another service built the same source meanwhile: theirs is as good as ours.
    if (existsSync(folder) && !(error instanceof CodeBuildError)) return folder;
    throw error;
  }
  return folder;
}

const fingerprints = new Map<string, string>();

/** A hash of a runtime folder's files (its bootstrap and support libraries), once per process. */
function runtimeFingerprint(family: string): string {
  let fingerprint = fingerprints.get(family);
  if (fingerprint === undefined) {
    const folder = runtimeDir(family);
    const hash = createHash('sha256');
    if (existsSync(folder)) for (const file of listFiles(folder)) hash.update(relative(folder, file)).update(readFileSync(file));
    fingerprint = hash.digest('hex');
    fingerprints.set(family, fingerprint);
  }
  return fingerprint;
}
