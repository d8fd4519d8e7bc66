// Every runtime family the suite knows runs the conformance behaviours from a file of its own.

import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runtimeFamilies } from '../support/runtimes.ts';

it('has a behaviours file for every runtime family', () => {
  const files = readdirSync(fileURLToPath(new URL('./', import.meta.url)));
  for (const family of runtimeFamilies) expect(files).toContain(`behaviours-${family}.test.ts`);
});
