import { defineQuiz } from '../../src/components/quiz/quiz-schema.ts';

export default defineQuiz(import.meta.url, {
  questions: [
    {
      prompt: 'A cold start logs `Duration: 3.40 ms` and `Init Duration: 180.25 ms`. What does REPORT show as Billed Duration today?',
      options: [
        { text: '4 ms', why: 'That is the Duration alone, rounded up: how cold starts of managed runtimes were billed before 1 August 2025. Since then Init is billed too.' },
        { text: '200 ms', why: 'Lambda rounded up to 100 ms only until December 2020; it rounds to the next millisecond now.' },
        { text: '184 ms', correct: true, why: 'Billed Duration on a cold start is Duration plus Init Duration, rounded up to the next millisecond: 3.40 + 180.25 = 183.65, billed as 184 ms.' },
      ],
    },
    {
      prompt: 'A handler increments a global counter on each invocation. Invoked three times in a row, it returns 1, 2, 3. Why?',
      options: [
        { text: 'Lambda stores global variables between invocations in a database.', why: 'Nothing is stored: the same execution environment, with its memory, was thawed and reused.' },
        { text: 'The same execution environment was reused (warm starts), and globals are set once, during Init.', correct: true, why: 'Init runs once per environment; a warm start calls the handler again in the same process. Reuse is likely but never guaranteed, so use it only as a cache.' },
        { text: 'Each invocation gets a new environment that copies the previous one.', why: 'A new environment starts cold and runs Init again: the counter would start over at 1.' },
      ],
    },
    {
      prompt: 'Where should a function create its SDK client, and why?',
      options: [
        { text: 'Inside the handler, so that every invocation gets a fresh one.', why: 'That repeats the work on every invocation, and pays for it every time, while a warm environment could have reused the client.' },
        { text: 'In a shutdown hook, so that it is ready for the next environment.', why: 'Nothing survives an environment, and code gets little or no time at shutdown.' },
        { text: 'Outside the handler, during Init, so that warm invocations reuse it.', correct: true, why: 'Init runs once per execution environment; everything it creates stays in memory for later invocations in that environment.' },
      ],
    },
    {
      prompt: 'A function works through a list and sometimes hits its timeout. What should it do?',
      options: [
        { text: 'Before each item, check the time left in the context and stop with a partial answer while there is still a margin.', correct: true, why: 'The context knows the deadline (getRemainingTimeInMillis, RemainingTime, ctx.Deadline()); stopping early lets the caller learn what is done and send the rest again.' },
        { text: 'Catch the timeout error in the handler and return a partial result.', why: 'The timeout is not an error your code can catch: Lambda stops the invocation from outside and discards the environment.' },
        { text: 'Set the timeout to the maximum, 900 seconds, for every function.', why: 'A long timeout only moves the problem and makes a stuck invocation cost more; the work still has to fit, and a synchronous caller rarely waits that long.' },
      ],
    },
  ],
});
