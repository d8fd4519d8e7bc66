import { fileURLToPath } from 'node:url';

/** The folder of one runtime family's fixture functions. */
export const fixtures = (family: string) => fileURLToPath(new URL(`../fixtures/${family}/`, import.meta.url));
