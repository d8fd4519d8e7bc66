// Every lab's Ruby starter and solution, graded as `npm run lab` grades them (lab-suite.ts).

import { describeLabsIn } from './lab-suite.ts';

await describeLabsIn('ruby');
