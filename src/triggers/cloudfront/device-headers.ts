// The CloudFront-Is-*-Viewer headers, which CloudFront adds after the viewer-request event when a
// cache policy or origin request policy names them, so origin-facing functions and the origin can
// tell devices apart. CloudFront decides from the User-Agent; here a short list of common tokens
// stands in for its device database (an approximation, said so in the lesson).
// Source: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/adding-cloudfront-headers.html
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html (CloudFront headers)

import type { HeaderRule } from './cache-policies.ts';
import { headerValue, type EdgeHeaders } from './edge-headers.ts';

const deviceHeaders = {
  'cloudfront-is-mobile-viewer': 'CloudFront-Is-Mobile-Viewer',
  'cloudfront-is-tablet-viewer': 'CloudFront-Is-Tablet-Viewer',
  'cloudfront-is-smarttv-viewer': 'CloudFront-Is-SmartTV-Viewer',
  'cloudfront-is-desktop-viewer': 'CloudFront-Is-Desktop-Viewer',
} as const;

function device(userAgent: string): keyof typeof deviceHeaders {
  if (/SmartTV|SMART-TV|HbbTV|AppleTV|GoogleTV|Roku|CrKey/i.test(userAgent)) return 'cloudfront-is-smarttv-viewer';
  if (/iPad|Tablet|Android(?!.*Mobile)/i.test(userAgent)) return 'cloudfront-is-tablet-viewer';
  if (/Mobi|iPhone|iPod|Android.*Mobile|Windows Phone/i.test(userAgent)) return 'cloudfront-is-mobile-viewer';
  return 'cloudfront-is-desktop-viewer';
}

/** The request's headers with the device headers the rules name, as CloudFront adds them (overwriting a viewer's own). */
export function withDeviceHeaders(headers: EdgeHeaders, ...rules: HeaderRule[]): EdgeHeaders {
  const named = Object.keys(deviceHeaders).filter((name) => rules.some((r) => r.names.includes(name)));
  if (named.length === 0) return headers;
  const is = device(headerValue(headers, 'user-agent') ?? '');
  const out = { ...headers };
  for (const name of named) out[name] = [{ key: deviceHeaders[name as keyof typeof deviceHeaders], value: String(name === is) }];
  return out;
}
