// Lambda Dojo: bootstrap of the Node.js managed runtimes (nodejs*.x).
//
// A Lambda Runtime API client on Node's standard library that loads the function named by
// _HANDLER and serves invocations the way AWS's Node.js runtime interface client (RIC) does:
// same handler lookup, context object, log lines, error payloads and exit codes.
// AWS ships two generations of that client and this file imitates both, chosen by the
// runtime in AWS_EXECUTION_ENV (else by the running Node's major version):
//   nodejs24.x and later  -> RIC 4.x: promise/sync handlers only; callback handlers are
//                            refused at init (Runtime.CallbackHandlerDeprecated).
//   nodejs22.x and older  -> RIC 3.x: callback handlers, callbackWaitsForEmptyEventLoop,
//                            context.done/succeed/fail, 'Uncaught Exception' exits 129/128.
// The contract with the emulator is in ../README.md.

import { createRequire } from 'node:module';
import { installAwsLambdaGlobal, isStreamingHandler, runStreamingInvocation } from './streaming.mjs';

// Builtins come through require(): building the ESM namespace of node:http touches its lazy
// exports (WebSocket & co. from undici) and adds ~20 ms to every cold start.
const require = createRequire(import.meta.url);
const { writeSync, existsSync, readFileSync } = require('node:fs');
const { format, types } = require('node:util');
const { Agent, request } = require('node:http');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const env = process.env;

// ES modules: Node's resolver ignores NODE_PATH, yet on Lambda (Node.js 18 and later) an
// `import` of a package from a layer or of the runtime's own AWS SDK resolves (repost knowledge
// center lambda-import-module-error-nodejs; DG nodejs-package.html). So a bare specifier that the
// function's own node_modules cannot satisfy is looked up in NODE_PATH's folders, in order, as
// require() does. A hook on resolution only: every other step stays Node's own.
const searchFolders = (env.NODE_PATH ?? '').split(path.delimiter).filter((folder) => path.isAbsolute(folder));
const { registerHooks } = require('node:module');
if (searchFolders.length > 0 && typeof registerHooks === 'function') {
  const isBare = (specifier) => !/^(?:[./#]|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);
  const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
  registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !isBare(specifier)) throw error;
        const folder = searchFolders.find((f) => existsSync(path.join(f, packageName(specifier))));
        if (!folder) throw error;
        // A node_modules folder: resolve as if imported next to it, so the package's "exports" apply.
        if (path.basename(folder) === 'node_modules') {
          return nextResolve(specifier, { ...context, parentURL: pathToFileURL(path.join(path.dirname(folder), 'noop.mjs')).href });
        }
        return { url: pathToFileURL(require.resolve(path.join(folder, specifier))).href, shortCircuit: true };
      }
    },
  });
}

const MAJOR = Number(
  /nodejs(\d+)/.exec(env.AWS_EXECUTION_ENV ?? '')?.[1] ?? process.versions.node.split('.')[0],
);
const V4 = MAJOR >= 24;
const NOOP = () => {};

// ---------------------------------------------------------------------------------------
// Errors the runtime itself raises. 3.x puts `name` on the prototype; 4.x sets it on the
// instance, so it also shows up as "name" in the logged JSON, as on Lambda.

function runtimeError(short, build = (arg) => [arg]) {
  const cls = {
    [short]: class extends Error {
      constructor(...args) {
        super(...build(...args));
        if (V4) this.name = `Runtime.${short}`;
      }
    },
  }[short];
  cls.prototype.name = `Runtime.${short}`;
  return cls;
}
const toMessage = (original) => [String(original)];
const ImportModuleError = runtimeError('ImportModuleError', toMessage);
const UserCodeSyntaxError = runtimeError('UserCodeSyntaxError', toMessage);
const HandlerNotFound = runtimeError('HandlerNotFound');
const MalformedHandlerName = runtimeError('MalformedHandlerName');
const CallbackHandlerDeprecated = runtimeError('CallbackHandlerDeprecated');
const JSONStringifyError = runtimeError('JSONStringifyError');
const PlatformError = runtimeError('PlatformError');
const NodeJsExit = runtimeError('NodeJsExit', () => [
  'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
]);
class UnhandledPromiseRejection extends Error {
  constructor(reason, promise) {
    super(reason);
    this.reason = reason;
    this.promise = promise;
  }
}
UnhandledPromiseRejection.prototype.name = 'Runtime.UnhandledPromiseRejection';

const CALLBACK_REMOVED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';
const CALLBACK_WARNING =
  'AWS Lambda plans to remove support for callback-based function handlers starting with Node.js 24. You will need to update this function to use an async handler to use Node.js 24 or later. For more information and to provide feedback on this change, see https://github.com/aws/aws-lambda-nodejs-runtime-interface-client/issues/137. To disable this warning, set the AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING environment variable.';
const BROKEN_ERROR =
  'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack';

// The body of an error POST: {errorType, errorMessage, trace}.
function toRapidResponse(error) {
  try {
    if (V4 ? error instanceof Error : types.isNativeError(error) || isErrorLike(error)) {
      return {
        errorType: error.name?.replaceAll('\x7F', '%7F'),
        errorMessage: error.message?.replaceAll('\x7F', '%7F'),
        // 3.x reads the stack unguarded: an error without one ends up as 'handled' below.
        trace: V4 ? error.stack?.replaceAll('\x7F', '%7F').split('\n') || [] : error.stack.replaceAll('\x7F', '%7F').split('\n'),
      };
    }
    return { errorType: typeof error, errorMessage: V4 ? String(error) : error.toString(), trace: [] };
  } catch {
    return V4
      ? { errorType: 'handled', errorMessage: BROKEN_ERROR, trace: [] }
      : { errorType: 'handled', errorMessage: BROKEN_ERROR };
  }
}

function isErrorLike(o) {
  return Boolean(o && o.name && o.message && o.stack &&
    typeof o.name === 'string' && typeof o.message === 'string' && typeof o.stack === 'string');
}

const intoError = (err) => (err instanceof Error ? err : new Error(V4 ? String(err) : err));

// The JSON after "Invoke Error \t": name, message and code first, then the error's own
// enumerable fields, stack as an array of lines. The leading tab is part of the format.
function toFormatted(error) {
  try {
    return '\t' + JSON.stringify(error, (_k, v) => withEnumerableProperties(v));
  } catch {
    return '\t' + JSON.stringify(toRapidResponse(error));
  }
}

function withEnumerableProperties(value) {
  if (!(value instanceof Error)) return value;
  const ret = Object.assign({ errorType: value.name, errorMessage: value.message, code: value.code }, value);
  if (typeof value.stack === 'string') ret.stack = value.stack.split('\n');
  return ret;
}

// Response bodies: undefined becomes null. A string is required downstream (the RIC's
// native client rejects anything else with this TypeError, e.g. when a handler returns a
// function and JSON.stringify yields undefined).
function serialize(value) {
  let body;
  try {
    body = JSON.stringify(value === undefined ? null : value);
  } catch {
    throw V4 ? new JSONStringifyError('Unable to stringify response body') : new Error('Unable to stringify response body');
  }
  if (typeof body !== 'string') throw new TypeError('Wrong arguments');
  return body;
}

// ---------------------------------------------------------------------------------------
// Logging: console.* become synchronous writes to fd 1, one record per call, so nothing is
// lost when the process is frozen or killed right after. Newlines inside a message are kept.

// Outside any invocation 3.x prints `undefined` and 4.x (its invoke store) prints `-`.
let currentRequestId = V4 ? '-' : undefined;
let currentTenantId;

const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
const LOG_JSON = env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON';
const wantedLevel = env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase();
const MIN_LEVEL = Object.hasOwn(LEVELS, wantedLevel ?? '') ? LEVELS[wantedLevel] : LEVELS.TRACE;

function writeOut(text) {
  const buf = Buffer.from(text);
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(1, buf, off);
    } catch (e) {
      if (e.code !== 'EAGAIN') return; // stdout gone: drop the record rather than throw into user code
    }
  }
}

function jsonErrorReplacer(_k, value) {
  if (!(value instanceof Error)) return value;
  return Object.assign({
    errorType: value?.constructor?.name ?? 'UnknownError',
    errorMessage: value.message,
    stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
  }, value);
}

function jsonRecord(level, message, params) {
  const rec = { timestamp: new Date().toISOString(), level, requestId: currentRequestId };
  if (currentTenantId) rec.tenantId = currentTenantId;
  if (params.length === 0) {
    rec.message = message;
    try {
      return JSON.stringify(rec, jsonErrorReplacer);
    } catch {
      rec.message = format(rec.message);
      return JSON.stringify(rec);
    }
  }
  rec.message = format(message, ...params);
  for (const p of V4 ? params : [message, ...params]) {
    if (p instanceof Error) {
      rec.errorType = p?.constructor?.name ?? 'UnknownError';
      rec.errorMessage = p.message;
      rec.stackTrace = typeof p.stack === 'string' ? p.stack.split('\n') : [];
      break;
    }
  }
  return JSON.stringify(rec);
}

function logFunction(level) {
  if (LEVELS[level] < MIN_LEVEL) return NOOP;
  if (LOG_JSON) return (message, ...params) => writeOut(jsonRecord(level, message, params) + '\n');
  return (message, ...params) =>
    writeOut(`${new Date().toISOString()}\t${currentRequestId}\t${level}\t${format(message, ...params)}\n`);
}

console.trace = logFunction('TRACE');
console.debug = logFunction('DEBUG');
console.info = logFunction('INFO');
console.warn = logFunction('WARN');
console.error = logFunction('ERROR');
console.fatal = logFunction('FATAL');
console.log = console.info;

// Looked up at call time, as the RIC does, so a user's own console.error wrapper sees it too.
function logError(label, err) {
  if (LOG_JSON) console.error(intoError(err));
  else console.error(label, toFormatted(intoError(err)));
}

// ---------------------------------------------------------------------------------------
// Runtime API client: one keep-alive socket for the life of the environment.

const [API_HOST, API_PORT] = (env.AWS_LAMBDA_RUNTIME_API ?? '').split(':');
// No socket limit: invocations are sequential, so one connection is reused, but an error
// POST from a crash must not queue behind a pending /next.
const agent = new Agent({ keepAlive: true });
const BASE = '/2018-06-01/runtime';
const ERROR_TYPE_HEADER = 'Lambda-Runtime-Function-Error-Type';
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function apiUnreachable(err) {
  // Only when the emulator has gone away: nothing useful is left to do.
  writeSync(2, `Lambda Dojo bootstrap: Runtime API request failed: ${err?.message ?? err}\n`);
  process.exit(1);
}

function nextInvocation() {
  return new Promise((resolve, reject) => {
    const req = request({ hostname: API_HOST, port: API_PORT, path: `${BASE}/invocation/next`, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => {
        if (res.statusCode === 200) resolve({ body, headers: res.headers });
        else reject(new Error(`Failed to get next invocation, HTTP ${res.statusCode}`));
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function post(urlPath, body, errorType, done) {
  const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
  if (typeof errorType === 'string' && HEADER_VALUE.test(errorType)) headers[ERROR_TYPE_HEADER] = errorType;
  const req = request({ hostname: API_HOST, port: API_PORT, path: urlPath, method: 'POST', headers, agent }, (res) => {
    res.on('end', done);
    res.resume();
  });
  req.on('error', apiUnreachable);
  req.end(body);
}

const invocationPath = (id, what) => `${BASE}/invocation/${encodeURIComponent(id)}/${what}`;

// The `awslambda` global (streamifyResponse, HttpResponseStream) exists before the function's
// module loads, as on Lambda, since a module calls it at its top level.
installAwsLambdaGlobal();

/** One invocation of a handler wrapped by awslambda.streamifyResponse: the response is streamed. */
function streamInvocation(handler, event, context, id) {
  return runStreamingInvocation({
    handler,
    event,
    context,
    host: API_HOST,
    port: API_PORT,
    path: invocationPath(id, 'response'),
    agent,
    formatError: (error) => {
      logError('Invoke Error', error);
      return toRapidResponse(error);
    },
  });
}

function postResponse(result, id, done) {
  post(invocationPath(id, 'response'), serialize(result), undefined, done);
}

function postError(error, id, done) {
  const response = toRapidResponse(error);
  post(invocationPath(id, 'error'), serialize(response), response.errorType, done);
}

function postInitError(error, done) {
  const response = toRapidResponse(error);
  post(`${BASE}/init/error`, serialize(response), response.errorType, done);
}

// ---------------------------------------------------------------------------------------
// Loading the handler named by _HANDLER ("dir/file.export.nested").

function parseHandler(full) {
  if (full.includes('..')) {
    throw new MalformedHandlerName(
      `'${full}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerString = path.basename(full);
  const moduleRoot = full.substring(0, full.indexOf(handlerString));
  const match = handlerString.match(/^([^.]*)\.(.*)$/);
  if (!match) throw new MalformedHandlerName('Bad handler');
  return { moduleRoot, moduleName: match[1], handlerName: match[2] };
}

async function tryImport(file) {
  return existsSync(file) ? await import(pathToFileURL(file).href) : undefined;
}

function tryRequire(file) {
  return existsSync(file) ? require(file) : undefined;
}

// 3.x: nearest package.json with "type": "module" makes a .js file an ES module.
function folderIsTypeModule(folder) {
  if (folder.endsWith('/node_modules')) return false;
  const pj = path.join(folder, '/package.json');
  if (existsSync(pj)) {
    try {
      const pkg = JSON.parse(readFileSync(pj));
      if (pkg) return pkg.type === 'module';
    } catch (e) {
      console.warn(`${pj} cannot be read, it will be ignored for ES module detection purposes.`, e);
      return false;
    }
  }
  if (folder === '/') return false;
  return folderIsTypeModule(path.resolve(folder, '..'));
}

// 3.x order: extensionless (require, so a folder with index.js works), .js (require unless
// type=module), then .js as ESM, .mjs, .cjs, then a package resolvable from the task root.
async function loadModuleV3(appRoot, moduleRoot, moduleName) {
  const base = path.resolve(appRoot, moduleRoot, moduleName);
  try {
    const extensionless = tryRequire(base);
    if (extensionless) return extensionless;
    const typeModule = existsSync(base + '.js') && folderIsTypeModule(path.dirname(base + '.js'));
    if (!typeModule) {
      const loaded = tryRequire(base + '.js');
      if (loaded) return loaded;
    }
    const loaded =
      (typeModule && (await tryImport(base + '.js'))) || (await tryImport(base + '.mjs')) || tryRequire(base + '.cjs');
    if (loaded) return loaded;
    return require(require.resolve(moduleName, { paths: [appRoot, path.join(appRoot, moduleRoot)] }));
  } catch (e) {
    if (e instanceof SyntaxError) throw new UserCodeSyntaxError(e);
    if (e.code !== undefined && e.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(e);
    throw e;
  }
}

// 4.x order: import() of the bare path, .js, .mjs, .cjs (import() honours "type"), then a
// package resolvable from the task root.
async function loadModuleV4(appRoot, moduleRoot, moduleName) {
  const base = path.resolve(appRoot, moduleRoot, moduleName);
  try {
    for (const ext of ['', '.js', '.mjs', '.cjs']) {
      const mod = await tryImport(base + ext);
      if (mod) return mod;
    }
    return require(require.resolve(moduleName, { paths: [appRoot, path.join(appRoot, moduleRoot)] }));
  } catch (e) {
    if (e instanceof SyntaxError) {
      const wrapped = new UserCodeSyntaxError(e);
      wrapped.stack = e.stack;
      throw wrapped;
    }
    if (e instanceof Error && e.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(e);
    throw e;
  }
}

function findIn(object, handlerName) {
  return handlerName.split('.').reduce(
    V4 ? (o, key) => (o && typeof o === 'object' ? o[key] : undefined) : (o, key) => o && o[key],
    object,
  );
}

async function loadHandler(appRoot, full) {
  const { moduleRoot, moduleName, handlerName } = parseHandler(full);
  const mod = await (V4 ? loadModuleV4 : loadModuleV3)(appRoot, moduleRoot, moduleName);
  let fn = findIn(mod, handlerName);
  // 4.x also looks inside the default export (a CommonJS module seen through import()).
  if (V4 && !fn && typeof mod === 'object' && mod !== null && 'default' in mod) fn = findIn(mod.default, handlerName);
  if (!fn) throw new HandlerNotFound(`${full} is undefined or not exported`);
  if (typeof fn !== 'function') throw new HandlerNotFound(`${full} is not a function`);
  return fn;
}

// ---------------------------------------------------------------------------------------
// Context pieces shared by both generations.

function forwardTraceId(traceId) {
  if (traceId) env._X_AMZN_TRACE_ID = traceId;
  else delete env._X_AMZN_TRACE_ID;
}

// Never negative: a handler still running after its deadline is about to be stopped anyway.
const remainingTime = (deadline) => () => Math.max(0, deadline - Date.now());

const APP_ROOT = env.LAMBDA_TASK_ROOT || process.cwd();
const HANDLER = env._HANDLER;

// =======================================================================================
// nodejs22.x and older: RIC 3.x. A handler's result is posted from the callback, from
// context.done/succeed/fail, or from its promise; a callback with
// callbackWaitsForEmptyEventLoop (the default) posts only once the event loop is empty,
// which is what 'beforeExit' signals (the idle keep-alive socket is unref'd, so only the
// user's own timers, sockets and handles keep the loop busy).

function startV3() {
  let beforeExitListener = NOOP;
  process.on('beforeExit', () => beforeExitListener());

  // Until the first invocation an escaped error is an init error; afterwards it fails the
  // current (or, between invocations, the last) invocation. Either way the process exits.
  let invokeId;
  let exiting = false;
  const fatal = (code) => (error) => {
    exiting = true;
    const exit = () => process.exit(code);
    if (invokeId === undefined) postInitError(error, exit);
    else postError(error, invokeId, exit);
  };
  const onUncaught = fatal(129);
  const onRejection = fatal(128);

  // The RIC posts synchronously and exits, so nothing can escape after the first error.
  process.on('uncaughtException', (error) => {
    if (exiting) return;
    logError('Uncaught Exception', error);
    onUncaught(error);
  });
  process.on('unhandledRejection', (reason, promise) => {
    if (exiting) return;
    const error = new UnhandledPromiseRejection(reason, promise);
    logError('Unhandled Promise Rejection', error);
    onRejection(error);
  });

  let handler;
  let isAsync;

  const scheduleIteration = () => setImmediate(iterate);
  const iterate = () =>
    handleOnce().catch((err) => {
      console.log(`Unexpected Top Level Error: ${err.toString()}`);
      onUncaught(err);
    });

  function buildCallbackContext(id) {
    let isCompleteInvoked = false;
    let waitForEmptyEventLoop = true;
    const postFailure = (err, next) => {
      logError('Invoke Error', err);
      postError(err, id, next);
    };
    const complete = (result, next) => {
      if (isCompleteInvoked) {
        console.error('Invocation has already been reported as done. Cannot call complete more than once per invocation.');
        return;
      }
      isCompleteInvoked = true;
      postResponse(result, id, next);
    };
    const callback = (err, result) => {
      beforeExitListener = NOOP;
      if (err !== undefined && err !== null) postFailure(err, scheduleIteration);
      else if (!waitForEmptyEventLoop) complete(result, scheduleIteration);
      else beforeExitListener = () => setImmediate(() => complete(result, scheduleIteration));
    };
    const done = (err, result) => {
      beforeExitListener = NOOP;
      if (err !== undefined && err !== null) postFailure(err, scheduleIteration);
      else complete(result, scheduleIteration);
    };
    // Only the first of callback/done/succeed/fail counts. The flag is set after the call,
    // so one that throws (an unserializable result) leaves the others usable.
    let finished = false;
    const once = (fn) => function () {
      if (!finished) {
        fn.apply(null, arguments);
        finished = true;
      }
    };
    const context = {
      get callbackWaitsForEmptyEventLoop() { return waitForEmptyEventLoop; },
      set callbackWaitsForEmptyEventLoop(value) { waitForEmptyEventLoop = value; },
      succeed: once((result) => done(null, result)),
      fail: once((err) => (err === undefined || err === null ? done('handled') : done(err, null))),
      done: once(done),
    };
    return [once(callback), context, () => { isCompleteInvoked = true; }];
  }

  function attachEnvironmentData(context, headers) {
    forwardTraceId(headers['lambda-runtime-trace-id']);
    return Object.assign(context, {
      functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
      functionName: env.AWS_LAMBDA_FUNCTION_NAME,
      memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    }, {
      clientContext: parseJsonHeader(headers['lambda-runtime-client-context'], 'ClientContext'),
      identity: parseJsonHeader(headers['lambda-runtime-cognito-identity'], 'CognitoIdentity'),
      invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
      awsRequestId: headers['lambda-runtime-aws-request-id'],
      tenantId: headers['lambda-runtime-aws-tenant-id'],
      getRemainingTimeInMillis: remainingTime(Number(headers['lambda-runtime-deadline-ms'])),
    });
  }

  function parseJsonHeader(value, name) {
    if (value === undefined) return undefined;
    try {
      return JSON.parse(value);
    } catch (err) {
      throw new Error(`Cannot parse ${name} as json: ${err.toString()}`);
    }
  }

  async function handleOnce() {
    const { body, headers } = await nextInvocation();
    const id = headers['lambda-runtime-aws-request-id'];
    currentRequestId = id;
    currentTenantId = headers['lambda-runtime-aws-tenant-id'];
    const [callback, context, markCompleted] = buildCallbackContext(id);
    try {
      invokeId = id;
      // If the loop empties without a result: an async handler never settled (an error),
      // a sync one never called back (success with null).
      beforeExitListener = () => {
        markCompleted();
        if (isAsync) {
          const error = new NodeJsExit();
          logError('Invoke Error', error);
          postError(error, id, scheduleIteration);
        } else {
          postResponse(null, id, scheduleIteration);
        }
      };
      if (isStreamingHandler(handler)) {
        beforeExitListener = NOOP;
        markCompleted();
        const event = JSON.parse(body);
        streamInvocation(handler, event, attachEnvironmentData(context, headers), id).then(scheduleIteration, scheduleIteration);
        return;
      }
      // A bad event body lands here too: the RIC reports the SyntaxError as the invocation's error.
      const result = handler(JSON.parse(body), attachEnvironmentData(context, headers), callback);
      if (result && result.then && typeof result.then === 'function') {
        result.then(context.succeed, context.fail).catch(context.fail);
      }
    } catch (err) {
      callback(err);
    }
  }

  (async () => {
    try {
      handler = await loadHandler(APP_ROOT, HANDLER);
    } catch (error) {
      // The RIC's load rejects out of its top-level await into 'uncaughtException'.
      logError('Uncaught Exception', error);
      onUncaught(error);
      return;
    }
    isAsync = handler.constructor?.name === 'AsyncFunction';
    if (env.AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING === undefined && handler.length === 3 && !isAsync) {
      console.warn(CALLBACK_WARNING);
    }
    scheduleIteration();
  })();
}

// =======================================================================================
// nodejs24.x and later: RIC 4.x. One invocation at a time: await the handler, post its
// result (or error) one event-loop turn later, fetch the next event. Like aws-lambda-ric 4.0.2
// it installs no 'uncaughtException' or 'unhandledRejection' listener: such an error, and an
// init error once posted, ends the process the Node way (printed on stderr, exit 1).
// test/conformance/runtime-clients.test.ts holds this to the RIC itself.

function startV4() {
  const REQUIRED_ENV = ['AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
    'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME'];
  const REQUIRED_HEADERS = ['lambda-runtime-invoked-function-arn', 'lambda-runtime-aws-request-id',
    'lambda-runtime-deadline-ms'];
  const turn = () => new Promise(setImmediate);
  const posted = (fn, ...args) => new Promise((resolve) => fn(...args, resolve));

  function parseJsonHeader(value, name) {
    if (!value) return undefined;
    try {
      return JSON.parse(value);
    } catch (error) {
      throw new PlatformError(`Failed to parse ${name} as JSON: ${error.message}`);
    }
  }

  function buildContext(headers) {
    const missingEnv = REQUIRED_ENV.filter((name) => !env[name]);
    if (missingEnv.length > 0) throw new PlatformError(`Missing required environment variables: ${missingEnv.join(', ')}`);
    const missing = REQUIRED_HEADERS.filter((name) => !(name in headers));
    if (missing.length > 0) throw new PlatformError(`Missing required headers: ${missing.join(', ')}`);
    const deadline = parseInt(headers['lambda-runtime-deadline-ms'], 10);
    if (Number.isNaN(deadline)) throw new PlatformError('Invalid deadline timestamp');
    const context = {
      clientContext: parseJsonHeader(headers['lambda-runtime-client-context'], 'lambda-runtime-client-context'),
      identity: parseJsonHeader(headers['lambda-runtime-cognito-identity'], 'lambda-runtime-cognito-identity'),
      invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
      awsRequestId: headers['lambda-runtime-aws-request-id'],
      tenantId: headers['lambda-runtime-aws-tenant-id'],
      xRayTraceId: headers['lambda-runtime-trace-id'],
      getRemainingTimeInMillis: remainingTime(deadline),
      functionName: env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
      memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    };
    forwardTraceId(context.xRayTraceId);
    return context;
  }

  async function ignition() {
    if (!HANDLER) throw new PlatformError('_HANDLER environment variable is not set');
    let handler;
    try {
      handler = await loadHandler(APP_ROOT, HANDLER);
      if (handler.length >= 3 && !isStreamingHandler(handler)) throw new CallbackHandlerDeprecated(CALLBACK_REMOVED);
    } catch (error) {
      logError('Init Error', error);
      await posted(postInitError, error);
      // Rejects ignition(), which nobody awaits: Node prints the error and exits 1, as with the RIC.
      throw error;
    }
    for (;;) {
      const { body, headers } = await nextInvocation();
      // Header or event problems are not the function's fault: in 4.x they escape the loop.
      const context = buildContext(headers);
      const event = JSON.parse(body);
      const id = context.awsRequestId;
      currentRequestId = id;
      currentTenantId = context.tenantId;
      if (isStreamingHandler(handler)) {
        await streamInvocation(handler, event, context, id);
        continue;
      }
      try {
        const result = await handler(event, context);
        await turn();
        await posted(postResponse, result, id);
      } catch (err) {
        await turn();
        logError('Invoke Error', err);
        await posted(postError, err, id);
      }
    }
  }

  // Not awaited, like the RIC's own entry point.
  ignition();
}

if (V4) startV4();
else startV3();
