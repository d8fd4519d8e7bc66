// Reads and writes .zip files (PKWARE APPNOTE, the parts Lambda packages use: stored and
// deflated entries, Unix modes and symbolic links). Extraction refuses entries that would land
// outside the target folder, the classic "zip slip".

import { chmodSync, mkdirSync, readdirSync, readFileSync, readlinkSync, lstatSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export class ZipError extends Error {
  override name = 'ZipError';
}

export interface ZipEntry {
  name: string;
  kind: 'file' | 'directory' | 'symlink';
  mode: number;
  /** The uncompressed size the archive declares. */
  size: number;
  data(): Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

export function readZip(archive: Buffer, label = 'the archive'): ZipEntry[] {
  let end = -1;
  for (let i = archive.length - 22; i >= Math.max(0, archive.length - 22 - 0xffff); i--) {
    if (archive.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipError(`${label} is not a zip file (no end-of-archive record). Make it with zip -r, or give a folder instead.`);
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  if (offset === 0xffffffff || count === 0xffff) throw new ZipError(`${label} is a ZIP64 archive, which this reader does not handle: keep it under 4 GB and 65,535 files.`);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > archive.length || archive.readUInt32LE(offset) !== CENTRAL) throw new ZipError(`${label} is damaged: its file list is cut short.`);
    const madeBy = archive.readUInt16LE(offset + 4) >> 8;
    const method = archive.readUInt16LE(offset + 10);
    const compressed = archive.readUInt32LE(offset + 20);
    const size = archive.readUInt32LE(offset + 24);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const external = archive.readUInt32LE(offset + 38);
    const local = archive.readUInt32LE(offset + 42);
    const name = archive.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    offset += 46 + nameLength + extraLength + commentLength;
    const unixMode = madeBy === 3 ? external >>> 16 : 0;
    const kind = (unixMode & S_IFMT) === S_IFLNK ? 'symlink' : name.endsWith('/') || (unixMode & S_IFMT) === S_IFDIR ? 'directory' : 'file';
    entries.push({
      name,
      kind,
      mode: unixMode & 0o777 || (kind === 'directory' ? 0o755 : 0o644),
      size,
      data: () => {
        if (archive.readUInt32LE(local) !== LOCAL) throw new ZipError(`${label} is damaged at ${name}.`);
        const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
        const raw = archive.subarray(start, start + compressed);
        if (method === 0) return Buffer.from(raw);
        if (method === 8) return inflateRawSync(raw);
        throw new ZipError(`${label}: ${name} uses compression method ${method}; only stored (0) and deflate (8) are supported.`);
      },
    });
  }
  return entries;
}

/** A path inside `root` for an entry name, or an error when the name would escape it. */
function safeTarget(root: string, name: string, label: string): string {
  if (isAbsolute(name) || /^[a-zA-Z]:/.test(name) || name.startsWith('\\')) {
    throw new ZipError(`${label} holds an entry with an absolute path, ${name}: entries must be relative to the archive's root.`);
  }
  const normal = normalize(name);
  if (normal === '..' || normal.startsWith(`..${sep}`) || name.split(/[\\/]/).includes('..')) {
    throw new ZipError(`${label} holds an entry that climbs out of its folder, ${name}: remove the '..' from its path.`);
  }
  return join(root, normal);
}

/**
 * Extracts into `root` (which should be empty), checking every path and every link target
 * first, and the total size against `maxBytes`. Returns the bytes written.
 */
export function extractZip(archive: Buffer, root: string, maxBytes: number, label = 'the archive'): number {
  const entries = readZip(archive, label);
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > maxBytes) throw new ZipError(`${label} unzips to ${declared} bytes, over the ${maxBytes}-byte limit.`);
  const planned = entries.map((entry) => ({ entry, target: safeTarget(root, entry.name, label) }));
  for (const { entry, target } of planned) {
    if (entry.kind !== 'symlink') continue;
    const link = entry.data().toString('utf8');
    const resolved = isAbsolute(link) ? link : join(dirname(target), link);
    const inside = relative(root, resolved);
    if (isAbsolute(link) || inside.startsWith('..') || isAbsolute(inside)) {
      throw new ZipError(`${label} holds a symbolic link ${entry.name} → ${link}, which points outside the archive's folder.`);
    }
  }
  let written = 0;
  mkdirSync(root, { recursive: true });
  for (const { entry, target } of planned) {
    if (entry.kind === 'directory') {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    const data = entry.data();
    written += data.length;
    if (written > maxBytes) throw new ZipError(`${label} unzips to more than ${maxBytes} bytes.`);
    if (entry.kind === 'symlink') symlinkSync(data.toString('utf8'), target);
    else {
      writeFileSync(target, data);
      chmodSync(target, entry.mode);
    }
  }
  return written;
}

function dosTime(date: Date): { time: number; day: number } {
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    day: ((Math.max(1980, date.getFullYear()) - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/** Zips a folder (files, folders, symbolic links, with their Unix modes), as `zip -r` would. */
export function zipFolder(folder: string): Buffer {
  const items: Array<{ name: string; data: Buffer; mode: number }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      const name = relative(folder, path).split(sep).join('/');
      const stat = lstatSync(path);
      if (entry.isDirectory()) {
        items.push({ name: `${name}/`, data: Buffer.alloc(0), mode: S_IFDIR | (stat.mode & 0o777) });
        walk(path);
      } else if (entry.isSymbolicLink()) items.push({ name, data: Buffer.from(readlinkSync(path)), mode: S_IFLNK | 0o777 });
      else items.push({ name, data: readFileSync(path), mode: 0o100000 | (stat.mode & 0o777) });
    }
  };
  walk(folder);
  return zipEntries(items);
}

/** Builds an archive from entries; `mode` carries the Unix file type and permissions. */
export function zipEntries(items: Array<{ name: string; data: Buffer; mode: number }>): Buffer {
  const { time, day } = dosTime(new Date());
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const item of items) {
    const name = Buffer.from(item.name, 'utf8');
    const deflate = item.data.length > 0 && (item.mode & S_IFMT) !== S_IFLNK;
    const body = deflate ? deflateRawSync(item.data) : item.data;
    const crc = crc32(item.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(item.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode is read back
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(day, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(item.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((item.mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(items.length, 8);
  end.writeUInt16LE(items.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
