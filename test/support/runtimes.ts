// The runtimes the conformance suite runs against, with how each names a fixture's handler
// and the few facts where Lambda's own runtimes differ from one another (LAMBDA-FACTS.md §4).
// A language adds itself here with its fixtures in test/fixtures/<family>/.

import { execFileSync } from 'node:child_process';
import { fixtures } from './service.ts';

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
  /** Node.js names the stack "trace"; the other runtimes name it "stackTrace". */
  stackKey: 'trace' | 'stackTrace';
  /** The error type a plain thrown error reports. */
  plainErrorType: string;
  /** The error type of a result that cannot be turned into JSON (each runtime client names it its own way). */
  marshalErrorType: string;
  /** The code folder and handler string of a behaviour's fixture. */
  fixture(behaviour: Behaviour): { code: string; handler: string };
  /** The error type when the handler (or, for custom runtimes, the bootstrap) is not there. */
  notFoundErrorType: string;
  /** A handler string this runtime cannot parse; absent where the handler string means nothing (a Go binary). */
  malformedHandler?: string;
  /** Compiled languages report a syntax error when the code is built, interpreted ones at init. */
  syntaxError: { code: string; handler: string; compiled: boolean };
}

const interpreted = (family: string) => ({
  fixture: (behaviour: Behaviour) => ({ code: fixtures(family), handler: `${behaviour}.handler` }),
  notFoundErrorType: 'Runtime.HandlerNotFound',
  malformedHandler: 'echo',
  syntaxError: { code: fixtures(family), handler: 'syntax.handler', compiled: false },
});

/** Node's runtime client 4.x (nodejs24.x) names it Runtime.JSONStringifyError; 3.x reported a plain Error. */
function nodeMarshalErrorType(): string {
  return Number(process.versions.node.split('.')[0]) >= 24 ? 'Runtime.JSONStringifyError' : 'Error';
}

function localPythonRuntime(): string {
  const version = execFileSync('python3', ['--version'], { encoding: 'utf8' });
  const minor = /3\.(\d+)/.exec(version)?.[1];
  return minor && Number(minor) >= 9 && Number(minor) <= 13 ? `python3.${minor}` : 'python3.13';
}

export const runtimesUnderTest: RuntimeUnderTest[] = [
  { runtime: `nodejs${process.versions.node.split('.')[0]}.x`, family: 'nodejs', stackKey: 'trace', plainErrorType: 'Error', marshalErrorType: nodeMarshalErrorType(), ...interpreted('nodejs') },
  { runtime: localPythonRuntime(), family: 'python', stackKey: 'stackTrace', plainErrorType: 'Exception', marshalErrorType: 'Runtime.MarshalError', ...interpreted('python') },
];
