// Lambda's documented quotas: the one table the runtime enforces and the lessons render.
// Each entry carries its source so a learner (or a reviewer) can check it, and says whether
// the embedded runtime enforces it or only documents it.

export interface Quota {
  /** What the number limits, in the words a lesson table shows. */
  readonly label: string;
  readonly min?: number;
  readonly max: number;
  readonly default?: number;
  readonly unit: string;
  /** Whether AWS lets an account raise it. */
  readonly adjustable: boolean;
  readonly source: string;
  readonly note?: string;
  /**
   * Whether this service holds functions to it: 'yes' everywhere, 'namespaces' only where Linux
   * lets the runtime have its own namespaces (see host/mount-namespace.ts), 'no' when the table
   * only documents it.
   */
  readonly enforced: 'yes' | 'namespaces' | 'no';
}

/** How a lesson's quota table says whether the embedded runtime enforces a quota. */
export const enforcementLabels: Record<Quota['enforced'], string> = {
  yes: 'Yes',
  namespaces: 'On Linux with user namespaces',
  no: 'No, documented only',
};

const DG = 'https://docs.aws.amazon.com/lambda/latest/dg/';

export const limits = {
  memorySize: {
    label: 'Memory (MemorySize)',
    min: 128,
    max: 10_240,
    default: 128,
    unit: 'MB',
    adjustable: false,
    source: `${DG}gettingstarted-limits.html`,
    note: 'Any whole number of MB in the range (1 MB steps since December 2020). CPU is allocated in proportion: about one vCPU at 1,769 MB.',
    enforced: 'yes',
  },
  timeout: {
    label: 'Timeout',
    min: 1,
    max: 900,
    default: 3,
    unit: 's',
    adjustable: false,
    source: `${DG}API_CreateFunction.html`,
    note: 'Whole seconds; 900 s is 15 minutes.',
    enforced: 'yes',
  },
  initDuration: {
    label: 'Init phase',
    max: 10,
    unit: 's',
    adjustable: false,
    source: `${DG}lambda-runtime-environment.html`,
    note: 'Extensions, runtime start and your static code together. On-demand functions that exceed it retry init during the first invoke, bounded by the function timeout.',
    enforced: 'yes',
  },
  streamedResponse: {
    label: 'Streamed response (InvokeWithResponseStream, function URLs)',
    max: 200 * 1024 * 1024,
    unit: 'bytes',
    adjustable: false,
    source: `${DG}config-rs-invoke-furls.html`,
    note: 'Raised from 20 MB in July 2025. A streaming function invoked with plain Invoke is buffered and held to the 6 MB response quota.',
    enforced: 'yes',
  },
  environmentVariablesSize: {
    label: 'Environment variables, all keys and values together',
    max: 4 * 1024,
    unit: 'bytes',
    adjustable: false,
    source: `${DG}configuration-envvars.html`,
    note: 'Measured as the JSON text of the variables map.',
    enforced: 'yes',
  },
  ephemeralStorage: {
    label: 'Ephemeral storage (/tmp)',
    min: 512,
    max: 10_240,
    default: 512,
    unit: 'MB',
    adjustable: false,
    source: `${DG}API_EphemeralStorage.html`,
    enforced: 'namespaces',
  },
  syncPayload: {
    label: 'Invocation payload, synchronous (request and response each)',
    max: 6 * 1024 * 1024,
    unit: 'bytes',
    adjustable: false,
    source: `${DG}API_Invoke.html`,
    enforced: 'yes',
  },
  asyncPayload: {
    label: 'Invocation payload, asynchronous (Event)',
    max: 1024 * 1024,
    unit: 'bytes',
    adjustable: false,
    source: `${DG}API_Invoke.html`,
    note: 'Raised from 256 KB to 1 MB in October 2025.',
    enforced: 'yes',
  },
  asyncRetryAttempts: {
    label: 'Retries of a failed asynchronous invocation (MaximumRetryAttempts)',
    min: 0,
    max: 2,
    default: 2,
    unit: 'retries',
    adjustable: false,
    source: `${DG}API_PutFunctionEventInvokeConfig.html`,
    enforced: 'yes',
  },
  asyncEventAge: {
    label: 'Age of an asynchronous event before it is discarded (MaximumEventAgeInSeconds)',
    min: 60,
    max: 21_600,
    default: 21_600,
    unit: 'seconds',
    adjustable: false,
    source: `${DG}API_PutFunctionEventInvokeConfig.html`,
    enforced: 'yes',
  },
  layersPerFunction: {
    label: 'Layers per function',
    max: 5,
    unit: 'layers',
    adjustable: false,
    source: `${DG}gettingstarted-limits.html`,
    enforced: 'yes',
  },
  unzippedCodeSize: {
    label: 'Deployment package, unzipped (function and all layers)',
    max: 250 * 1024 * 1024,
    unit: 'bytes',
    adjustable: false,
    source: `${DG}gettingstarted-limits.html`,
    enforced: 'yes',
  },
  zippedCodeSize: {
    label: 'Deployment package, zipped, direct upload',
    max: 50 * 1024 * 1024,
    unit: 'bytes',
    adjustable: false,
    source: `${DG}gettingstarted-limits.html`,
    enforced: 'yes',
  },
  functionNameLength: {
    label: 'Function name length',
    min: 1,
    max: 64,
    unit: 'characters',
    adjustable: false,
    source: `${DG}API_CreateFunction.html`,
    note: 'Letters, digits, hyphens and underscores.',
    enforced: 'yes',
  },
  handlerLength: {
    label: 'Handler string length',
    min: 1,
    max: 128,
    unit: 'characters',
    adjustable: false,
    source: `${DG}API_CreateFunction.html`,
    note: 'No whitespace.',
    enforced: 'yes',
  },
  fileDescriptors: {
    label: 'File descriptors',
    max: 1_024,
    unit: 'descriptors',
    adjustable: false,
    source: `${DG}gettingstarted-limits.html`,
    enforced: 'yes',
  },
  processesAndThreads: {
    label: 'Processes and threads',
    max: 1_024,
    unit: 'processes',
    adjustable: false,
    source: `${DG}gettingstarted-limits.html`,
    enforced: 'no',
  },
  concurrentExecutions: {
    label: 'Concurrent executions per account and Region',
    max: 1_000,
    unit: 'executions',
    adjustable: true,
    source: `${DG}gettingstarted-limits.html`,
    note: 'The default quota; new accounts may start lower. The embedded runtime caps the environments it runs at once lower still (maxEnvironments), to fit a laptop.',
    enforced: 'no',
  },
} as const satisfies Record<string, Quota>;

export type QuotaName = keyof typeof limits;

/** Function names: letters, digits, hyphen and underscore. Source: API_CreateFunction.html (FunctionName). */
export const functionNamePattern = /^[a-zA-Z0-9_-]+$/;

/** Handler strings: no whitespace. Source: API_CreateFunction.html (Handler). */
export const handlerPattern = /^[^\s]+$/;

/**
 * Environment variable keys: a letter first, at least two characters, letters, digits and
 * underscores only. Source: configuration-envvars.html ("Requirements").
 */
export const environmentKeyPattern = /^[a-zA-Z][a-zA-Z0-9_]+$/;

/** Keys Lambda sets itself and refuses in a function's configuration, from the one table of variables. */
export { reservedEnvironmentKeys } from './environments/variables.ts';

/** Formats a byte count as a lesson shows it: 6291456 → "6 MB", 4096 → "4 KB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && value % 1024 === 0 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString('en-US')} ${units[unit]}`;
}

/** One row per quota, ready for a table: the lessons render this instead of copying numbers. */
export function quotaRows(table: Readonly<Record<string, Quota>> = limits): Array<{ name: string; label: string; value: string; adjustable: boolean; enforced: string; source: string; note?: string }> {
  return Object.entries(table).map(([name, q]) => {
    const show = (n: number) => (q.unit === 'bytes' ? formatBytes(n) : `${n.toLocaleString('en-US')} ${q.unit}`);
    // A range names its unit once ("1 to 64 characters"); byte sizes keep theirs, as units may differ.
    const range = (min: number, max: number) =>
      q.unit === 'bytes' ? `${formatBytes(min)} to ${formatBytes(max)}` : `${min.toLocaleString('en-US')} to ${show(max)}`;
    let value = q.min !== undefined && q.min !== q.max ? range(q.min, q.max) : show(q.max);
    if (q.default !== undefined) value += ` (default ${show(q.default)})`;
    return { name, label: q.label, value, adjustable: q.adjustable, enforced: enforcementLabels[q.enforced], source: q.source, ...(q.note ? { note: q.note } : {}) };
  });
}

// ---------------------------------------------------------------------------------------------
// Lambda@Edge: the quotas and rules CloudFront adds for functions it runs at its edge
// (src/triggers/cloudfront holds them to them; lesson 6 renders them). Viewer triggers run on
// every request, so CloudFront keeps them small; origin triggers run only on a cache miss.
// Sources: CFDG cloudfront-limits.html#limits-lambda-at-edge, edge-function-restrictions-all.html,
// lambda-at-edge-function-restrictions.html, lambda-generating-http-responses-in-requests.html.

const CFDG = 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/';

export const edgeLimits = {
  viewerMemorySize: {
    label: 'Memory, viewer request and viewer response functions',
    max: 128,
    unit: 'MB',
    adjustable: false,
    source: `${CFDG}cloudfront-limits.html#limits-lambda-at-edge`,
    note: 'Origin functions may use Lambda\'s full range. CloudFront refuses a larger viewer function when it is associated.',
    enforced: 'yes',
  },
  viewerTimeout: {
    label: 'Timeout, viewer request and viewer response functions',
    max: 5,
    unit: 's',
    adjustable: false,
    source: `${CFDG}cloudfront-limits.html#limits-lambda-at-edge`,
    note: 'A function configured with more is refused when it is associated; one that runs out of time answers 503.',
    enforced: 'yes',
  },
  originTimeout: {
    label: 'Timeout, origin request and origin response functions',
    max: 30,
    unit: 's',
    adjustable: false,
    source: `${CFDG}cloudfront-limits.html#limits-lambda-at-edge`,
    enforced: 'yes',
  },
  viewerGeneratedResponse: {
    label: 'Response a viewer function generates or changes (headers and body)',
    max: 40 * 1024,
    unit: 'bytes',
    adjustable: false,
    source: `${CFDG}cloudfront-limits.html#limits-lambda-at-edge`,
    note: 'Larger is answered 502.',
    enforced: 'yes',
  },
  originGeneratedResponse: {
    label: 'Response an origin function generates or changes (headers and body)',
    max: 1024 * 1024,
    unit: 'bytes',
    adjustable: false,
    source: `${CFDG}cloudfront-limits.html#limits-lambda-at-edge`,
    note: 'Larger is answered 502.',
    enforced: 'yes',
  },
  viewerPackageSize: {
    label: 'Function package, viewer functions (compressed, with its libraries)',
    max: 1024 * 1024,
    unit: 'bytes',
    adjustable: false,
    source: `${CFDG}cloudfront-limits.html#limits-lambda-at-edge`,
    note: 'Measured here as the function\'s CodeSize, which for a folder is its unzipped size: stricter than AWS.',
    enforced: 'yes',
  },
  originPackageSize: {
    label: 'Function package, origin functions (compressed, with its libraries)',
    max: 50 * 1024 * 1024,
    unit: 'bytes',
    adjustable: false,
    source: `${CFDG}cloudfront-limits.html#limits-lambda-at-edge`,
    note: 'Measured as for viewer functions.',
    enforced: 'yes',
  },
  viewerBodyExposed: {
    label: 'Request body shown to a viewer request function (IncludeBody)',
    max: 40 * 1024,
    unit: 'bytes',
    adjustable: false,
    source: `${CFDG}lambda-at-edge-function-restrictions.html#lambda-at-edge-restrictions-request-body`,
    note: 'A longer body is cut and marked inputTruncated. A replaced body may be 40 KB as text, 53.2 KB as base64.',
    enforced: 'yes',
  },
  originBodyExposed: {
    label: 'Request body shown to an origin request function (IncludeBody)',
    max: 1024 * 1024,
    unit: 'bytes',
    adjustable: false,
    source: `${CFDG}lambda-at-edge-function-restrictions.html#lambda-at-edge-restrictions-request-body`,
    note: 'A replaced body may be 1 MB as text, 1.33 MB as base64.',
    enforced: 'yes',
  },
  uriAndQueryLength: {
    label: 'URI and query string together',
    max: 8_191,
    unit: 'characters',
    adjustable: false,
    source: `${CFDG}edge-function-restrictions-all.html`,
    note: 'AWS says "less than 8,192 characters". A function that makes them longer is answered 502.',
    enforced: 'yes',
  },
  functionsPerDistribution: {
    label: 'Lambda@Edge functions per distribution',
    max: 100,
    unit: 'functions',
    adjustable: true,
    source: `${CFDG}cloudfront-limits.html#limits-lambda-at-edge`,
    enforced: 'no',
  },
  requestsPerSecond: {
    label: 'Requests per second, per Region',
    max: 10_000,
    unit: 'requests',
    adjustable: true,
    source: `${CFDG}cloudfront-limits.html#limits-lambda-at-edge`,
    enforced: 'no',
  },
} as const satisfies Record<string, Quota>;

export type EdgeQuotaName = keyof typeof edgeLimits;

/** Lambda@Edge runs Node.js and Python functions only. Source: lambda-at-edge-function-restrictions.html#lambda-at-edge-restrictions-runtime */
export const edgeRuntimePattern = /^(nodejs|python)\d/;

/** The one Region Lambda@Edge takes functions from. Source: lambda-at-edge-function-restrictions.html#lambda-at-edge-restrictions-region */
export const edgeFunctionRegion = 'us-east-1';

/**
 * Headers no edge function sees or may add (502 when added); `*` ends a prefix.
 * Source: edge-function-restrictions-all.html#function-restrictions-disallowed-headers
 */
export const edgeDisallowedHeaders: readonly string[] = [
  'Connection', 'Expect', 'Keep-Alive', 'Proxy-Authenticate', 'Proxy-Authorization', 'Proxy-Connection', 'Trailer', 'Upgrade',
  'X-Accel-Buffering', 'X-Accel-Charset', 'X-Accel-Limit-Rate', 'X-Accel-Redirect', 'X-Amz-Cf-*', 'X-Amzn-Auth', 'X-Amzn-Cf-Billing',
  'X-Amzn-Cf-Id', 'X-Amzn-Cf-Xff', 'X-Amzn-Errortype', 'X-Amzn-Fle-Profile', 'X-Amzn-Header-Count', 'X-Amzn-Header-Order',
  'X-Amzn-Lambda-Integration-Tag', 'X-Amzn-RequestId', 'X-Cache', 'X-Edge-*', 'X-Forwarded-Proto', 'X-Real-IP',
];

/** Headers a function may read but not add, change or remove, per event type (502 otherwise). Same source, "Read-only headers". */
export const edgeReadOnlyHeaders: Readonly<Record<'viewer-request' | 'origin-request' | 'origin-response' | 'viewer-response', readonly string[]>> = {
  'viewer-request': ['Content-Length', 'Host', 'Transfer-Encoding', 'Via'],
  'origin-request': ['Accept-Encoding', 'Content-Length', 'If-Modified-Since', 'If-None-Match', 'If-Range', 'If-Unmodified-Since', 'Transfer-Encoding', 'Via'],
  'origin-response': ['Transfer-Encoding', 'Via'],
  'viewer-response': ['Warning', 'Via'],
};

/** The Lambda@Edge rows for lesson 6's table, from the same table. */
export function edgeQuotaRows(): ReturnType<typeof quotaRows> {
  return quotaRows(edgeLimits);
}
// --------------------------------------------------------------------------- end of Lambda@Edge
