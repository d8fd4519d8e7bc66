// The conformance behaviours (behaviours.ts) against the C# (Mono) runtime.

import { conformanceOf } from './behaviours.ts';

conformanceOf('dotnet');
