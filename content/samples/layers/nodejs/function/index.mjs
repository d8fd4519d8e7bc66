import { createRequire } from 'node:module';

// The course's runtime finds layer packages through NODE_PATH, which
// require() searches and a bare ES import does not: hence createRequire.
const require = createRequire(import.meta.url);
const { greet } = require('greeting'); // loaded once, during Init

export const handler = async (event) => ({
  message: greet(event.name ?? 'world'),
});
