// Route selection as API Gateway does it: REST picks the resource (literal, then {param}, then
// {proxy+}) and then its method or ANY; HTTP APIs pick a full match, then a greedy match, then
// $default, with ANY below a route's own method.

import { describe, expect, it } from 'vitest';
import type { ApiRoute } from '../../../src/triggers/api-gateway/api-definition.ts';
import { resourcePathProblem, RouteTable } from '../../../src/triggers/api-gateway/routes.ts';

const route = (method: string, path: string): ApiRoute => ({ method, path, target: { functionName: `${method} ${path}` }, payloadFormatVersion: '1.0' });
const chosen = (table: RouteTable, method: string, path: string) => {
  const match = table.match(method, path);
  return match && { route: `${match.route.method} ${match.route.path}`, params: match.pathParameters };
};

describe('REST API routing', () => {
  const table = new RouteTable('rest', [route('GET', '/pets/{id}'), route('GET', '/pets/dog'), route('ANY', '/pets/dog'), route('ANY', '/{proxy+}'), route('GET', '/'), route('POST', '/files/{path+}')]);

  it('prefers a literal segment over a parameter, and the resource\'s own method over its ANY', () => {
    expect(chosen(table, 'GET', '/pets/dog')).toEqual({ route: 'GET /pets/dog', params: {} });
    expect(chosen(table, 'PUT', '/pets/dog')).toEqual({ route: 'ANY /pets/dog', params: {} });
    expect(chosen(table, 'GET', '/pets/cat')).toEqual({ route: 'GET /pets/{id}', params: { id: 'cat' } });
  });

  it('does not fall back to a less specific resource when the chosen one lacks the method', () => {
    expect(chosen(table, 'DELETE', '/pets/cat')).toBeUndefined();
  });

  it('lets {proxy+} take one or more segments, decoded, but never the bare parent', () => {
    expect(chosen(table, 'GET', '/a/b%20c/d')).toEqual({ route: 'ANY /{proxy+}', params: { proxy: 'a/b c/d' } });
    expect(chosen(table, 'POST', '/files/x/y')).toEqual({ route: 'POST /files/{path+}', params: { path: 'x/y' } });
    expect(chosen(table, 'GET', '/')).toEqual({ route: 'GET /', params: {} });
    expect(chosen(table, 'POST', '/')).toBeUndefined();
  });
});

describe('HTTP API routing', () => {
  const table = new RouteTable('http', [route('GET', '/pets/dog/1'), route('GET', '/pets/dog/{id}'), route('GET', '/pets/{proxy+}'), route('ANY', '/{proxy+}'), route('ANY', '$default')]);

  it('follows the documented example: full match, then greedy with the method, then ANY greedy, then $default', () => {
    expect(chosen(table, 'GET', '/pets/dog/1')?.route).toBe('GET /pets/dog/1');
    expect(chosen(table, 'GET', '/pets/dog/2')).toEqual({ route: 'GET /pets/dog/{id}', params: { id: '2' } });
    expect(chosen(table, 'GET', '/pets/cat/1')).toEqual({ route: 'GET /pets/{proxy+}', params: { proxy: 'cat/1' } });
    expect(chosen(table, 'POST', '/test/5')).toEqual({ route: 'ANY /{proxy+}', params: { proxy: 'test/5' } });
    expect(chosen(table, 'GET', '/')).toEqual({ route: 'ANY $default', params: {} });
  });

  it('without a $default route, a request nothing matches has no route', () => {
    expect(new RouteTable('http', [route('GET', '/a')]).match('GET', '/b')).toBeUndefined();
  });
});

describe('resource paths', () => {
  it('are refused with the rule they break', () => {
    expect(resourcePathProblem('/pets/{id}')).toBeUndefined();
    expect(resourcePathProblem('pets')).toMatch(/starts with "\/"/);
    expect(resourcePathProblem('/pets//x')).toMatch(/no empty segments/);
    expect(resourcePathProblem('/{proxy+}/x')).toMatch(/last segment only/);
    expect(resourcePathProblem('/pets-{id}')).toMatch(/whole segment/);
  });
});
