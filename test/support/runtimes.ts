// The runtimes the conformance suite runs against, with how each names a fixture's handler
// and the few facts where Lambda's own runtimes differ from one another (LAMBDA-FACTS.md §4).
// A language adds itself here with its fixtures in test/fixtures/<family>/.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { findRuntime } from '../../src/runtime/runtimes/registry.ts';
import { fixtures } from './fixtures.ts';
import './go-cache.ts';
import './java-cache.ts';

/** The behaviours every runtime has a fixture for (see test/fixtures/nodejs for what each does). */
export type Behaviour =
  | 'echo'
  | 'throws'
  | 'counter'
  | 'busy'
  | 'hog'
  | 'exits'
  | 'big'
  | 'logs'
  | 'context'
  | 'timer'
  | 'slow_init'
  | 'no_handler'
  | 'does_not_exist'
  | 'circular';

export interface RuntimeUnderTest {
  runtime: string;
  family: string;
  /** Node.js names the stack "trace", most runtimes "stackTrace"; aws-lambda-go sends none for a returned error (null). */
  stackKey: 'trace' | 'stackTrace' | null;
  /** The error type a plain thrown error reports. */
  plainErrorType: string;
  /** The error type of a result that cannot be turned into JSON (each runtime client names it its own way). */
  marshalErrorType: string;
  /** The code folder and handler string of a behaviour's fixture. */
  fixture(behaviour: Behaviour): { code: string; handler: string };
  /**
   * The error type when the handler (or, for custom runtimes, the bootstrap) is not there; null
   * where the runtime's answer carries only an errorMessage (Java's client).
   */
  notFoundErrorType: string | null;
  /** When a missing handler is found: at init (default), or only when it is called (Ruby's runtime client). */
  handlerCheckedAt?: 'init' | 'invoke';
  /** The error type when the handler's file or module is not there; absent where that cannot happen. */
  moduleNotFoundErrorType?: string;
  /** A handler string this runtime cannot parse; absent where the handler string means nothing (a Go binary). */
  malformedHandler?: string;
  /** The error type for that string, when not Runtime.MalformedHandlerName. */
  malformedHandlerErrorType?: string;
  /** Compiled languages report a syntax error when the code is built, interpreted ones at init. */
  syntaxError: { code: string; handler: string; compiled: boolean; errorType?: string };
}

const interpreted = (family: string) => ({
  fixture: (behaviour: Behaviour) => ({ code: fixtures(family), handler: `${behaviour}.handler` }),
  notFoundErrorType: 'Runtime.HandlerNotFound',
  moduleNotFoundErrorType: 'Runtime.ImportModuleError',
  malformedHandler: 'echo',
  syntaxError: { code: fixtures(family), handler: 'syntax.handler', compiled: false },
});

/** Node's runtime client 4.x (nodejs24.x) names it Runtime.JSONStringifyError; 3.x reported a plain Error. */
function nodeMarshalErrorType(): string {
  return Number(process.versions.node.split('.')[0]) >= 24 ? 'Runtime.JSONStringifyError' : 'Error';
}

/** Lambda's Ruby runtimes are 3.2 to 3.4; another local Ruby runs as the newest (the logs say so). */
function localRubyRuntime(): string {
  const version = execFileSync('ruby', ['--disable-gems', '-e', 'print RUBY_VERSION'], { encoding: 'utf8' });
  const minor = /^3\.(\d+)/.exec(version)?.[1];
  return minor && Number(minor) >= 2 && Number(minor) <= 4 ? `ruby3.${minor}` : 'ruby3.4';
}

function localPythonRuntime(): string {
  let version = '';
  try {
    version = execFileSync('python3', ['--version'], { encoding: 'utf8' });
  } catch {
    // no python3 here: the runtime is then reported missing below
  }
  const minor = /3\.(\d+)/.exec(version)?.[1];
  return minor && Number(minor) >= 9 && Number(minor) <= 14 ? `python3.${minor}` : 'python3.14';
}

const allRuntimes: RuntimeUnderTest[] = [
  { runtime: `nodejs${process.versions.node.split('.')[0]}.x`, family: 'nodejs', stackKey: 'trace', plainErrorType: 'Error', marshalErrorType: nodeMarshalErrorType(), ...interpreted('nodejs') },
  { runtime: localPythonRuntime(), family: 'python', stackKey: 'stackTrace', plainErrorType: 'Exception', marshalErrorType: 'Runtime.MarshalError', ...interpreted('python') },
  // Ruby's runtime client names errors "<phase><class>" (Function<RuntimeError>, Init<LoadError>) and
  // looks the handler method up only when it calls it (aws-lambda-ruby-runtime-interface-client).
  {
    runtime: localRubyRuntime(),
    family: 'ruby',
    stackKey: 'stackTrace',
    plainErrorType: 'Function<RuntimeError>',
    marshalErrorType: 'Function<JSON::NestingError>',
    ...interpreted('ruby'),
    notFoundErrorType: 'Function<NoMethodError>',
    handlerCheckedAt: 'invoke',
    moduleNotFoundErrorType: 'Init<LoadError>',
    malformedHandlerErrorType: 'Init<ArgumentError>',
    syntaxError: { code: fixtures('ruby'), handler: 'syntax.handler', compiled: false, errorType: 'Init<SyntaxError>' },
  },
  // Go on provided.al2023: each behaviour is its own module (go.mod, go.sum) in its own folder,
  // built into a bootstrap binary against AWS's github.com/aws/aws-lambda-go, whose runtime loop
  // is then the client of our Runtime API. It reports a returned error by its Go type name
  // (lambda/errors.go: errors.New gives errorString) and a result encoding/json refuses by the
  // encoder's error type; the handler string means nothing.
  {
    runtime: 'provided.al2023',
    family: 'go',
    // A returned error carries no stack in aws-lambda-go (lambda/errors.go lambdaErrorResponse; only a panic adds stackTrace).
    stackKey: null,
    plainErrorType: 'errorString',
    marshalErrorType: 'UnsupportedValueError',
    fixture: (behaviour: Behaviour) => ({ code: join(fixtures('go'), behaviour), handler: 'bootstrap' }),
    notFoundErrorType: 'Runtime.InvalidEntrypoint',
    syntaxError: { code: join(fixtures('go'), 'syntax'), handler: 'bootstrap', compiled: true },
  },
  // A custom runtime on provided.al2: one Python bootstrap that picks the behaviour from _HANDLER.
  // Without a bootstrap Lambda cannot start anything: Runtime.InvalidEntrypoint.
  {
    runtime: 'provided.al2',
    family: 'provided',
    stackKey: 'stackTrace',
    plainErrorType: 'Exception',
    marshalErrorType: 'Runtime.MarshalError',
    fixture: (behaviour: Behaviour) => ({ code: behaviour === 'no_handler' ? join(fixtures('provided'), 'no-bootstrap') : fixtures('provided'), handler: `${behaviour}.handler` }),
    notFoundErrorType: 'Runtime.InvalidEntrypoint',
    // A bootstrap Python cannot parse is a runtime that exits during init: Lambda says Runtime.ExitError.
    syntaxError: { code: join(fixtures('provided'), 'syntax'), handler: 'syntax.handler', compiled: false, errorType: 'Runtime.ExitError' },
  },
  // C# on Mono: one project (Fixtures.csproj) with a class per behaviour; syntax/ is a project of its own. Amazon.Lambda.RuntimeSupport
  // reports a handler it cannot find, or a handler string it cannot parse, as a
  // LambdaValidationException (not a Runtime.* type), and a result it cannot serialize as the
  // serializer's JsonSerializerException; so no malformedHandler here (see the dotnet folder).
  {
    runtime: 'dotnet10',
    family: 'dotnet',
    stackKey: 'stackTrace',
    plainErrorType: 'Exception',
    marshalErrorType: 'JsonSerializerException',
    fixture: (behaviour: Behaviour) => ({
      code: fixtures('dotnet'),
      handler: `Fixtures::Fixtures.${behaviour.split('_').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}::Handler`,
    }),
    notFoundErrorType: 'LambdaValidationException',
    syntaxError: { code: join(fixtures('dotnet'), 'syntax'), handler: 'Syntax::Fixtures.Syntax::Handler', compiled: true },
  },
  // Java: one Maven project (its pom.xml names aws-lambda-java-core; compiled once) with a class
  // per behaviour, named in the handler as example.Class::handleRequest. AWS's Java runtime
  // client (aws-lambda-java-libs) reports a missing handler method, or a handler string with an
  // empty class or method, at the first invocation rather than at init, as {"errorMessage": ...}
  // with no errorType, the Runtime API hearing Runtime.BadFunctionCode; it has no
  // Runtime.MalformedHandlerName, so no malformedHandler.
  {
    runtime: 'java17',
    family: 'java',
    stackKey: 'stackTrace',
    plainErrorType: 'java.lang.RuntimeException',
    marshalErrorType: 'java.lang.RuntimeException',
    fixture: (behaviour: Behaviour) => ({
      code: fixtures('java'),
      handler: `example.${behaviour.split('_').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}::handleRequest`,
    }),
    notFoundErrorType: null,
    handlerCheckedAt: 'invoke',
    syntaxError: { code: join(fixtures('java'), 'syntax'), handler: 'example.Syntax::handleRequest', compiled: true },
  },
];

/** Whether this machine can run a runtime: its toolchain, and for Go the compiler. */
async function installed(runtime: RuntimeUnderTest): Promise<boolean> {
  const toolchain = await findRuntime(runtime.runtime)?.detect();
  return Boolean(toolchain) && (runtime.family !== 'go' || Boolean(toolchain!.tools?.go));
}

const availability = await Promise.all(allRuntimes.map(async (runtime) => ({ runtime, ok: await installed(runtime) })));

/** The runtimes this machine can run: the conformance suite and the bench use these. */
export const runtimesUnderTest: RuntimeUnderTest[] = availability.filter((a) => a.ok).map((a) => a.runtime);

/** Every runtime family the suite knows, installed here or not: each has its conformance file. */
export const runtimeFamilies: string[] = allRuntimes.map((r) => r.family);

/** Runtimes skipped here for want of a toolchain (`npm run doctor` says how to install them). */
export const missingRuntimes: string[] = availability.filter((a) => !a.ok).map((a) => `${a.runtime.runtime} (${a.runtime.family})`);
