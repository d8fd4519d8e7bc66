// Lab 7: layer order and limits.
// Every dojo-* package here comes from a layer that function.json lists. Lambda extracts the
// layers into /opt one after another, in the order listed: where two layers hold the same
// file, the function sees the copy from the layer extracted last.
// (Layer packages are loaded with require, which reads NODE_PATH; see lab 6.)
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const format = require('dojo-format');
const names = ['currency', 'text', 'slug', 'time', 'ids'];
const helpers = Object.fromEntries(names.map((name) => [name, require(`dojo-${name}`).VERSION]));

export const handler = async (event) => {
  const price = format.money(event?.cents ?? 0, event?.currency ?? 'EUR');
  console.log(`Formatted ${price} with dojo-format ${format.VERSION}; helpers ${JSON.stringify(helpers)}`);
  return { price, formatVersion: format.VERSION, helpers };
};
