// Builds of compiled languages (Java, C#, Go), kept by a hash of what went into them, so grading
// again without a change does not compile again. The cache keeps a bounded size: after each new
// build the least recently used builds go, but never one another process may be using now.

import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, relative } from 'node:path';
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
  return buildInCache(cacheDir, runtime.id, key, (output) => runtime.build!({ source, output, toolchain, handler, layers: layers.map((l) => l.folder) }));
}

/** The build cache's folder: LAMBDA_DOJO_BUILD_CACHE, or ~/.cache/lambda-dojo/builds. */
export function defaultBuildCacheDir(): string {
  return process.env.LAMBDA_DOJO_BUILD_CACHE ?? join(homedir(), '.cache', 'lambda-dojo', 'builds');
}

/**
 * Runs `build` into an empty folder once per kind and key, and keeps the result in the cache as
 * `<kind>-<key>` (kind: lowercase letters, digits and dots; key: 64 hex digits) under the same
 * size limits, use marks and pruning as function builds. Anything built from sources goes through
 * here (a layer's Java library, say), so the cache stays bounded as a whole.
 */
export async function buildInCache(cacheDir: string, kind: string, key: string, build: (output: string) => Promise<void>): Promise<string> {
  const folder = join(cacheDir, `${kind}-${key}`);
  if (!buildName.test(basename(folder))) throw new Error(`A build cache entry needs a kind of lowercase letters, digits and dots and a 64-digit hex key; got ${kind}-${key}.`);
  const limits = buildCacheLimits();
  // Marked used before it is looked for: a pruner that sees the mark leaves the build alone.
  markUsed(folder);
  if (existsSync(folder)) {
    hold(folder, limits);
    return folder;
  }
  mkdirSync(cacheDir, { recursive: true });
  const output = mkdtempSync(`${folder}.building-`);
  try {
    await build(output);
    renameSync(output, folder);
  } catch (error) {
    rmSync(output, { recursive: true, force: true });
    // Another service built the same source meanwhile: theirs is as good as ours.
    if (existsSync(folder) && !(error instanceof CodeBuildError)) {
      hold(folder, limits);
      return folder;
    }
    if (!existsSync(folder)) rmSync(markerOf(folder), { force: true });
    throw error;
  }
  markUsed(folder, folderBytes(folder));
  hold(folder, limits);
  pruneBuilds(cacheDir, limits);
  return folder;
}

export interface BuildCacheLimits {
  /** Builds beyond this total size go, least recently used first. */
  maxBytes: number;
  /** Builds beyond this count go, least recently used first. */
  maxBuilds: number;
  /** A build used more recently than this is never removed: another process may be running it. */
  minIdleMs: number;
}

/** The limits from LAMBDA_DOJO_BUILD_CACHE_MAX_MB (1024), _MAX_BUILDS (200) and _MIN_IDLE_MINUTES (10). */
export function buildCacheLimits(env: NodeJS.ProcessEnv = process.env): BuildCacheLimits {
  const read = (name: string, fallback: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min) throw new Error(`${name}=${raw} is not allowed: it must be a number of at least ${min}. Unset it for the default (${fallback}).`);
    return value;
  };
  return {
    maxBytes: read('LAMBDA_DOJO_BUILD_CACHE_MAX_MB', 1024, 1) * 1024 * 1024,
    maxBuilds: Math.floor(read('LAMBDA_DOJO_BUILD_CACHE_MAX_BUILDS', 200, 1)),
    minIdleMs: read('LAMBDA_DOJO_BUILD_CACHE_MIN_IDLE_MINUTES', 10, 0) * 60_000,
  };
}

/** A build's folder name: runtime id, a dash, the 64-digit key. Other entries (Go's cache, Java's runtime) are not builds. */
const buildName = /^[a-z0-9.]+-[0-9a-f]{64}$/;
/** Beside each build, `<build>.used`: its mtime is the last use, its content the build's size in bytes. */
const markerOf = (folder: string) => `${folder}.used`;

function markUsed(folder: string, bytes?: number): void {
  const marker = markerOf(folder);
  try {
    if (bytes !== undefined) writeFileSync(marker, String(bytes));
    else {
      const now = new Date();
      utimesSync(marker, now, now);
    }
  } catch {
    try {
      writeFileSync(marker, '');
    } catch {
      // No cache folder yet (the first build makes it), or a read-only one: nothing to mark.
    }
  }
}

/** The builds this process uses, newest last; their marks are renewed while it runs. */
const held = new Set<string>();
const maxHeld = 64;
let heartbeat: NodeJS.Timeout | undefined;

/**
 * A service starts environments from its builds for as long as it runs, so this process renews
 * their marks on its own cadence (a third of the idle time) and its own pruning skips them.
 */
function hold(folder: string, limits: BuildCacheLimits): void {
  held.delete(folder);
  held.add(folder);
  if (held.size > maxHeld) held.delete(held.values().next().value!);
  heartbeat ??= setInterval(() => held.forEach((f) => markUsed(f)), Math.max(1_000, limits.minIdleMs / 3)).unref();
}

interface CachedBuild {
  folder: string;
  lastUsed: number;
  bytes: number;
}

/**
 * Removes least recently used builds until the cache is within its limits, skipping any used in
 * the last minIdleMs and any this process holds; clears what a crashed build or prune left.
 * Safe with other processes: a build is renamed away before it is deleted, and put back when a
 * mark shows it was used meanwhile.
 */
export function pruneBuilds(cacheDir: string, limits: BuildCacheLimits = buildCacheLimits(), now = Date.now()): { removed: string[]; builds: number; bytes: number } {
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return { removed: [], builds: 0, bytes: 0 };
  }
  clearLeftovers(cacheDir, names, limits, now);
  const builds: CachedBuild[] = names.filter((n) => buildName.test(n)).flatMap((n) => describeBuild(join(cacheDir, n)) ?? []);
  builds.sort((a, b) => a.lastUsed - b.lastUsed);
  let count = builds.length;
  let bytes = builds.reduce((sum, b) => sum + b.bytes, 0);
  const removed: string[] = [];
  for (const build of builds) {
    if (count <= limits.maxBuilds && bytes <= limits.maxBytes) break;
    if (held.has(build.folder) || now - build.lastUsed < limits.minIdleMs) continue;
    if (!removeUnlessUsed(build)) continue;
    removed.push(build.folder);
    count -= 1;
    bytes -= build.bytes;
  }
  return { removed, builds: count, bytes };
}

function describeBuild(folder: string): CachedBuild | undefined {
  try {
    if (!statSync(folder).isDirectory()) return undefined;
    const marker = markerOf(folder);
    if (!existsSync(marker)) {
      // A build from before marks existed: its folder's time stands for its last use.
      const { mtime } = statSync(folder);
      writeFileSync(marker, String(folderBytes(folder)));
      utimesSync(marker, mtime, mtime);
    }
    const { mtimeMs } = statSync(marker);
    const recorded = readFileSync(marker, 'utf8');
    let bytes = Number(recorded);
    if (recorded === '' || !Number.isFinite(bytes)) {
      // Marked by a use before its size was written (or by a process that lost the race to build it).
      bytes = folderBytes(folder);
      writeFileSync(marker, String(bytes));
      utimesSync(marker, new Date(mtimeMs), new Date(mtimeMs));
    }
    return { folder, lastUsed: mtimeMs, bytes };
  } catch {
    return undefined; // removed by another process meanwhile
  }
}

function removeUnlessUsed(build: CachedBuild): boolean {
  const trash = `${build.folder}.pruning-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(build.folder, trash);
  } catch {
    return false; // another process removed or replaced it first
  }
  let usedMeanwhile = true;
  try {
    usedMeanwhile = statSync(markerOf(build.folder)).mtimeMs !== build.lastUsed;
  } catch {
    usedMeanwhile = false;
  }
  if (usedMeanwhile) {
    try {
      renameSync(trash, build.folder);
      return false;
    } catch {
      // The user built it again meanwhile: that copy serves; this one goes.
    }
  } else rmSync(markerOf(build.folder), { force: true });
  rmSync(trash, { recursive: true, force: true });
  return !usedMeanwhile;
}

/** Builds a crashed process left half done (an hour is far beyond any build), prunes it left half done, marks without a build. */
function clearLeftovers(cacheDir: string, names: string[], limits: BuildCacheLimits, now: number): void {
  const present = new Set(names);
  for (const name of names) {
    const path = join(cacheDir, name);
    const building = /\.building-\w+$/.test(name);
    const pruning = /\.pruning-\d+-[0-9a-f]+$/.test(name);
    const orphanMark = name.endsWith('.used') && buildName.test(name.slice(0, -'.used'.length)) && !present.has(name.slice(0, -'.used'.length));
    if (!building && !pruning && !orphanMark) continue;
    try {
      const age = now - lstatSync(path).mtimeMs;
      if ((building && age > 3_600_000) || (pruning && age > limits.minIdleMs) || (orphanMark && age > limits.minIdleMs)) rmSync(path, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
}

/** Bytes of the files under a folder (apparent size, symbolic links not followed). */
function folderBytes(folder: string): number {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      try {
        total += lstatSync(join(entry.parentPath, entry.name)).size;
      } catch {
        // removed meanwhile
      }
    }
  }
  return total;
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
