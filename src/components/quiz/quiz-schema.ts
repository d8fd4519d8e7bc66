// A lesson's check of understanding as data: content/quizzes/<page>.ts calls defineQuiz, which
// validates the quiz when it is imported, so a bad quiz stops `astro build` and the tests with a
// message that names the file, the field and the fix. Plain TypeScript: the tests load it
// without Astro.

export interface QuizOption {
  /** What the learner may choose. `code` in backticks is shown as code. */
  readonly text: string;
  /** Exactly one option of a question is correct. */
  readonly correct?: boolean;
  /** Why this option is right or wrong: shown for every option, not only the right one. */
  readonly why: string;
}

export interface QuizQuestion {
  readonly prompt: string;
  readonly options: readonly QuizOption[];
}

export interface Quiz {
  /** The file that defined it, for error messages and for the test that pairs quizzes with lessons. */
  readonly file: string;
  readonly questions: readonly QuizQuestion[];
}

export const quizRules = { minQuestions: 3, maxQuestions: 5, minOptions: 2, maxOptions: 5 } as const;

/** Every problem with a quiz, each naming the field and the fix; empty when the quiz is valid. */
export function quizProblems(value: unknown): string[] {
  const problems: string[] = [];
  const text = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  const questions = (value as { questions?: unknown } | null)?.questions;
  if (!Array.isArray(questions)) return ['questions must be a list of questions.'];
  const { minQuestions, maxQuestions, minOptions, maxOptions } = quizRules;
  if (questions.length < minQuestions || questions.length > maxQuestions) {
    problems.push(`questions has ${questions.length} questions; a check of understanding has ${minQuestions} to ${maxQuestions}.`);
  }
  questions.forEach((question: { prompt?: unknown; options?: unknown } | null, q) => {
    const at = `questions[${q}]`;
    if (!text(question?.prompt)) problems.push(`${at}.prompt is missing or empty: ask the question.`);
    const options = question?.options;
    if (!Array.isArray(options) || options.length < minOptions || options.length > maxOptions) {
      problems.push(`${at}.options must list ${minOptions} to ${maxOptions} options.`);
      return;
    }
    options.forEach((option: { text?: unknown; correct?: unknown; why?: unknown } | null, o) => {
      if (!text(option?.text)) problems.push(`${at}.options[${o}].text is missing or empty.`);
      if (!text(option?.why)) problems.push(`${at}.options[${o}].why is missing or empty: explain why this option is right or wrong.`);
      if (option?.correct !== undefined && typeof option.correct !== 'boolean') problems.push(`${at}.options[${o}].correct must be true or false.`);
    });
    const correct = options.filter((option: { correct?: unknown } | null) => option?.correct === true).length;
    if (correct !== 1) problems.push(`${at} has ${correct} correct options; mark exactly one with correct: true.`);
  });
  return problems;
}

/** Declares a quiz: `export default defineQuiz(import.meta.url, { questions: [...] })`. Throws when it is not valid. */
export function defineQuiz(fileUrl: string, quiz: Omit<Quiz, 'file'>): Quiz {
  const file = fileUrl.replace(/^.*\/(content\/quizzes\/)/, '$1');
  const problems = quizProblems(quiz);
  if (problems.length > 0) throw new Error(`${file}: this quiz is not valid:\n- ${problems.join('\n- ')}`);
  return { file, ...quiz };
}

/** Splits `code` spans out of a quiz text, so a component can show them as code without HTML in the data. */
export function inlineParts(text: string): Array<{ code: boolean; text: string }> {
  return text.split('`').map((part, index) => ({ code: index % 2 === 1, text: part })).filter((part) => part.text !== '');
}
