// Every lesson page teaches the same way: it opens with objectives, prerequisites and a time
// (LessonIntro), and ends with key takeaways and a check of understanding whose answers are data
// in content/quizzes/, validated like labs are.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defineQuiz, inlineParts, quizProblems, quizRules, type Quiz } from '../../src/components/quiz/quiz-schema.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const lessonsDir = join(root, 'content/lessons');
const quizzesDir = join(root, 'content/quizzes');

/** content/lessons/NN-slug.mdx, and the parts of a lesson split into a folder. */
const lessonPages = readdirSync(lessonsDir, { withFileTypes: true, recursive: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.mdx'))
  .map((entry) => join(entry.parentPath, entry.name))
  .sort();
const quizFiles = readdirSync(quizzesDir).filter((file) => file.endsWith('.ts')).sort();
const quizzes: Array<{ file: string; quiz: Quiz }> = await Promise.all(
  quizFiles.map(async (file) => ({ file, quiz: (await import(join(quizzesDir, file))).default as Quiz })),
);

describe('quizzes', () => {
  it('there is a quiz file for every lesson page', () => {
    expect(lessonPages.length).toBeGreaterThanOrEqual(7);
    expect(quizFiles.length).toBe(lessonPages.length);
  });

  for (const { file, quiz } of quizzes) {
    it(`${file} is valid: ${quizRules.minQuestions} to ${quizRules.maxQuestions} questions, one correct option each, every option explained`, () => {
      expect(quiz.file).toBe(`content/quizzes/${file}`);
      expect(quizProblems(quiz)).toEqual([]);
      for (const question of quiz.questions) {
        expect(question.options.filter((option) => option.correct === true)).toHaveLength(1);
        for (const option of question.options) expect(option.why.trim().length).toBeGreaterThan(20);
        // An unbalanced backtick would show half a sentence as code.
        for (const text of [question.prompt, ...question.options.flatMap((o) => [o.text, o.why])]) expect(text.split('`').length % 2, text).toBe(1);
      }
    });
  }

  it('no quiz always puts the right answer in the same place, where a learner would learn the place instead', () => {
    for (const { file, quiz } of quizzes) {
      const places = new Set(quiz.questions.map((question) => question.options.findIndex((option) => option.correct)));
      expect(places.size, file).toBeGreaterThan(1);
    }
  });

  it('refuses a quiz with two correct options, an unexplained option or too few questions, naming the file and the field', () => {
    const question = { prompt: 'Which?', options: [{ text: 'a', correct: true, why: 'because' }, { text: 'b', why: 'because not' }] };
    const bad = { questions: [question, question, { prompt: 'Two right?', options: [{ text: 'a', correct: true, why: 'x' }, { text: 'b', correct: true, why: '' }] }] };
    expect(() => defineQuiz('file:///course/content/quizzes/99-bad.ts', bad)).toThrow(
      /content\/quizzes\/99-bad\.ts: this quiz is not valid:[\s\S]*questions\[2\]\.options\[1\]\.why is missing or empty[\s\S]*questions\[2\] has 2 correct options; mark exactly one/,
    );
    expect(() => defineQuiz('file:///course/content/quizzes/99-bad.ts', { questions: [question] })).toThrow(/has 1 questions; a check of understanding has 3 to 5/);
  });

  it('shows `code` in quiz text as code', () => {
    expect(inlineParts('Call `context.getRemainingTimeInMillis()` first')).toEqual([
      { code: false, text: 'Call ' },
      { code: true, text: 'context.getRemainingTimeInMillis()' },
      { code: false, text: ' first' },
    ]);
  });
});

describe('lesson pages', () => {
  const used = new Map<string, string[]>();
  for (const page of lessonPages) {
    const name = relative(lessonsDir, page);
    const text = readFileSync(page, 'utf8');
    const frontmatter = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? '';
    const quizImport = [...text.matchAll(/^import (\w+) from '(?:\.\.\/)+quizzes\/([\w-]+\.ts)';$/gm)];
    for (const [, , file] of quizImport) used.set(file!, [...(used.get(file!) ?? []), name]);

    it(`${name} opens with objectives, prerequisites and a time`, () => {
      expect(frontmatter).toMatch(/^objectives:\n(  - .+\n)+/m);
      expect(frontmatter).toMatch(/^prerequisites:\n(  - .+\n)+/m);
      expect(frontmatter).toMatch(/^minutes: \d+$/m);
      expect(text).toMatch(/^<LessonIntro objectives=\{frontmatter\.objectives\} prerequisites=\{frontmatter\.prerequisites\} minutes=\{frontmatter\.minutes\} \/>$/m);
    });

    it(`${name} ends with key takeaways and its own check of understanding`, () => {
      expect(text).toMatch(/^## Key takeaways\n\n(- .+\n)+/m);
      expect(quizImport).toHaveLength(1);
      const [, variable] = quizImport[0]!;
      expect(text).toMatch(new RegExp(`^## Check your understanding\\n\\n[\\s\\S]*<Quiz quiz=\\{${variable}\\} />`, 'm'));
      expect(text.indexOf('## Key takeaways')).toBeLessThan(text.indexOf('## Check your understanding'));
    });
  }

  it('uses every quiz on exactly one page', () => {
    for (const file of quizFiles) expect(used.get(file), file).toHaveLength(1);
  });
});

describe('lesson 4.1\'s ciphertext sample', () => {
  it('looks like what `npm run encrypt` prints for the same secret', () => {
    const keys = mkdtempSync(join(tmpdir(), 'dojo-lesson-key-'));
    try {
      const printed = execFileSync(process.execPath, [join(root, 'src/cli/main.ts'), 'encrypt', 'my-api-key'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, LAMBDA_DOJO_KEY_FILE: join(keys, 'key') },
      }).trim();
      const lesson = readFileSync(join(lessonsDir, '04-configuration/1-environment-variables.mdx'), 'utf8');
      expect(lesson).toContain("npm run -s encrypt -- 'my-api-key'");
      const sample = /```text title="output"\n(.+)\n```/.exec(lesson)?.[1];
      expect(sample, 'the lesson shows the output of the encrypt command').toBeDefined();
      expect(printed).toMatch(/^[A-Za-z0-9+/]+=*$/);
      // Same length and the same leading version byte; the rest is random on every run.
      expect(sample!.length).toBe(printed.length);
      expect(sample![0]).toBe(printed[0]);
      expect(lesson).toContain(`"API_KEY": "${sample!.slice(0, 8)}..."`);
    } finally {
      rmSync(keys, { recursive: true, force: true });
    }
  });
});

describe('lab READMEs', () => {
  const labsDir = join(root, 'labs');
  const readmes = readdirSync(labsDir).filter((folder) => /^\d\d-/.test(folder)).sort();
  for (const folder of readmes) {
    it(`${folder}/README.md has a "Try it" section with an exact command for this lab`, () => {
      const number = Number.parseInt(folder, 10);
      const text = readFileSync(join(labsDir, folder, 'README.md'), 'utf8');
      const tryIt = /^#{2,3} Try it[^\n]*\n([\s\S]*?)(?=^#{2,3} |(?![\s\S]))/m.exec(text)?.[1];
      expect(tryIt, 'a "## Try it" section').toBeDefined();
      const commands = [...tryIt!.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) => block[1]!.trim().split('\n'));
      expect(commands.length).toBeGreaterThan(0);
      for (const command of commands) {
        expect(command).toMatch(new RegExp(`^npm run lab ${number} -- --invoke '\\{.*\\}'( --repeat \\d+)?$`));
        JSON.parse(/--invoke '(.*)'/.exec(command)![1]!);
      }
      // The older form needed the runtime and handler by hand; --invoke knows them from lab.ts.
      expect(text).not.toMatch(/npm run -s invoke -- workspace\//);
    });
  }
});

describe('labs and lesson pages', () => {
  it('every lab is listed by exactly one page of the lesson its lab.ts names, and every listed lab exists', async () => {
    const labsDir = join(root, 'labs');
    const labs = await Promise.all(
      readdirSync(labsDir).filter((folder) => /^\d\d-/.test(folder)).map(async (folder) => (await import(join(labsDir, folder, 'lab.ts'))).default as { number: number; lesson: number }),
    );
    const listing = lessonPages.map((page) => ({
      page: relative(lessonsDir, page),
      lesson: Number.parseInt(relative(lessonsDir, page), 10),
      labs: (/^labs: \[([\d, ]*)\]$/m.exec(readFileSync(page, 'utf8'))?.[1] ?? '').split(',').filter((n) => n.trim() !== '').map(Number),
    }));
    for (const lab of labs) {
      const pages = listing.filter((entry) => entry.labs.includes(lab.number));
      expect(pages.map((entry) => entry.page), `lab ${lab.number}`).toHaveLength(1);
      expect(pages[0]!.lesson, `lab ${lab.number} practises lesson ${lab.lesson}`).toBe(lab.lesson);
    }
    const numbers = new Set(labs.map((lab) => lab.number));
    for (const entry of listing) for (const number of entry.labs) expect(numbers.has(number), `${entry.page} lists lab ${number}`).toBe(true);
  });
});

describe('references from labs to lessons', () => {
  /** Every page title and heading of lesson N, lower-cased, from its page or its folder of parts. */
  const namesOfLesson = (lesson: number): Set<string> => {
    const names = new Set<string>();
    for (const page of lessonPages.filter((p) => Number.parseInt(relative(lessonsDir, p), 10) === lesson)) {
      const text = readFileSync(page, 'utf8');
      const title = /^title: (.+)$/m.exec(text)?.[1];
      if (title) names.add(title.toLowerCase());
      for (const [, heading] of text.matchAll(/^#{2,3} (.+)$/gm)) names.add(heading!.toLowerCase());
    }
    return names;
  };

  it('every "Lesson N, Title: Section." in a lab names a page or heading that lesson has', () => {
    const labsDir = join(root, 'labs');
    const missing: string[] = [];
    let found = 0;
    for (const folder of readdirSync(labsDir).filter((f) => /^\d\d-/.test(f))) {
      for (const file of ['lab.ts', 'README.md']) {
        let text: string;
        try {
          text = readFileSync(join(labsDir, folder, file), 'utf8');
        } catch {
          continue;
        }
        for (const [reference, number, rest] of text.matchAll(/Lesson (\d+), ([^'"`\n]+?)\.(?=\s|['"`]|$)/g)) {
          const section = rest!.includes(': ') ? rest!.slice(rest!.indexOf(': ') + 2) : rest!;
          found += 1;
          if (!namesOfLesson(Number(number)).has(section.toLowerCase())) missing.push(`${folder}/${file}: ${reference}`);
        }
      }
    }
    expect(found).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
