// Lab 6: share code through a layer.
// dojo-format is the team's shared formatter. require() looks for it in the node_modules
// folders from this file's folder upwards, then in the folders NODE_PATH names: there
// Lambda puts layer code, /opt/nodejs/node_modules and /opt/nodejs/node24/node_modules.
// Here an ES import does not read NODE_PATH, so the module is loaded with a require made
// for this file (it works the same on Lambda).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const format = require('dojo-format');

export const handler = async (event) => {
  const price = format.money(event?.cents ?? 0, event?.currency ?? 'EUR');
  const formatPath = require.resolve('dojo-format');
  console.log(`Formatted ${price} with dojo-format ${format.VERSION} from ${formatPath}`);
  return { price, formatVersion: format.VERSION, formatPath };
};
