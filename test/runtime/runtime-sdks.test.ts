// The SDK Lambda's managed runtimes include: a handler uses it without packaging it, and a copy
// the function packages wins over it. Installed by npm install (postinstall) or by the tests'
// global set-up into .cache/runtime-sdks; without it the tests skip here and fail in CI.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeRuntimeSdks, installedRuntimeSdk, runtimeSdkFor, type RuntimeSdk } from '../../src/runtime/runtimes/runtime-sdks.ts';
import { requireEverything } from '../support/requirements.ts';
import { fixtures, json, useService } from '../support/service.ts';

const nodeSdk = runtimeSdkFor('nodejs')!;
const pythonSdk = runtimeSdkFor('python')!;
const nodeRuntime = `nodejs${process.versions.node.split('.')[0]}.x`;
const code = (folder: string) => join(fixtures('runtime-sdk'), folder);

/** Run when the SDK is installed; in CI run anyway, so a missing SDK fails instead of hiding. */
const whenInstalled = (sdk: RuntimeSdk) => describe.runIf(requireEverything || Boolean(installedRuntimeSdk(sdk)));

let deployed = 0;

describe('the AWS SDK the runtimes include', () => {
  const service = useService();
  const invoke = async (runtime: string, folder: string, handler: string) => {
    const FunctionName = `runtime-sdk-${++deployed}`;
    await service().createFunction({ FunctionName, Runtime: runtime, Handler: handler, Code: { Directory: code(folder) } });
    const out = await service().invoke({ FunctionName, Payload: {} });
    expect(out.FunctionError, String(out.Payload)).toBeUndefined();
    return json(out.Payload);
  };

  whenInstalled(nodeSdk)(`SDK for JavaScript v3 on ${nodeRuntime} (npm run setup installs it)`, () => {
    it('resolves an ES module import of @aws-sdk/client-kms to the runtime\'s copy and constructs a client', async () => {
      const out = await invoke(nodeRuntime, 'nodejs', 'esm.handler');
      expect(out.client).toBe('KMSClient');
      expect(out.region).toBe('us-east-1');
      expect(out.resolved.startsWith(pathToFileURL(nodeSdk.searchPath).href)).toBe(true);
    });

    it('resolves require(\'@aws-sdk/client-sqs\') to the runtime\'s copy', async () => {
      const out = await invoke(nodeRuntime, 'nodejs', 'cjs.handler');
      expect(out.client).toBe('SQSClient');
      expect(out.resolved.startsWith(nodeSdk.searchPath)).toBe(true);
    });

    it('lets the function\'s own packaged copy win over the runtime\'s', async () => {
      const out = await invoke(nodeRuntime, 'nodejs-packaged', 'index.handler');
      expect(out.client).toBe('packaged with the function');
      expect(out.resolved).not.toContain(nodeSdk.searchPath);
    });
  });

  whenInstalled(pythonSdk)('boto3 on python3.12 (npm run setup installs it)', () => {
    it('imports boto3 from the runtime\'s copy and constructs a client', async () => {
      const out = await invoke('python3.12', 'python', 'sdk_app.handler');
      expect(out).toMatchObject({ service: 'kms', region: 'us-east-1', version: pythonSdk.packages.boto3 });
      expect(out.file.startsWith(pythonSdk.searchPath)).toBe(true);
    });

    it('lets the function\'s own packaged boto3 win over the runtime\'s', async () => {
      const out = await invoke('python3.12', 'python-packaged', 'app.handler');
      expect(out.version).toBe('packaged with the function');
      expect(out.file).not.toContain(pythonSdk.searchPath);
    });
  });
});

describe('ES module imports through NODE_PATH', () => {
  const service = useService();

  it(`resolves a plain import of a package from a layer on ${nodeRuntime}, as Lambda does since Node.js 18`, async () => {
    const layer = await service().publishLayerVersion({ LayerName: 'greeting', Content: { Directory: code('layer') } });
    await service().createFunction({ FunctionName: 'esm-layer-user', Runtime: nodeRuntime, Handler: 'index.handler', Code: { Directory: code('nodejs-layer-user') }, Layers: [layer.LayerVersionArn] });
    const out = await service().invoke({ FunctionName: 'esm-layer-user', Payload: {} });
    expect(out.FunctionError, String(out.Payload)).toBeUndefined();
    expect(json(out.Payload).greeting).toBe('hello, learner, from a layer');
    expect(json(out.Payload).resolved).toMatch(/\/nodejs\/node_modules\/greeting\/index\.js$/);
  });
});

describe('the record of the installed SDK', () => {
  whenInstalled(nodeSdk)('nodejs', () => {
    it('names every pinned package with the version npm installed', () => {
      const installed = installedRuntimeSdk(nodeSdk);
      expect(installed, 'run npm run setup').toBeDefined();
      for (const [name, version] of Object.entries(nodeSdk.packages)) expect(installed!.installed[name]).toBe(version);
    });
  });
  whenInstalled(pythonSdk)('python', () => {
    it('is described for npm run doctor with the version pip installed', () => {
      expect(describeRuntimeSdks()).toContain(`python: AWS SDK for Python (boto3), boto3 ${pythonSdk.packages.boto3}, in .cache/runtime-sdks/python`);
    });

    it('names boto3 and botocore with the versions pip installed', () => {
      const installed = installedRuntimeSdk(pythonSdk);
      expect(installed, 'run npm run setup').toBeDefined();
      expect(installed!.installed.boto3).toBe(pythonSdk.packages.boto3);
      expect(installed!.installed.botocore).toMatch(/^\d+\.\d+\.\d+/);
    });
  });
});
