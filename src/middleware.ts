// Astro middleware: runs for every page as it is rendered (at build time for the static site).
import { defineMiddleware } from 'astro:middleware';
import { wrapTables } from './site/table-regions.ts';

export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  if (!(response.headers.get('content-type') ?? '').includes('text/html')) return response;
  const html = await response.text();
  return new Response(wrapTables(html), { status: response.status, statusText: response.statusText, headers: response.headers });
});
