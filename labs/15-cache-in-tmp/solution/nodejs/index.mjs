import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const assetUrl = process.env.ASSET_URL;

// /tmp belongs to the execution environment and outlives each invocation: the first invocation
// of an environment downloads the asset, every later one reads it from here.
const cachedFile = join(tmpdir(), basename(new URL(assetUrl).pathname));

async function rates() {
  if (!existsSync(cachedFile)) {
    const response = await fetch(assetUrl);
    if (!response.ok) throw new Error(`GET ${assetUrl}: ${response.status}`);
    // Written under another name first, so a half-written file is never taken for the asset.
    const partial = `${cachedFile}.partial`;
    await writeFile(partial, Buffer.from(await response.arrayBuffer()));
    await rename(partial, cachedFile);
  }
  return JSON.parse(await readFile(cachedFile, 'utf8'));
}

export const handler = async (event) => {
  const asset = await rates();
  return { country: event.country, ratePercent: asset.rates[event.country], assetVersion: asset.version, cachedFile };
};
