// Which route a request reaches, as API Gateway picks it.
// REST APIs pick the resource first (a literal segment over a {param} over a {proxy+}), then the
// method on it (its own method over ANY); a resource without the method is a miss.
// Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
// HTTP APIs pick the most specific match: a full match, then a greedy {proxy+} match, then the
// `$default` route; ANY matches the methods a route does not define.
// Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html (Routing API requests)

import type { ApiKind, ApiRoute } from './api-definition.ts';

type Segment = { kind: 'literal'; text: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

export interface CompiledRoute {
  route: ApiRoute;
  segments: Segment[];
  isDefault: boolean;
}

export interface RouteMatch {
  route: ApiRoute;
  /** Decoded values by parameter name ({proxy+} gives `proxy`). */
  pathParameters: Record<string, string>;
}

/** Why a resource path is refused, or undefined when it is fine. */
export function resourcePathProblem(path: string): string | undefined {
  if (path === '$default') return undefined;
  if (!path.startsWith('/')) return `starts with "/" (e.g. /pets/{id})`;
  const parts = path.split('/').slice(1);
  if (path !== '/' && parts.some((p) => p === '')) return 'has no empty segments (no "//" and no trailing "/")';
  for (const [i, part] of parts.entries()) {
    if (/^\{[A-Za-z0-9._-]+\+\}$/.test(part) && i !== parts.length - 1) return `has its greedy variable ${part} as the last segment only`;
    if (part.includes('{') && !/^\{[A-Za-z0-9._-]+\+?\}$/.test(part)) return `has each path variable as a whole segment, such as {id} or {proxy+} (not ${part})`;
  }
  return undefined;
}

export function compileRoute(route: ApiRoute): CompiledRoute {
  if (route.path === '$default') return { route, segments: [], isDefault: true };
  const parts = route.path === '/' ? [] : route.path.split('/').slice(1);
  const segments = parts.map((part): Segment => {
    const greedy = /^\{(.+)\+\}$/.exec(part);
    if (greedy) return { kind: 'greedy', name: greedy[1]! };
    const param = /^\{(.+)\}$/.exec(part);
    return param ? { kind: 'param', name: param[1]! } : { kind: 'literal', text: part };
  });
  return { route, segments, isDefault: false };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Matches the path's segments; a greedy variable takes one or more segments. */
function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.kind === 'greedy') {
      const rest = parts.slice(i);
      if (rest.length === 0 || rest.join('') === '') return undefined;
      params[segment.name] = decode(rest.join('/'));
      return params;
    }
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    if (segment.kind === 'literal' && segment.text !== decode(part)) return undefined;
    if (segment.kind === 'param') params[segment.name] = decode(part);
  }
  return parts.length === segments.length ? params : undefined;
}

/** Orders two matching resources: literal over param over greedy, segment by segment (negative: a first). */
function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  const rank = { literal: 0, param: 1, greedy: 2 } as const;
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const x = a.segments[i];
    const y = b.segments[i];
    if (!x || !y) return x ? -1 : 1;
    if (rank[x.kind] !== rank[y.kind]) return rank[x.kind] - rank[y.kind];
  }
  return 0;
}

export class RouteTable {
  /** Routes in order of preference for a path (bySpecificity), so the first match is the best resource. */
  private readonly ordered: CompiledRoute[];
  private readonly fallback: CompiledRoute | undefined;
  private readonly kind: ApiKind;

  constructor(kind: ApiKind, routes: ApiRoute[]) {
    this.kind = kind;
    const compiled = routes.map(compileRoute);
    this.ordered = compiled.filter((c) => !c.isDefault).sort(bySpecificity);
    this.fallback = compiled.find((c) => c.isDefault);
  }

  /** The route for `method` and `path` (the path below the stage, not decoded), or undefined. */
  match(method: string, path: string): RouteMatch | undefined {
    const parts = path === '/' || path === '' ? [] : path.replace(/^\//, '').split('/');
    const upper = method.toUpperCase();
    const methodRank = (r: ApiRoute) => (r.method === upper ? 0 : r.method === 'ANY' ? 1 : undefined);
    let best: { compiled: CompiledRoute; params: Record<string, string>; rank: number } | undefined;
    if (this.kind === 'rest') {
      // The resource is chosen first (the first match in preference order); only its own
      // methods, or its ANY, can answer.
      let resource: string | undefined;
      for (const compiled of this.ordered) {
        if (resource !== undefined && compiled.route.path !== resource) continue;
        const params = matchSegments(compiled.segments, parts);
        if (!params) continue;
        resource ??= compiled.route.path;
        const rank = methodRank(compiled.route);
        if (rank !== undefined && (!best || rank < best.rank)) best = { compiled, params, rank };
      }
      return best && { route: best.compiled.route, pathParameters: best.params };
    }
    for (const compiled of this.ordered) {
      const rank = methodRank(compiled.route);
      if (rank === undefined) continue;
      const tier = (compiled.segments.some((s) => s.kind === 'greedy') ? 2 : 0) + rank;
      if (best && best.rank <= tier) continue;
      const params = matchSegments(compiled.segments, parts);
      if (params) best = { compiled, params, rank: tier };
    }
    if (best) return { route: best.compiled.route, pathParameters: best.params };
    return this.fallback && { route: this.fallback.route, pathParameters: {} };
  }
}
