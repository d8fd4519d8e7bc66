// Every lab's Node.js starter and solution, graded as `npm run lab` grades them (lab-suite.ts).

import { describeLabsIn } from './lab-suite.ts';

await describeLabsIn('nodejs');
