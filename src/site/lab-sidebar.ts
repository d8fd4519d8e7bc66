// Starlight route middleware: fills the sidebar's "Labs" group with one link per lab, read
// from labs/*/lab.ts at build time, so adding a lab folder is enough to list it.
import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { labHref, listLabs } from './lab-catalog.ts';

const withSlash = (path: string) => (path.endsWith('/') ? path : `${path}/`);

export const onRequest = defineRouteMiddleware((context) => {
  const group = context.locals.starlightRoute.sidebar.find((entry) => entry.type === 'group' && entry.label === 'Labs');
  if (group?.type !== 'group') return;
  const here = withSlash(context.url.pathname);
  const links = listLabs().map(({ slug, lab }) => {
    const href = labHref(slug);
    return { type: 'link' as const, label: `${lab.number}. ${lab.title}`, href, isCurrent: here === href, badge: undefined, attrs: {} };
  });
  group.entries.push(...links);
  // Starlight computes previous/next before this runs, without the labs: a lab page links to its neighbours.
  const at = links.findIndex((link) => link.isCurrent);
  if (at >= 0) {
    const labsIndex = { type: 'link' as const, label: 'All labs', href: '/labs/', isCurrent: false, badge: undefined, attrs: {} };
    context.locals.starlightRoute.pagination = { prev: links[at - 1] ?? labsIndex, next: links[at + 1] };
  }
});
