// The conformance behaviours (behaviours.ts) against the Java runtime.

import { conformanceOf } from './behaviours.ts';

conformanceOf('java');
