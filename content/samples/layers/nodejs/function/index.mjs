// Lambda's Node.js 18 and later resolve a bare import from a layer's nodejs/node_modules
// (the folders NODE_PATH names); so does the course's runtime.
import { greet } from 'greeting'; // loaded once, during Init

export const handler = async (event) => ({
  message: greet(event.name ?? 'world'),
});
