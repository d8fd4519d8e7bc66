// An origin-response function: CloudFront calls it with what the origin answered, before it
// caches the answer. Return the response, changed or not.
const security = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'content-security-policy': "default-src 'self'",
};

// "x-frame-options" -> "X-Frame-Options"
const keyOf = (name) => name.replace(/(^|-)([a-z])/g, (_, dash, letter) => dash + letter.toUpperCase());

export const handler = async (event) => {
  const { request, response } = event.Records[0].cf;
  const headers = response.headers;

  // Every answer, errors included: origin-response runs for all of them.
  for (const [name, value] of Object.entries(security)) headers[name] = [{ key: keyOf(name), value }];

  // Hiding the origin's name is fine; Via is CloudFront's, and read-only.
  delete headers.server;

  if (response.status === '200') {
    const html = request.uri.endsWith('.html') || request.uri.endsWith('/');
    const cacheControl = html ? 'no-cache' : 'public, max-age=31536000, immutable';
    headers['cache-control'] = [{ key: 'Cache-Control', value: cacheControl }];
  }
  return response;
};
