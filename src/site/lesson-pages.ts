// Which lesson page goes with a lab, and what the labs list calls a lesson, when a lesson may be
// one page (content/lessons/03-layers.mdx) or a folder of parts (content/lessons/02-handlers/).
import type { LabDefinition } from '../grader/lab-types.ts';

/**
 * The docs collection id of lesson N among the given ids: "lessons/03-layers", or for a lesson
 * split into parts (content/lessons/02-handlers/1-....mdx) its first part.
 */
export function lessonIdFor(lesson: number, docIds: readonly string[]): string | undefined {
  const prefix = `lessons/${String(lesson).padStart(2, '0')}-`;
  return docIds.filter((id) => id.startsWith(prefix)).sort()[0];
}

/** The lesson page that practises a lab: the part whose frontmatter lists it, else the lesson's first page. */
export function lessonPageFor<Doc extends { id: string; data: { labs?: readonly number[] } }>(lab: Pick<LabDefinition, 'number' | 'lesson'>, docs: readonly Doc[]): Doc | undefined {
  const prefix = `lessons/${String(lab.lesson).padStart(2, '0')}-`;
  const listing = docs.find((doc) => doc.id.startsWith(prefix) && doc.data.labs?.includes(lab.number));
  return listing ?? docs.find((doc) => doc.id === lessonIdFor(lab.lesson, docs.map((d) => d.id)));
}

/**
 * How the labs list names lesson N: a lesson split into parts by its folder ("02-handlers" ->
 * "Handlers", as the sidebar groups it), any other by its page title.
 */
export function lessonTitle(lessonId: string, pageTitle: string): string {
  const folder = /^lessons\/\d\d-([^/]+)\/[^/]+$/.exec(lessonId)?.[1];
  return folder ? `${folder[0]!.toUpperCase()}${folder.slice(1).replaceAll('-', ' ')}` : pageTitle;
}
