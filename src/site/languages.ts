// How the site names each lab language: the id is what `npm run lab N -- --lang <id>` takes.
import type { Language } from '../grader/lab-types.ts';

export const languageNames: Record<Language, string> = {
  nodejs: 'Node.js',
  python: 'Python',
  java: 'Java',
  dotnet: 'C# (.NET)',
  go: 'Go',
  ruby: 'Ruby',
  provided: 'Custom runtime (provided)',
};
