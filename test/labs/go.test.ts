// Every lab's Go starter and solution, graded as `npm run lab` grades them (lab-suite.ts).

import '../support/go-cache.ts';
import { describeLabsIn } from './lab-suite.ts';

await describeLabsIn('go');
