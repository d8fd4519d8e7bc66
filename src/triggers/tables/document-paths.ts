// Document paths in DynamoDB expressions: a top-level attribute, then map members (.name) and
// list elements ([n]), each name possibly a placeholder (#n); read, set and removed as DynamoDB
// does (setting past a list's end appends; a missing parent is an invalid path for an update).
// Source: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.Attributes.html

import type { AttributeValue, Item } from './attribute-values.ts';
import type { Placeholders, Reader } from './expressions.ts';
import { TableError } from './table-error.ts';

export type PathPart = { name: string } | { index: number };
export type DocumentPath = [{ name: string }, ...PathPart[]];

export function readPath(read: Reader, placeholders: Placeholders, parameter: string): DocumentPath {
  const path: DocumentPath = [{ name: placeholders.name(read.next(), parameter) }];
  for (;;) {
    const next = read.peek().text;
    if (next === '.') {
      read.next();
      path.push({ name: placeholders.name(read.next(), parameter) });
    } else if (next === '[') {
      read.next();
      const index = read.next();
      if (index.kind !== 'number') read.fail(index, 'a list index is a whole number, e.g. items[0]');
      read.expect(']');
      path.push({ index: Number(index.text) });
    } else return path;
  }
}

export function showPath(path: PathPart[]): string {
  return path.map((p, i) => ('index' in p ? `[${p.index}]` : i === 0 ? p.name : `.${p.name}`)).join('');
}

export function getAt(item: Item | undefined, path: DocumentPath): AttributeValue | undefined {
  let value: AttributeValue | undefined = item?.[path[0].name];
  for (const part of path.slice(1)) {
    if (value === undefined) return undefined;
    value = 'index' in part ? value.L?.[part.index] : value.M?.[part.name];
  }
  return value;
}

const invalidPath = () => new TableError('ValidationException', 'The document path provided in the update expression is invalid for update');

/** The container a path's last part lives in (a map or a list value, or the item itself). */
function parentOf(item: Item, path: DocumentPath): { map?: Record<string, AttributeValue>; list?: AttributeValue[] } {
  if (path.length === 1) return { map: item };
  const parent = getAt(item, path.slice(0, -1) as DocumentPath);
  const last = path[path.length - 1]!;
  if ('index' in last) {
    if (!parent?.L) throw invalidPath();
    return { list: parent.L };
  }
  if (!parent?.M) throw invalidPath();
  return { map: parent.M };
}

export function setAt(item: Item, path: DocumentPath, value: AttributeValue): void {
  const last = path[path.length - 1]!;
  const { map, list } = parentOf(item, path);
  if ('index' in last) {
    if (last.index >= list!.length) list!.push(value);
    else list![last.index] = value;
  } else map![last.name] = value;
}

export function removeAt(item: Item, path: DocumentPath): void {
  const last = path[path.length - 1]!;
  let parent: ReturnType<typeof parentOf>;
  try {
    parent = parentOf(item, path);
  } catch {
    return; // removing what is not there changes nothing
  }
  if ('index' in last) {
    if (last.index < parent.list!.length) parent.list!.splice(last.index, 1);
  } else delete parent.map![last.name];
}

/** True when one path is the other or lies inside it (DynamoDB refuses such pairs in one update). */
export function overlaps(a: PathPart[], b: PathPart[]): boolean {
  const shorter = Math.min(a.length, b.length);
  return a.slice(0, shorter).every((p, i) => JSON.stringify(p) === JSON.stringify(b[i]));
}
