// The conformance behaviours (behaviours.ts) against the Node.js runtime.

import { conformanceOf } from './behaviours.ts';

conformanceOf('nodejs');
