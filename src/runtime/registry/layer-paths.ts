// Where each runtime looks for code in /opt, as Lambda sets it up (docs: packaging-layers.html,
// "Layer paths for each Lambda runtime"): bin on PATH, lib on LD_LIBRARY_PATH, and per language
// the folders a layer zip puts its libraries in. After them comes the runtime's own library
// folder (Lambda: /var/runtime), which here holds the local KMS helper (Node.js, Python, Ruby;
// Java's and C#'s are in the runtime's own jar and assembly, Go's is a module the build adds),
// and last the AWS SDK the runtime includes (runtime-sdks.ts), as Lambda's NODE_PATH ends with
// /var/runtime/node_modules: the function's own copy, or a layer's, wins over it.

import { runtimeSdkFor } from '../runtimes/runtime-sdks.ts';

export function layerSearchPaths(family: string, languageVersion: string, opt: string, inherited: NodeJS.ProcessEnv, runtimeDir?: string): Record<string, string> {
  const join = (...parts: Array<string | undefined>) => parts.filter((p) => p).join(':');
  const env: Record<string, string> = {
    PATH: join(inherited.PATH, `${opt}/bin`),
    LD_LIBRARY_PATH: join(inherited.LD_LIBRARY_PATH, `${opt}/lib`),
  };
  const sdk = runtimeSdkFor(family)?.searchPath;
  switch (family) {
    case 'nodejs':
      env.NODE_PATH = join(`${opt}/nodejs/node${languageVersion}/node_modules`, `${opt}/nodejs/node_modules`, runtimeDir && `${runtimeDir}lib`, sdk);
      break;
    case 'python':
      env.PYTHONPATH = join(`${opt}/python/lib/python${languageVersion}/site-packages`, `${opt}/python`, runtimeDir && `${runtimeDir}lib`, sdk);
      break;
    case 'ruby':
      env.GEM_PATH = `${opt}/ruby/gems/${languageVersion}.0`;
      env.RUBYLIB = join(`${opt}/ruby/lib`, runtimeDir && `${runtimeDir}lib`);
      break;
    case 'java':
      env.CLASSPATH = `${opt}/java/lib/*`;
      break;
  }
  return env;
}
