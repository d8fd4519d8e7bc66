// Progress on every page when the course runs locally: a ✓ beside each passed lab (sidebar,
// labs index), the course total on the home page. A static build has no server: nothing shows.

import type { Language } from '../../grader/lab-types.ts';
import { languageNames } from '../languages.ts';
import { courseState, type CourseState } from './course-client.ts';

function mark(link: Element, passed: boolean): void {
  const existing = link.querySelector('.lab-passed');
  if (!passed) return existing?.remove();
  if (existing) return;
  const tick = document.createElement('span');
  tick.className = 'lab-passed';
  tick.innerHTML = '<span aria-hidden="true"> ✓</span><span class="sr-only"> (passed)</span>';
  link.append(tick);
}

export function showProgress(state: CourseState): void {
  for (const lab of state.labs) {
    const href = `/labs/${lab.slug}/`;
    for (const link of document.querySelectorAll(`nav a[href="${href}"], .labs-index a[href="${href}"]`)) mark(link, lab.passed);
  }
  const total = document.querySelector<HTMLElement>('[data-course-total]');
  if (total) {
    const languages = Object.entries(state.total.byLanguage).map(([language, t]) => `${t.passed} of ${t.offered} in ${languageNames[language as Language] ?? language}`);
    const next = state.labs.find((lab) => !lab.passed);
    total.querySelector('[data-total-text]')!.textContent =
      `You have passed ${state.total.passed} of ${state.total.labs} labs${languages.length ? ` (${languages.join(', ')})` : ''}.`;
    const link = total.querySelector<HTMLAnchorElement>('[data-total-next]')!;
    if (next) {
      link.href = `/labs/${next.slug}/`;
      link.textContent = `Next: lab ${next.number}, ${next.title}`;
    }
    link.hidden = !next;
    total.hidden = false;
  }
}

courseState().then(({ state }) => state && showProgress(state));
