// The Runtime API refuses calls out of turn as Lambda's own emulator does
// (aws-lambda-runtime-interface-emulator lambda/rapi/handler/*.go, rendering/render_error.go):
// 403 InvalidStateTransition for a call the runtime's state does not allow, 400 InvalidRequestID
// for an id that is not the invocation in progress. A custom runtime makes each call and reports
// what it was answered.

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LambdaService } from '../../src/runtime/service.ts';
import { json } from '../support/service.ts';

const service = new LambdaService();
const folder = mkdtempSync(join(tmpdir(), 'dojo-rapi-states-'));
afterAll(async () => {
  await service.shutdown();
  rmSync(folder, { recursive: true, force: true });
});

const bootstrap = `#!/usr/bin/env python3
import json, os, urllib.request, urllib.error
base = "http://%s/2018-06-01/runtime" % os.environ["AWS_LAMBDA_RUNTIME_API"]
def call(method, path, body=b"{}"):
    request = urllib.request.Request(base + path, data=body if method == "POST" else None, method=method)
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
seen = {}
status, _, body = call("POST", "/invocation/not-yet/response")
seen["response before any event"] = [status, json.loads(body)]
while True:
    status, headers, event = call("GET", "/invocation/next")
    request_id = headers["Lambda-Runtime-Aws-Request-Id"]
    status, _, body = call("POST", "/invocation/some-other-id/response")
    seen["response for another id"] = [status, json.loads(body)]
    status, _, body = call("POST", "/init/error")
    seen["init error after init"] = [status, json.loads(body)]
    status, _, body = call("POST", "/invocation/%s/response" % request_id, json.dumps(seen).encode())
    status, _, body = call("POST", "/invocation/%s/response" % request_id, b'"again"')
    print("second response:", status, body.decode(), flush=True)
`;

describe('Runtime API calls out of turn', () => {
  it('answers 403 InvalidStateTransition or 400 InvalidRequestID as Lambda does, and the invocation keeps its answer', async () => {
    writeFileSync(join(folder, 'bootstrap'), bootstrap);
    chmodSync(join(folder, 'bootstrap'), 0o755);
    await service.createFunction({ FunctionName: 'rapi-states', Runtime: 'provided.al2023', Handler: 'unused', Code: { Directory: folder } });
    const out = await service.invoke({ FunctionName: 'rapi-states' });
    expect(out.FunctionError, `${out.Payload}\n${out.Logs.join('\n')}`).toBeUndefined();
    const seen = json(out.Payload);
    expect(seen['response before any event']).toEqual([403, { errorType: 'InvalidStateTransition', errorMessage: expect.stringMatching(/^State transition from RuntimeStartedState to InvocationResponse failed for runtime/) }]);
    expect(seen['response for another id']).toEqual([400, { errorType: 'InvalidRequestID', errorMessage: 'Invalid request ID' }]);
    expect(seen['init error after init']).toEqual([403, { errorType: 'InvalidStateTransition', errorMessage: expect.stringContaining('to InitErrorResponse failed') }]);
    // The second answer to the same invocation is refused, and only the first counts.
    const again = await service.invoke({ FunctionName: 'rapi-states' });
    expect(again.Logs.join('\n')).toMatch(/second response: 403 .*InvalidStateTransition.*from RuntimeResponseSentState to InvocationResponse/);
  });
});
