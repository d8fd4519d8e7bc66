// Where an interpreted runtime looks for a handler's code, so a template whose Handler names a
// file that is not in CodeUri is refused before anything starts (on Lambda it would fail at the
// first invoke with Runtime.ImportModuleError). Compiled runtimes are checked by their build.
// Rules as the runtimes' own clients split handlers: Node.js takes the file name up to the first
// dot (aws-lambda-nodejs-runtime-interface-client, UserFunction.js), Python splits module and
// function at the last dot, modules by dots (awslambdaric bootstrap.py), Ruby takes the file up
// to the first dot (aws_lambda_ric).

import { existsSync, readFileSync } from 'node:fs';
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

/**
 * What `sam build` would have installed and this folder lacks: Python's requirements.txt and a
 * package.json's dependencies without node_modules. Said, not done: the function may not need it.
 */
export function unbuiltDependencies(runtime: string, codeDirectory: string): string | undefined {
  if (runtime.startsWith('python') && existsSync(join(codeDirectory, 'requirements.txt'))) {
    const lines = readFileSync(join(codeDirectory, 'requirements.txt'), 'utf8').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
    if (lines.length > 0) return `has a requirements.txt, which is not installed here (sam build does that): if the handler imports them, run pip install -r requirements.txt -t . in ${codeDirectory}.`;
  }
  if (runtime.startsWith('nodejs') && existsSync(join(codeDirectory, 'package.json')) && !existsSync(join(codeDirectory, 'node_modules'))) {
    try {
      const manifest = JSON.parse(readFileSync(join(codeDirectory, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      if (Object.keys(manifest.dependencies ?? {}).length > 0) return `has dependencies in package.json and no node_modules (sam build installs them): run npm install --omit=dev in ${codeDirectory}.`;
    } catch {
      // an unreadable package.json is the runtime's to report
    }
  }
  return undefined;
}
