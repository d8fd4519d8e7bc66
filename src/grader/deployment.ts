// Turns a lab and a folder of code into a function configuration: the lab's settings, with
// the folder's function.json (the learner's own settings) on top, as a SAM template would.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LambdaService } from '../runtime/service.ts';
import type { FunctionConfigurationInput } from '../runtime/types.ts';
import { zipFolder } from '../runtime/zip.ts';
import type { LabDefinition, Language } from './lab-types.ts';

export const settingsFile = 'function.json';

export class SettingsFileError extends Error {
  override name = 'SettingsFileError';
}

interface Settings {
  MemorySize?: number;
  Timeout?: number;
  Environment?: { Variables?: Record<string, string> };
  /** Layer folders, relative to the code folder, in the order Lambda extracts them. */
  Layers?: string[];
}

function readSettings(codeFolder: string): Settings {
  const file = join(codeFolder, settingsFile);
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SettingsFileError(`${file} is not valid JSON (${(error as Error).message}). Fix it, or run the lab with --reset to start again.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SettingsFileError(`${file} must hold a JSON object such as {"MemorySize": 256, "Timeout": 3}.`);
  }
  const allowed = ['MemorySize', 'Timeout', 'Environment', 'Layers'];
  const unknown = Object.keys(parsed).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw new SettingsFileError(`${file} has ${unknown.map((k) => `"${k}"`).join(', ')}, which this lab does not use. Allowed: ${allowed.join(', ')}.`);
  }
  const layers = (parsed as Settings).Layers;
  if (layers !== undefined && (!Array.isArray(layers) || layers.some((l) => typeof l !== 'string'))) {
    throw new SettingsFileError(`${file}: "Layers" must be a list of layer folders, such as ["layers/common"].`);
  }
  return parsed as Settings;
}

export function functionInput(lab: LabDefinition, language: Language, runtime: string, codeFolder: string, functionName: string, layerArns: string[] = []): FunctionConfigurationInput {
  const handler = lab.function.handler[language];
  if (!handler) throw new SettingsFileError(`Lab ${lab.number} has no handler for ${language}.`);
  const settings = readSettings(codeFolder);
  const variables = { ...lab.function.environment, ...settings.Environment?.Variables };
  const memorySize = settings.MemorySize ?? lab.function.memorySize;
  const timeout = settings.Timeout ?? lab.function.timeout;
  return {
    FunctionName: functionName,
    Runtime: runtime,
    Handler: handler,
    Code: { Directory: lab.function.codeDirectory ? join(codeFolder, lab.function.codeDirectory) : codeFolder },
    ...(memorySize !== undefined ? { MemorySize: memorySize } : {}),
    ...(timeout !== undefined ? { Timeout: timeout } : {}),
    Environment: { Variables: variables },
    ...(layerArns.length > 0 ? { Layers: layerArns } : {}),
  };
}

/**
 * Publishes the layers the code folder's function.json names (each folder zipped, as a learner
 * would upload it) and creates the function with them. Errors are Lambda's own.
 */
export async function deployLab(service: LambdaService, lab: LabDefinition, language: Language, runtime: string, codeFolder: string, functionName: string): Promise<void> {
  const layers = readSettings(codeFolder).Layers ?? [];
  const arns = layers.map((folder) => {
    const path = join(codeFolder, folder);
    if (!existsSync(path)) throw new SettingsFileError(`${join(codeFolder, settingsFile)} lists the layer folder "${folder}", which does not exist in ${codeFolder}.`);
    const name = `lab${lab.number}-${folder.replace(/[^a-zA-Z0-9_-]+/g, '-').replace(/^-+|-+$/g, '')}`;
    return service.publishLayerVersion({ LayerName: name, Content: { ZipFile: zipFolder(path) } }).LayerVersionArn;
  });
  await service.createFunction(functionInput(lab, language, runtime, codeFolder, functionName, arns));
}
