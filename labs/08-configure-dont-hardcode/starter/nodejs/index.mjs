// Lab 8: configure, don't hardcode.
// This function's settings are written into its code: moving it to another table or stage
// means changing the code, and everyone who can read the code (or the log) has the API key.
// Its function.json already sets TABLE_NAME, STAGE and DISCOUNTS_ENABLED.

import { createHash } from 'node:crypto';

// Your code here: read these from the environment, and the API key from the encrypted
// variable API_KEY, decrypted once, at init.
const tableName = 'orders-dev';
const stage = 'dev';
const discountsEnabled = false;
const apiKey = 'dojo-demo-key-8c41f0e2';

console.log(`Starting: table=${tableName} stage=${stage} discounts=${discountsEnabled} apiKey=${apiKey}`);

export const handler = async (event, context) => {
  // A short fingerprint tells keys apart without showing them: the first 12 hex digits of the SHA-256.
  const apiKeyFingerprint = createHash('sha256').update(apiKey).digest('hex').slice(0, 12);
  return { table: tableName, stage, discounts: discountsEnabled, apiKeyFingerprint };
};
