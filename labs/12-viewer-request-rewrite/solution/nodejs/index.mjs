// A viewer-request function: CloudFront calls it with each viewer's request, before it looks in
// its cache. Return the request (changed or not) to go on, or a response to answer at once.
export const handler = async (event) => {
  const request = event.Records[0].cf.request;

  // Moved pages are answered here: CloudFront sends this response without asking the origin.
  if (request.uri.startsWith('/docs/')) {
    return {
      status: '301',
      statusDescription: 'Moved Permanently',
      headers: { location: [{ key: 'Location', value: `/guide/${request.uri.slice('/docs/'.length)}` }] },
    };
  }

  // Pretty URLs: a path without a file name is the folder's index.html.
  let uri = request.uri;
  if (!uri.split('/').pop().includes('.')) uri = `${uri.replace(/\/$/, '')}/index.html`;

  // Phones get the pages under /m. Host is read-only in viewer requests; the URI is not.
  const userAgent = request.headers['user-agent']?.[0]?.value ?? '';
  if (userAgent.includes('Mobile')) uri = `/m${uri}`;

  request.uri = uri;
  return request;
};
