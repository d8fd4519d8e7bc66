import { createHash } from 'node:crypto';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';

// Settings come from the configuration, read once per execution environment: a changed
// configuration starts new environments.
const tableName = process.env.TABLE_NAME;
const stage = process.env.STAGE;
const discountsEnabled = process.env.DISCOUNTS_ENABLED === 'true';

// The AWS SDK v3 that the Node.js runtime includes: the client finds the region, the
// credentials and the KMS endpoint (AWS_ENDPOINT_URL_KMS here, KMS's own on AWS) in the
// function's environment. Top-level await: init, not the first invocation, waits for KMS.
// One Decrypt call per environment; the plain key stays in memory only.
const kms = new KMSClient({});
const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(process.env.API_KEY, 'base64') }));
const apiKey = Buffer.from(Plaintext).toString('utf8');
const apiKeyFingerprint = createHash('sha256').update(apiKey).digest('hex').slice(0, 12);

console.log(`Starting: table=${tableName} stage=${stage} discounts=${discountsEnabled} apiKey fingerprint=${apiKeyFingerprint}`);

export const handler = async (event, context) => {
  return { table: tableName, stage, discounts: discountsEnabled, apiKeyFingerprint };
};
