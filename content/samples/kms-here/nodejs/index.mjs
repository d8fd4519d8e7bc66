// The AWS SDK v3 that the Node.js runtime includes: here the client finds the local key
// service in AWS_ENDPOINT_URL_KMS, on AWS it reaches KMS itself.
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';

// Top-level await runs during Init: once per execution environment.
const kms = new KMSClient({});
const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(process.env.API_KEY, 'base64') }));
const apiKey = Buffer.from(Plaintext).toString('utf8');

export const handler = async () => ({ keyLength: apiKey.length });
