// Where an interpreted runtime looks for a handler's code, so a template whose Handler names a
// file that is not in CodeUri is refused before anything starts (on Lambda it would fail at the
// first invoke with Runtime.ImportModuleError). Compiled runtimes are checked by their build.
// Rules as the runtimes' own clients split handlers: Node.js takes the file name up to the first
// dot (aws-lambda-nodejs-runtime-interface-client, UserFunction.js), Python splits module and
// function at the last dot, modules by dots (awslambdaric bootstrap.py), Ruby takes the file up
// to the first dot (aws_lambda_ric).

import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The files one of which must exist for the handler, or undefined when this runtime is not checked. */
export function handlerCandidates(runtime: string, handler: string): string[] | undefined {
  if (runtime.startsWith('nodejs')) {
    const slash = handler.lastIndexOf('/');
    const base = handler.slice(slash + 1);
    const file = handler.slice(0, slash + 1) + base.slice(0, base.indexOf('.') < 0 ? base.length : base.indexOf('.'));
    return ['.js', '.mjs', '.cjs'].map((ext) => file + ext);
  }
  if (runtime.startsWith('python')) {
    const dot = handler.lastIndexOf('.');
    const module = (dot < 0 ? handler : handler.slice(0, dot)).replaceAll('.', '/');
    return [`${module}.py`, `${module}/__init__.py`];
  }
  if (runtime.startsWith('ruby')) {
    const dot = handler.indexOf('.');
    return [`${dot < 0 ? handler : handler.slice(0, dot)}.rb`];
  }
  return undefined;
}

/** The rule a handler breaks in `codeDirectory`, or undefined when its file is there (or the runtime is not checked). */
export function missingHandlerFile(runtime: string, handler: string, codeDirectory: string): string | undefined {
  const candidates = handlerCandidates(runtime, handler);
  if (!candidates || candidates.some((file) => existsSync(join(codeDirectory, file)))) return undefined;
  const typescript = runtime.startsWith('nodejs') && existsSync(join(codeDirectory, candidates[0]!.replace(/\.js$/, '.ts')));
  const hint = typescript
    ? ' There is a .ts file: TypeScript is not compiled here; build it first (sam build, or tsc/esbuild) and point CodeUri at the JavaScript it makes (e.g. .aws-sam/build/<LogicalId>).'
    : '';
  return `Handler ${handler} needs ${candidates.join(' or ')} in the code folder, and there is none: fix the Handler (file.function) or CodeUri.${hint}`;
}
