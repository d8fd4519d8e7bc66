import { createRequire } from 'node:module';

// The helper lives on NODE_PATH, which require() searches and,
// in this course's runtime, an ES import does not.
const require = createRequire(import.meta.url);
const { decrypt } = require('lambda-dojo-kms');

// Top-level await runs during Init: once per execution environment.
const apiKey = await decrypt(process.env.API_KEY);

export const handler = async () => ({ keyLength: apiKey.length });
