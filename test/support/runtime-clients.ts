// AWS's own runtime interface clients (RICs), the reference our Node.js and Python bootstraps are
// held to: npm aws-lambda-ric (a native addon: curl and aws-lambda-cpp built with cmake and a C++
// compiler, a couple of minutes) and PyPI awslambdaric (a wheel with a C extension, or the same
// build from source where no wheel fits). Each is installed once per version into the user's
// cache (~/.cache/lambda-dojo/ric, outside /tmp, which an environment may not see) and reused.
// An install goes into a fresh folder renamed into place when complete, so a failed build leaves
// nothing behind. Maven's aws-lambda-java-runtime-interface-client comes with its JNI library
// inside the jar. Go needs no such pair: its functions link AWS's aws-lambda-go loop themselves.

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { findRuntime } from '../../src/runtime/runtimes/registry.ts';

const run = promisify(execFile);

export const ricCache = process.env.LAMBDA_DOJO_RIC_CACHE ?? join(homedir(), '.cache', 'lambda-dojo', 'ric');

export interface RuntimeClient {
  family: 'nodejs' | 'python' | 'java';
  /** The registry package and the version compared with. */
  name: string;
  version: string;
  /** The managed runtime whose bootstrap (ours) answers the same handlers; else the local one of the family. */
  runtime?: string;
  /** Builds (once) and returns the text of a provided.al2023 bootstrap that execs the client. */
  bootstrap(): Promise<string>;
  /** Puts the fixtures' code, ready to run, into a folder (default: a copy; Java compiles it). */
  prepare?(fixtures: string, into: string): Promise<void>;
}

/** Thrown when a client cannot be installed here: the message says what is missing. */
export class ClientUnavailable extends Error {}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

async function installOnce(folder: string, installed: (dir: string) => boolean, install: (dir: string) => Promise<void>): Promise<void> {
  if (installed(folder)) return;
  mkdirSync(ricCache, { recursive: true });
  const partial = `${folder}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    await install(partial);
    if (!installed(partial)) throw new ClientUnavailable(`the install finished but left no client in ${partial}`);
    try {
      renameSync(partial, folder);
    } catch (error) {
      if (!installed(folder)) throw error; // another test process got there first otherwise
    }
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

function failure(what: string, error: unknown, needs: string): ClientUnavailable {
  const e = error as { stderr?: string; stdout?: string; message?: string };
  // The first lines that say "error" name the cause (npm's code, a missing cmake); the last ones where to look.
  const lines = `${e.stdout ?? ''}\n${e.stderr ?? e.message ?? ''}`.trim().split('\n');
  const errors = lines.filter((line) => /error|not found/i.test(line));
  const tail = [...new Set([...errors.slice(0, 4), ...lines.slice(-2)])].join('\n');
  return new ClientUnavailable(`${what} could not be installed (it needs ${needs}):\n${tail}`);
}

/**
 * aws-lambda-ric: 4.x is the client of nodejs24.x, 3.x of nodejs22.x and older. Started the way
 * Lambda's own /var/runtime entry starts it: run(taskRoot, handler) for 3.x (its npm command
 * would first print an "Executing ..." line that Lambda's runtime does not), the package's
 * entry for 4.x, which reads _HANDLER and LAMBDA_TASK_ROOT itself.
 */
function nodeRuntimeClient(version: string, runtime: string): RuntimeClient {
  return {
    family: 'nodejs',
    name: 'aws-lambda-ric',
    version,
    runtime,
    async bootstrap() {
      const folder = join(ricCache, `aws-lambda-ric-${version}`);
      const pkg = (dir: string) => join(dir, 'node_modules', 'aws-lambda-ric');
      const v3 = version.startsWith('3.');
      const entry = (dir: string) => (v3 ? join(dir, 'entry.mjs') : join(pkg(dir), 'index.mjs'));
      const built = (dir: string) => existsSync(entry(dir)) && existsSync(join(pkg(dir), v3 ? 'dist' : '', 'rapid-client.node'));
      await installOnce(folder, built, async (dir) => {
        // Its install scripts build the addon: allowed by name, as the project's own package.json does for esbuild.
        const manifest = { name: 'lambda-dojo-runtime-client', private: true, dependencies: { 'aws-lambda-ric': version }, allowScripts: { 'aws-lambda-ric': true } };
        writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
        try {
          await run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund'], { maxBuffer: 64 * 1024 * 1024, timeout: 20 * 60_000, env: { ...process.env, ...nodeHeaders() } });
        } catch (error) {
          throw failure(`npm aws-lambda-ric@${version}`, error, 'cmake, make, g++, python3, xz-utils, and for 3.x autoconf, automake and libtool, to build its native addon');
        }
        if (v3) {
          // 3.x keeps curl's and aws-lambda-cpp's sources and objects (150 MB); the addon links them statically.
          rmSync(join(pkg(dir), 'deps'), { recursive: true, force: true });
          writeFileSync(join(dir, 'entry.mjs'), "import { run } from './node_modules/aws-lambda-ric/dist/index.mjs';\nawait run(process.env.LAMBDA_TASK_ROOT, process.env._HANDLER);\n");
        }
      });
      // The same Node that runs our bootstrap (the project's), so only the client differs.
      return `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(entry(folder))} "$_HANDLER"\n`;
    },
  };
}

/**
 * node-gyp builds the addon against Node's headers and downloads them when it has none; this
 * machine reaches only package registries, so point it at the headers that come with the Node
 * running the tests (the npm package `node` ships them beside its binary).
 */
function nodeHeaders(): Record<string, string> {
  const root = dirname(dirname(realpathSync(process.execPath)));
  // Installed from npm, the binary is copied to node/bin and the headers stay in the platform package.
  const found = [root, join(root, 'node_modules', `node-${process.platform}-${process.arch}`)].find((dir) => existsSync(join(dir, 'include', 'node', 'node_api.h')));
  return found ? { npm_config_nodedir: found } : {};
}

export const nodeClient = nodeRuntimeClient('4.0.2', `nodejs${process.versions.node.split('.')[0]}.x`);
export const nodeClient3 = nodeRuntimeClient('3.3.0', 'nodejs22.x');

const PYTHON_RIC = '4.2.2';

/** awslambdaric: the client of the python3.x runtimes. */
export const pythonClient: RuntimeClient = {
  family: 'python',
  name: 'awslambdaric',
  version: PYTHON_RIC,
  async bootstrap() {
    const python = await findRuntime('python3.12')?.detect();
    if (!python) throw new ClientUnavailable('python3 is not installed');
    // The C extension is built for one interpreter: one folder per Python version.
    const tag = python.version.split('.').slice(0, 2).join('');
    const folder = join(ricCache, `awslambdaric-${PYTHON_RIC}-cp${tag}`);
    const built = (dir: string) => existsSync(join(dir, 'awslambdaric', '__main__.py')) && readdirSync(dir).some((f) => f.startsWith('runtime_client.'));
    await installOnce(folder, built, async (dir) => {
      try {
        await run(python.command, ['-m', 'pip', 'install', '--target', dir, '--disable-pip-version-check', '--no-warn-script-location', '--quiet', `awslambdaric==${PYTHON_RIC}`], { maxBuffer: 64 * 1024 * 1024, timeout: 20 * 60_000 });
      } catch (error) {
        throw failure(`PyPI awslambdaric==${PYTHON_RIC}`, error, 'pip (python3-pip), and where no wheel fits cmake, make, g++ and the Python headers');
      }
    });
    // The interpreter flags our python runtime uses (python/definition.ts), so only the client differs.
    return `#!/bin/sh\nPYTHONPATH=${quote(folder)} exec ${quote(python.command)} -u -B -X utf8 -m awslambdaric "$_HANDLER"\n`;
  },
};

const JAVA_RIC = '2.10.1';
const javaMain = 'com.amazonaws.services.lambda.runtime.api.client.AWSLambda';

async function javaToolchain(): Promise<{ java: string; javac: string }> {
  const jdk = await findRuntime('java17')?.detect();
  if (!jdk) throw new ClientUnavailable('no JDK is installed');
  return { java: jdk.command, javac: jdk.tools?.javac ?? join(dirname(jdk.command), 'javac') };
}

/** Maven's aws-lambda-java-runtime-interface-client: the client of the java runtimes. */
export const javaClient: RuntimeClient = {
  family: 'java',
  name: 'aws-lambda-java-runtime-interface-client',
  version: JAVA_RIC,
  async bootstrap() {
    const { java } = await javaToolchain();
    const folder = join(ricCache, `aws-lambda-java-runtime-interface-client-${JAVA_RIC}`);
    const built = (dir: string) => existsSync(join(dir, 'lib', `aws-lambda-java-runtime-interface-client-${JAVA_RIC}.jar`));
    await installOnce(folder, built, async (dir) => {
      const pom = `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>lambdadojo</groupId><artifactId>java-runtime-client</artifactId><version>1</version>
  <dependencies><dependency><groupId>com.amazonaws</groupId><artifactId>aws-lambda-java-runtime-interface-client</artifactId><version>${JAVA_RIC}</version></dependency></dependencies>
</project>\n`;
      writeFileSync(join(dir, 'pom.xml'), pom);
      try {
        await run('mvn', ['-q', '-B', '-f', join(dir, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${join(dir, 'lib')}`], { maxBuffer: 64 * 1024 * 1024, timeout: 20 * 60_000 });
      } catch (error) {
        throw failure(`Maven com.amazonaws:aws-lambda-java-runtime-interface-client:${JAVA_RIC}`, error, 'Maven (mvn) and a JDK');
      }
    });
    // Flags of our java runtime's start (java/bootstrap.sh) that keep a JVM within 128 MB.
    const flags = '-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAM=128m -XX:-UsePerfData';
    return `#!/bin/sh\nexec ${quote(java)} ${flags} -cp ${quote(join(folder, 'lib'))}'/*':"$LAMBDA_TASK_ROOT" ${javaMain} "$_HANDLER"\n`;
  },
  async prepare(fixtures, into) {
    const { javac } = await javaToolchain();
    const lib = join(ricCache, `aws-lambda-java-runtime-interface-client-${JAVA_RIC}`, 'lib');
    const src = join(fixtures, 'src'); // syntax/ beside it holds code that must not compile
    const sources = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.java')).map((f) => join(src, f));
    // The fixtures compile against AWS's aws-lambda-java-core, which the client brings along.
    await run(javac, ['-encoding', 'UTF-8', '-proc:none', '-cp', `${lib}/*`, '-d', into, ...sources], { timeout: 5 * 60_000 });
  },
};
