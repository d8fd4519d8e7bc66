// Layer versions: published once from a .zip file or a folder, never changed after
// (docs: chapter-layers.html, API_PublishLayerVersion.html). The service keeps each one
// extracted, and every execution environment's sandbox copies them into its own /opt, in order
// (sandbox.ts).

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { snapshotCode } from './code-snapshot.ts';
import { LambdaServiceError } from '../errors.ts';
import { limits } from '../limits.ts';
import type { LayerVersion, PublishLayerVersionInput } from '../types.ts';
import { extractZip, ZipError } from './zip.ts';

/** Layer names: letters, digits, hyphens and underscores, 1 to 140. Source: API_PublishLayerVersion.html. */
const layerNamePattern = /^[a-zA-Z0-9_-]{1,140}$/;

export interface StoredLayer {
  info: LayerVersion;
  /** The extracted contents, as they appear under /opt. */
  folder: string;
}

const invalid = (message: string): never => {
  throw new LambdaServiceError('InvalidParameterValueException', message);
};

export class LayerStore {
  private readonly root: string;
  private readonly layers = new Map<string, StoredLayer[]>();
  private readonly arn: (name: string) => string;

  constructor(root: string, layerArn: (name: string) => string) {
    this.root = root;
    this.arn = layerArn;
  }

  publish(input: PublishLayerVersionInput, knownRuntimes: string[]): LayerVersion {
    const name = input?.LayerName;
    if (typeof name !== 'string' || !layerNamePattern.test(name)) {
      throw new LambdaServiceError(
        'ValidationException',
        `1 validation error detected: Value '${String(name)}' at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+ (1 to 140 characters). Name the layer e.g. shared-utils.`,
      );
    }
    const runtimes = input.CompatibleRuntimes ?? [];
    const unknown = runtimes.filter((r) => !knownRuntimes.includes(r));
    if (unknown.length > 0) invalid(`CompatibleRuntimes lists ${unknown.join(', ')}, not a runtime Lambda has. Use: ${knownRuntimes.join(', ')}.`);
    const versions = this.layers.get(name) ?? [];
    const number = versions.length + 1;
    const folder = join(this.root, 'layers', name, String(number));
    const { sha256, size } = this.unpack(input.Content, folder);
    const info: LayerVersion = {
      LayerArn: this.arn(name),
      LayerVersionArn: `${this.arn(name)}:${number}`,
      Version: number,
      Description: input.Description ?? '',
      CompatibleRuntimes: [...runtimes],
      Content: { CodeSha256: sha256, CodeSize: size },
      CreatedDate: new Date().toISOString(),
    };
    versions.push({ info, folder });
    this.layers.set(name, versions);
    return structuredClone(info);
  }

  /** Every layer's latest version, by name. */
  latestVersions(): LayerVersion[] {
    return [...this.layers.keys()].sort().map((name) => structuredClone(this.layers.get(name)!.at(-1)!.info));
  }

  listVersions(name: string): LayerVersion[] {
    return (this.layers.get(name) ?? []).map((l) => structuredClone(l.info));
  }

  /** The stored layers a function's Layers list names, checked as CreateFunction checks them. */
  resolve(arns: unknown): StoredLayer[] {
    if (arns === undefined || arns === null) return [];
    if (!Array.isArray(arns) || arns.some((a) => typeof a !== 'string')) invalid(`Layers must be a list of layer version ARNs, got ${JSON.stringify(arns)}.`);
    const list = arns as string[];
    const max = limits.layersPerFunction.max;
    if (list.length > max) invalid(`Cannot reference more than ${max} layers: this function lists ${list.length}. Merge some layers, or move their code into the function.`);
    const stored = list.map((arn) => {
      const match = /^(arn:aws:lambda:[a-z0-9-]+:\d{12}:layer:([a-zA-Z0-9_-]+)):(\d+)$/.exec(arn);
      const found = match ? this.layers.get(match[2]!)?.[Number(match[3]) - 1] : undefined;
      if (!found || found.info.LayerArn !== match![1]) {
        invalid(`Layer version ${arn} does not exist. Publish it first (publishLayerVersion) and use the LayerVersionArn it returns, which ends in :<version>.`);
      }
      return found!;
    });
    const names = stored.map((l) => l.info.LayerArn);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) invalid(`Two versions of the same layer (${twice}) are not allowed in one function: keep one.`);
    // CompatibleRuntimes is not checked here: Lambda uses it only to filter ListLayers and
    // ListLayerVersions, and attaches a layer whatever runtimes it lists (API_PublishLayerVersion).
    return stored;
  }

  private unpack(content: PublishLayerVersionInput['Content'], folder: string): { sha256: string; size: number } {
    const max = limits.unzippedCodeSize.max;
    if (content && 'Directory' in content) {
      const snapshot = snapshotCode(content.Directory, folder);
      return { sha256: snapshot.sha256, size: snapshot.size };
    }
    const zip = content && 'ZipFile' in content ? content.ZipFile : undefined;
    let bytes: Buffer;
    let label = 'the layer archive';
    if (typeof zip === 'string') {
      label = zip;
      if (!existsSync(zip) || !statSync(zip).isFile()) invalid(`Content.ZipFile '${zip}' is not a file. Give the path of a .zip file, or Content.Directory for a folder.`);
      bytes = readFileSync(zip);
    } else if (Buffer.isBuffer(zip)) bytes = zip;
    else return invalid('Content must be { ZipFile: <zip bytes or path> } or { Directory: <folder> }.');
    if (bytes.length > limits.zippedCodeSize.max) invalid(`${label} has ${bytes.length} bytes; a directly uploaded .zip may have at most ${limits.zippedCodeSize.max} (50 MB).`);
    try {
      const size = extractZip(bytes, folder, max, label);
      return { sha256: createHash('sha256').update(bytes).digest('base64'), size };
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      if (error instanceof ZipError) invalid(`Could not unzip the uploaded file: ${error.message}`);
      throw error;
    }
  }
}
