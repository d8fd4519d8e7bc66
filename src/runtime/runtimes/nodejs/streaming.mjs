// Lambda Dojo: response streaming for the Node.js runtimes, as AWS's Node.js runtime interface
// client (aws-lambda-ric) provides it.
//
// - `awslambda.streamifyResponse(handler)` marks a handler that takes (event, responseStream,
//   context); `awslambda.HttpResponseStream.from(stream, prelude)` makes its first write a JSON
//   prelude (statusCode, headers, cookies) followed by 8 NUL bytes, with the content type
//   application/vnd.awslambda.http-integration-response.
// - The runtime posts the response as it is written: chunked, with the header
//   Lambda-Runtime-Function-Response-Mode: streaming and, when the handler fails after the
//   stream began, the trailers Lambda-Runtime-Function-Error-Type and
//   Lambda-Runtime-Function-Error-Body (the error JSON, base64).
// Read from aws-lambda-ric's src/utils/globals.ts, src/stream/*.ts and
// src/runtime/streaming-invoke-processor.ts (written anew here).

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { request } = require('node:http');

const STREAMING = Symbol('lambda-dojo.streaming-handler');
const HIGH_WATER_MARK = Symbol('lambda-dojo.streaming-high-water-mark');
const PRELUDE_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
const ERROR_TYPE_TRAILER = 'Lambda-Runtime-Function-Error-Type';
const ERROR_BODY_TRAILER = 'Lambda-Runtime-Function-Error-Body';

class HttpResponseStream {
  static from(stream, prelude) {
    stream.setContentType(PRELUDE_CONTENT_TYPE);
    const metadata = JSON.stringify(prelude);
    stream._onBeforeFirstWrite = (write) => {
      write(metadata);
      write(new Uint8Array(8));
    };
    return stream;
  }
}

/** The `awslambda` global of Lambda's Node.js runtimes (unless the function opts out, as on Lambda). */
export function installAwsLambdaGlobal() {
  const optOut = process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA;
  if (optOut === '1' || optOut === 'true') return;
  globalThis.awslambda = {
    ...globalThis.awslambda,
    streamifyResponse(handler, options) {
      handler[STREAMING] = true;
      if (typeof options?.highWaterMark === 'number') handler[HIGH_WATER_MARK] = Math.trunc(options.highWaterMark);
      return handler;
    },
    HttpResponseStream,
  };
}

export function isStreamingHandler(handler) {
  return Boolean(handler && handler[STREAMING]);
}

/**
 * Runs one invocation of a streaming handler: opens the response POST, hands the handler a
 * writable stream, and ends it with an error in the trailers if the handler fails.
 * `formatError` turns an error into the runtime's error JSON ({errorType, errorMessage, trace}).
 */
export async function runStreamingInvocation({ handler, event, context, host, port, path, agent, formatError }) {
  const { stream, responded } = openResponseStream({ host, port, path, agent, highWaterMark: handler[HIGH_WATER_MARK] });
  try {
    const result = handler(event, stream, context);
    if (!result || typeof result.then !== 'function') throw new Error('Streaming does not support non-async handlers.');
    if ((await result) !== undefined) console.warn('Streaming handlers ignore return values.');
    await responded;
    if (!stream.writableFinished) throw new Error('Response stream is not finished.');
  } catch (error) {
    await failStream(stream, formatError(error));
  }
}

function openResponseStream({ host, port, path, agent, highWaterMark }) {
  let started = false;
  let settle;
  const responded = new Promise((resolve, reject) => (settle = { resolve, reject }));
  const req = request(
    {
      host,
      port,
      path,
      method: 'POST',
      agent,
      ...(highWaterMark ? { highWaterMark } : {}),
      headers: {
        'Lambda-Runtime-Function-Response-Mode': 'streaming',
        Trailer: [ERROR_TYPE_TRAILER, ERROR_BODY_TRAILER],
        'Content-Type': DEFAULT_CONTENT_TYPE,
        'Transfer-Encoding': 'chunked',
      },
    },
    (res) => {
      res.resume();
      res.on('end', () => settle.resolve());
      res.on('aborted', (error) => settle.reject(error));
    },
  );
  req.on('error', (error) => settle.reject(error));
  req.setContentType = (contentType) => {
    if (started) throw new Error('Cannot set content-type, too late.');
    req.setHeader('Content-Type', contentType);
  };
  const write = req.write.bind(req);
  req.write = (chunk, encoding, callback) => {
    const data = typeof chunk === 'string' || chunk instanceof Uint8Array ? chunk : JSON.stringify(chunk);
    if (!started && typeof req._onBeforeFirstWrite === 'function') req._onBeforeFirstWrite((piece) => write(piece));
    started = true;
    return write(data, encoding, callback);
  };
  const end = req.end.bind(req);
  req.end = (chunk, encoding, callback) => {
    // A stream ended without a single write still sends its prelude (an empty HTTP body).
    if (!started && chunk === undefined && typeof req._onBeforeFirstWrite === 'function') {
      req._onBeforeFirstWrite((piece) => write(piece));
      started = true;
    }
    return end(chunk, encoding, callback);
  };
  return { stream: req, responded };
}

function failStream(stream, error) {
  stream.addTrailers({
    [ERROR_TYPE_TRAILER]: error.errorType,
    [ERROR_BODY_TRAILER]: Buffer.from(JSON.stringify(error)).toString('base64'),
  });
  return new Promise((resolve) => {
    if (stream.writableEnded) return resolve();
    stream.end(resolve);
  });
}
