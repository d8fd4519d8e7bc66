// The runtimes the conformance suite runs against, each with the few facts where Lambda's
// own runtimes differ from one another (documented in LAMBDA-FACTS.md, section 4).

import { execFileSync } from 'node:child_process';

export interface RuntimeUnderTest {
  runtime: string;
  family: string;
  /** Node.js names the stack "trace"; the other runtimes name it "stackTrace". */
  stackKey: 'trace' | 'stackTrace';
  /** The error type a plain thrown error reports. */
  plainErrorType: string;
}

function localPythonRuntime(): string {
  const version = execFileSync('python3', ['--version'], { encoding: 'utf8' });
  const minor = /3\.(\d+)/.exec(version)?.[1];
  return minor && Number(minor) >= 9 && Number(minor) <= 13 ? `python3.${minor}` : 'python3.13';
}

export const runtimesUnderTest: RuntimeUnderTest[] = [
  { runtime: `nodejs${process.versions.node.split('.')[0]}.x`, family: 'nodejs', stackKey: 'trace', plainErrorType: 'Error' },
  { runtime: localPythonRuntime(), family: 'python', stackKey: 'stackTrace', plainErrorType: 'Exception' },
];
