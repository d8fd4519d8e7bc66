// The conformance behaviours (behaviours.ts) against the Go (provided.al2023) runtime.

import { conformanceOf } from './behaviours.ts';

conformanceOf('go');
