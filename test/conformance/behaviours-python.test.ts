// The conformance behaviours (behaviours.ts) against the Python runtime.

import { conformanceOf } from './behaviours.ts';

conformanceOf('python');
