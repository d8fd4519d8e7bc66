import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

// The runtime's KMS helper is a CommonJS package on NODE_PATH, which ES imports do not search.
const { decrypt } = createRequire(import.meta.url)('lambda-dojo-kms');

// Settings come from the configuration, read once per execution environment: a changed
// configuration starts new environments.
const tableName = process.env.TABLE_NAME;
const stage = process.env.STAGE;
const discountsEnabled = process.env.DISCOUNTS_ENABLED === 'true';

// Top-level await: the module, and so the init phase, finishes only once KMS has answered.
// One Decrypt call per environment; the plain key stays in memory only.
const apiKey = await decrypt(process.env.API_KEY);
const apiKeyFingerprint = createHash('sha256').update(apiKey).digest('hex').slice(0, 12);

console.log(`Starting: table=${tableName} stage=${stage} discounts=${discountsEnabled} apiKey fingerprint=${apiKeyFingerprint}`);

export const handler = async (event, context) => {
  return { table: tableName, stage, discounts: discountsEnabled, apiKeyFingerprint };
};
