// Starlight route middleware: fills the sidebar's "Labs" group with one link per lab, read
// from labs/*/lab.ts at build time, so adding a lab folder is enough to list it.
import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { labHref, listLabs } from './lab-catalog.ts';

const withSlash = (path: string) => (path.endsWith('/') ? path : `${path}/`);

export const onRequest = defineRouteMiddleware((context) => {
  const group = context.locals.starlightRoute.sidebar.find((entry) => entry.type === 'group' && entry.label === 'Labs');
  if (group?.type !== 'group') return;
  const here = withSlash(context.url.pathname);
  for (const { slug, lab } of listLabs()) {
    const href = labHref(slug);
    group.entries.push({ type: 'link', label: `${lab.number}. ${lab.title}`, href, isCurrent: here === href, badge: undefined, attrs: {} });
  }
});
