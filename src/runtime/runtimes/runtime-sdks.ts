// The AWS SDK that Lambda's managed runtimes include, so a handler can use it without packaging
// it: AWS SDK for JavaScript v3 on nodejs18.x and later, boto3 on python3.x (DG lambda-runtimes.html,
// "Runtime-included SDK versions"; DG nodejs-package.html). On Lambda it sits in the runtime's own
// folder, searched after the function's code and its layers: NODE_PATH ends with
// $LAMBDA_RUNTIME_DIR/node_modules and Python's PYTHONPATH is $LAMBDA_RUNTIME_DIR
// (LDG current-supported-versions.md, "Defined runtime environment variables"). So a copy the
// function packages, or takes from a layer, wins over it.
//
// Here the project's own set-up (`npm install` runs `lambda-dojo setup`) installs the versions
// pinned below into .cache/runtime-sdks/<family> inside the project, never the system's folders;
// runtime-sdk-install.ts does that. This file only knows where they are and what was installed.

import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project-local folder the SDKs are installed in (git-ignored). */
export const runtimeSdkRoot = fileURLToPath(new URL('../../../.cache/runtime-sdks/', import.meta.url));

export interface RuntimeSdk {
  family: 'nodejs' | 'python';
  /** What AWS calls it. */
  title: string;
  /** Registry packages and the exact versions installed. Lambda updates its copy with the runtime; we pin one. */
  packages: Record<string, string>;
  /** The folder it is installed in. */
  folder: string;
  /** The folder the runtime searches (NODE_PATH, PYTHONPATH). */
  searchPath: string;
}

// Lambda's Node.js runtimes carry every @aws-sdk/client-*; here only the services the course's
// labs and lessons use (each client is a package of its own).
const nodejsPackages: Record<string, string> = {
  '@aws-sdk/client-cloudwatch': '3.1178.0',
  '@aws-sdk/client-dynamodb': '3.1178.0',
  '@aws-sdk/client-kinesis': '3.1143.0',
  '@aws-sdk/client-kms': '3.1178.0',
  '@aws-sdk/client-lambda': '3.1178.0',
  '@aws-sdk/client-s3': '3.1178.0',
  '@aws-sdk/client-sqs': '3.1178.0',
  '@aws-sdk/client-sts': '3.1178.0',
  '@aws-sdk/lib-dynamodb': '3.1178.0',
};

const sdks: RuntimeSdk[] = [
  {
    family: 'nodejs',
    title: 'AWS SDK for JavaScript v3',
    packages: nodejsPackages,
    folder: join(runtimeSdkRoot, 'nodejs'),
    searchPath: join(runtimeSdkRoot, 'nodejs', 'node_modules'),
  },
  {
    family: 'python',
    title: 'AWS SDK for Python (boto3)',
    // boto3 brings botocore, s3transfer, jmespath, python-dateutil and urllib3, as on Lambda.
    packages: { boto3: '1.44.18' },
    folder: join(runtimeSdkRoot, 'python'),
    searchPath: join(runtimeSdkRoot, 'python'),
  },
];

export function runtimeSdks(): RuntimeSdk[] {
  return sdks.map((sdk) => ({ ...sdk, packages: { ...sdk.packages } }));
}

/** The SDK a runtime family includes, or undefined (Java, .NET, Ruby, Go: none is included here). */
export function runtimeSdkFor(family: string): RuntimeSdk | undefined {
  return runtimeSdks().find((sdk) => sdk.family === family);
}

/** What an install wrote next to the packages: the versions it found installed, and when. */
export interface InstalledRuntimeSdk {
  family: string;
  /** The pins the install was asked for. */
  pinned: Record<string, string>;
  /** Every package the runtime can see with its installed version, dependencies included. */
  installed: Record<string, string>;
  installedAt: string;
}

export const manifestName = 'lambda-dojo-sdk.json';

/**
 * The installed SDK of a family, or undefined when it is missing or was installed for other pins
 * (then `npm run setup` installs it again).
 */
export function installedRuntimeSdk(sdk: RuntimeSdk): InstalledRuntimeSdk | undefined {
  const file = join(sdk.folder, manifestName);
  if (!existsSync(file)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as InstalledRuntimeSdk;
    const same = Object.entries(sdk.packages).every(([name, version]) => manifest.pinned?.[name] === version) &&
      Object.keys(manifest.pinned ?? {}).length === Object.keys(sdk.packages).length;
    return same ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** One line per SDK for `npm run doctor`: what is installed, or the command that installs it. */
export function describeRuntimeSdks(): string[] {
  const projectRoot = join(runtimeSdkRoot, '..', '..');
  return runtimeSdks().map((sdk) => {
    const installed = installedRuntimeSdk(sdk);
    if (!installed) return `${sdk.family}: ${sdk.title} is not installed: run npm run setup`;
    const names = Object.keys(sdk.packages);
    const first = `${names[0]} ${installed.installed[names[0]!] ?? '?'}`;
    const more = names.length > 1 ? ` and ${names.length - 1} more` : '';
    return `${sdk.family}: ${sdk.title}, ${first}${more}, in ${relative(projectRoot, sdk.folder)}`;
  });
}
