// The course's decrypt helper lives on NODE_PATH, where an ES import finds it,
// as Lambda's Node.js runtimes find packages in layers.
import { decrypt } from 'lambda-dojo-kms';

// Top-level await runs during Init: once per execution environment.
const apiKey = await decrypt(process.env.API_KEY);

export const handler = async () => ({ keyLength: apiKey.length });
