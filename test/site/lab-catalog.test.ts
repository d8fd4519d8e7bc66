// How the site pairs labs with lesson pages when a lesson is split into parts.
import { describe, expect, it } from 'vitest';
import { lessonIdFor, lessonPageFor, lessonTitle } from '../../src/site/lesson-pages.ts';

const docs = [
  { id: 'lessons/02-handlers/2-context', data: { labs: [4] } },
  { id: 'lessons/01-functions', data: { labs: [1, 2] } },
  { id: 'lessons/02-handlers/1-event-and-response', data: { labs: [3] } },
  { id: 'lessons/02-handlers/3-custom-runtimes', data: {} },
];
const lab = (number: number, lesson: number) => ({ number, lesson });

describe('lab catalogue and lessons', () => {
  it('takes a split lesson\'s first part as the lesson, whatever order the pages come in', () => {
    expect(lessonIdFor(2, docs.map((d) => d.id))).toBe('lessons/02-handlers/1-event-and-response');
    expect(lessonIdFor(1, docs.map((d) => d.id))).toBe('lessons/01-functions');
    expect(lessonIdFor(7, docs.map((d) => d.id))).toBeUndefined();
  });

  it('links a lab to the part that lists it, else to the lesson\'s first part', () => {
    expect(lessonPageFor(lab(4, 2), docs)?.id).toBe('lessons/02-handlers/2-context');
    expect(lessonPageFor(lab(5, 2), docs)?.id).toBe('lessons/02-handlers/1-event-and-response');
  });

  it('names a split lesson by its folder and any other by its title', () => {
    expect(lessonTitle('lessons/02-handlers/1-event-and-response', 'Event in, response out')).toBe('Handlers');
    expect(lessonTitle('lessons/01-functions', 'Functions')).toBe('Functions');
  });
});
