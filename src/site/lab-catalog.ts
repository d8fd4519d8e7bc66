// The site's view of labs/: every folder labs/NN-slug/ with a lab.ts is a lab page. The lab's
// own record (lab.ts) is read, never copied, so the site always lists the checks the grader runs.
import type { MarkdownInstance } from 'astro';
import type { LabDefinition } from '../grader/lab-types.ts';

export interface CatalogLab {
  /** The folder name, e.g. "03-event-in-response-out"; also the page's URL segment. */
  slug: string;
  lab: LabDefinition;
  /** labs/NN-slug/README.md, the task, when the folder has one. */
  readme?: MarkdownInstance<Record<string, unknown>>;
}

const labModules = import.meta.glob<{ default: LabDefinition }>('/labs/*/lab.ts', { eager: true });
const readmes = import.meta.glob<MarkdownInstance<Record<string, unknown>>>('/labs/*/README.md', { eager: true });

const folderOf = (path: string) => path.split('/')[2]!;

function load(): CatalogLab[] {
  const labs = Object.entries(labModules).map(([path, module]) => {
    const slug = folderOf(path);
    const lab = module.default;
    // The folder number and lab.number must agree, or `npm run lab N` and the page disagree.
    if (!lab || Number.parseInt(slug, 10) !== lab.number) {
      throw new Error(`${path}: the default export must be a lab whose number matches its folder "${slug}" (got ${lab?.number}).`);
    }
    return { slug, lab, readme: readmes[`/labs/${slug}/README.md`] };
  });
  return labs.sort((a, b) => a.lab.number - b.lab.number);
}

const catalog = load();

export function listLabs(): readonly CatalogLab[] {
  return catalog;
}

export function findLab(number: number): CatalogLab | undefined {
  return catalog.find((entry) => entry.lab.number === number);
}

export function labHref(slug: string): string {
  return `/labs/${slug}/`;
}

// Lessons and their parts: plain functions in their own module, so tests load them without Vite.
export { lessonIdFor, lessonPageFor, lessonTitle } from './lesson-pages.ts';
