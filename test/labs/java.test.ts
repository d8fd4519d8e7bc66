// Every lab's Java starter and solution, graded as `npm run lab` grades them (lab-suite.ts).

import '../support/java-cache.ts';
import { describeLabsIn } from './lab-suite.ts';

await describeLabsIn('java');
