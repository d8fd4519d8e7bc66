// The conformance behaviours (behaviours.ts) against the Ruby runtime.

import { conformanceOf } from './behaviours.ts';

conformanceOf('ruby');
