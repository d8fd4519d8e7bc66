// A viewer-request function: CloudFront calls it with each viewer's request, before it looks in
// its cache. Return the request (changed or not) to go on, or a response to answer at once.
export const handler = async (event) => {
  const request = event.Records[0].cf.request;
  const userAgent = request.headers['user-agent']?.[0]?.value ?? '';

  // Phones get the mobile site: send them to the mobile host.
  if (userAgent.includes('Mobile')) {
    request.headers.host = [{ key: 'Host', value: 'm.dojo-lab-12.example' }];
  }

  // TODO: /docs/<page> has moved to /guide/<page>: answer with a 301 redirect from the edge.
  // TODO: pretty URLs: /about and /about/ are the file /about/index.html.

  return request;
};
