// The conformance behaviours (behaviours.ts) against the custom (provided.al2) runtime.

import { conformanceOf } from './behaviours.ts';

conformanceOf('provided');
