import { fileURLToPath } from 'node:url';
import { fail, pass } from '../../src/grader/check-helpers.ts';
import { defineLab, type CheckContext } from '../../src/grader/lab-types.ts';

const desktop = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const phone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

interface Answer {
  status: number;
  /** The page's <h1>, or the start of the body. */
  page: string;
  headers: Record<string, string>;
  /** The access-log line CloudFront wrote for this request (origin: the URI it asked the origin for). */
  logLine: string | undefined;
}

/** One request through the lab's distribution, as a browser with this User-Agent sends it. */
async function get(context: CheckContext, path: string, userAgent = desktop): Promise<Answer> {
  const stack = context.needs.stack!;
  const site = stack.outputs.distributions!.Site as { url: string };
  const before = stack.log.length;
  const response = await fetch(`${site.url}${path}`, { headers: { 'User-Agent': userAgent }, redirect: 'manual' });
  const body = await response.text();
  const h1 = /<h1>([^<]*)<\/h1>/i.exec(body)?.[1];
  const reason = /<HR noshade size="1px">\n([\s\S]*?)\n<BR clear="all">/.exec(body)?.[1];
  const logLine = stack.log.slice(before).find((line) => line.includes(` GET ${path} `));
  return { status: response.status, page: reason ?? h1 ?? body.slice(0, 200), headers: Object.fromEntries(response.headers), logLine };
}

/** What the learner sees of an answer in a failure: status, page, X-Cache and the log line. */
const seen = (a: Answer) => ({ status: a.status, page: a.page, 'x-cache': a.headers['x-cache'], ...(a.headers.location ? { location: a.headers.location } : {}), log: a.logLine });

const originOf = (a: Answer) => /origin: (\S+)/.exec(a.logLine ?? '')?.[1];

export default defineLab({
  number: 12,
  title: 'Viewer-request rewrite',
  lesson: 6,
  summary: 'A Lambda@Edge viewer-request function in front of a static site: pretty URLs, the phone pages for phones, and a redirect answered from the edge, without touching what CloudFront keeps read-only.',
  languages: ['nodejs', 'python'],
  entryFile: { nodejs: 'index.mjs', python: 'lambda_function.py' },
  // Viewer triggers: at most 128 MB and 5 s (CloudFront refuses more when it associates the function).
  function: { handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler' }, memorySize: 128, timeout: 5 },
  needs: { stack: { template: fileURLToPath(new URL('stack/template.yaml', import.meta.url)) } },
  starterFails: ['serves pretty URLs', 'sends phones to the phone pages', 'redirects moved pages from the edge', 'a cached page skips the origin'],
  checks: [
    {
      name: 'serves pretty URLs',
      description: 'GET /about and /about/ answer the page site/about/index.html: the origin is asked for /about/index.html, the object the bucket holds.',
      hints: {
        concept: 'An S3 origin has files, not folders: /about is no object in the bucket, /about/index.html is. A viewer-request function may change the request\'s uri before CloudFront looks in its cache and asks the origin. Lesson 6, What each trigger may change.',
        api: {
          nodejs: 'event.Records[0].cf.request.uri is the path (it starts with /); change it and return the request.',
          python: 'event["Records"][0]["cf"]["request"]["uri"] is the path (it starts with /); change it and return the request.',
        },
        code: {
          nodejs: "let uri = request.uri;\nif (!uri.split('/').pop().includes('.')) uri = `${uri.replace(/\\/$/, '')}/index.html`;\nrequest.uri = uri;\nreturn request;",
          python: 'uri = request["uri"]\nif "." not in uri.split("/")[-1]:\n    uri = uri.rstrip("/") + "/index.html"\nrequest["uri"] = uri\nreturn request',
        },
      },
      run: async (context) => {
        for (const path of ['/about', '/about/']) {
          const answer = await get(context, path);
          if (answer.status !== 200 || answer.page !== 'About (desktop)') return fail(`GET ${path} did not answer the about page`, { status: 200, page: 'About (desktop)' }, seen(answer));
        }
        return pass();
      },
    },
    {
      name: 'sends phones to the phone pages',
      description: 'A browser whose User-Agent contains "Mobile" gets the page under /m (GET /about answers site/m/about/index.html); other browsers get the desktop page. Host, a read-only header, stays as the viewer sent it.',
      hints: {
        concept: 'CloudFront answers 502 when a viewer-request function changes a read-only header, and Host is one (with Content-Length, Transfer-Encoding and Via). The phone pages are other objects of the same origin, so change the uri, not the Host. Lesson 6, Read-only and disallowed headers.',
        api: {
          nodejs: "request.headers['user-agent'][0].value is the browser's User-Agent; request.uri is yours to change.",
          python: 'request["headers"]["user-agent"][0]["value"] is the browser\'s User-Agent; request["uri"] is yours to change.',
        },
        code: {
          nodejs: "const userAgent = request.headers['user-agent']?.[0]?.value ?? '';\nif (userAgent.includes('Mobile')) uri = `/m${uri}`;",
          python: 'user_agent = request["headers"].get("user-agent", [{"value": ""}])[0]["value"]\nif "Mobile" in user_agent:\n    uri = "/m" + uri',
        },
      },
      run: async (context) => {
        const onPhone = await get(context, '/about', phone);
        if (onPhone.status === 502) return fail('CloudFront refused the request your function returned for a phone (502)', { status: 200, page: 'About (phone)' }, seen(onPhone));
        if (onPhone.page !== 'About (phone)') return fail('A phone did not get the phone page', { status: 200, page: 'About (phone)' }, seen(onPhone));
        const onDesktop = await get(context, '/about', desktop);
        if (onDesktop.page !== 'About (desktop)') return fail('A desktop browser did not get the desktop page after a phone asked for the same path', { status: 200, page: 'About (desktop)' }, seen(onDesktop));
        return pass();
      },
    },
    {
      name: 'redirects moved pages from the edge',
      description: 'GET /docs/setup answers 301 with Location /guide/setup, generated by the function: X-Cache says LambdaGeneratedResponse and the origin is not asked.',
      hints: {
        concept: 'A viewer-request function may answer the viewer itself: return a response (a status, and headers) instead of the request, and CloudFront sends it without looking in its cache or asking the origin. Lesson 6, Answering from the edge.',
        api: 'The response is {status: "301", statusDescription, headers: {location: [{key: "Location", value}]}}: status is a string, header names are lower case, each a list of {key, value}.',
        code: {
          nodejs: "if (request.uri.startsWith('/docs/')) {\n  return { status: '301', statusDescription: 'Moved Permanently', headers: { location: [{ key: 'Location', value: `/guide/${request.uri.slice(6)}` }] } };\n}",
          python: 'if request["uri"].startswith("/docs/"):\n    return {"status": "301", "statusDescription": "Moved Permanently",\n            "headers": {"location": [{"key": "Location", "value": "/guide/" + request["uri"][6:]}]}}',
        },
      },
      run: async (context) => {
        const answer = await get(context, '/docs/setup');
        const expected = { status: 301, location: '/guide/setup', 'x-cache': 'LambdaGeneratedResponse from cloudfront', origin: 'not asked' };
        if (answer.status !== 301 || answer.headers.location !== '/guide/setup') return fail('GET /docs/setup was not redirected to /guide/setup', expected, seen(answer));
        if (answer.headers['x-cache'] !== 'LambdaGeneratedResponse from cloudfront' || originOf(answer) !== '-') return fail('The redirect did not come from the function', expected, seen(answer));
        return pass();
      },
    },
    {
      name: 'a cached page skips the origin',
      description: 'GET /guide/setup/ then GET /guide/setup: the first asks the origin for /guide/setup/index.html (a Miss), the second is a Hit, because CloudFront keys its cache on the URI your function returned. Your function runs on both.',
      hints: {
        concept: 'A viewer-request function runs on every request, hit or miss, before the cache lookup; its uri is the cache key. Two paths that your function turns into one URI share one cached object, so the origin is asked once. Lesson 6, The request\'s path through the cache.',
        api: 'Make /guide/setup and /guide/setup/ the same uri: the pretty-URL rewrite of the first check does it.',
        code: {
          nodejs: "if (!uri.split('/').pop().includes('.')) uri = `${uri.replace(/\\/$/, '')}/index.html`;",
          python: 'if "." not in uri.split("/")[-1]:\n    uri = uri.rstrip("/") + "/index.html"',
        },
      },
      run: async (context) => {
        const first = await get(context, '/guide/setup/');
        const second = await get(context, '/guide/setup');
        const expected = [
          { status: 200, page: 'Setup guide (desktop)', 'x-cache': 'Miss from cloudfront', origin: '/guide/setup/index.html' },
          { status: 200, page: 'Setup guide (desktop)', 'x-cache': 'Hit from cloudfront', origin: '-' },
        ];
        const actual = [first, second].map((a) => ({ status: a.status, page: a.page, 'x-cache': a.headers['x-cache'], origin: originOf(a) }));
        if (JSON.stringify(actual) !== JSON.stringify(expected)) return fail('The two requests did not share one cached object', expected, actual);
        if (!/triggers: viewer-request\(/.test(second.logLine ?? '')) return fail('Your function did not run on the cache hit', 'viewer-request in the hit\'s log line', second.logLine);
        return pass();
      },
    },
  ],
});
