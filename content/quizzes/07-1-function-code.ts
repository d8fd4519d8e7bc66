import { defineQuiz } from '../../src/components/quiz/quiz-schema.ts';

export default defineQuiz(import.meta.url, {
  questions: [
    {
      prompt: 'A function opens a database connection inside its handler. Three invocations reach the same warm environment. How many connections does it open?',
      options: [
        { text: 'One: Lambda reuses the connection because the environment is warm.', why: 'Lambda keeps what Init left in memory; a connection made in the handler is made again on every invocation.' },
        { text: 'Three: one per invocation, each paying the handshake again.', correct: true, why: 'The handler runs on every invocation, so everything in it runs three times. Made at Init, the connection would be opened once per environment.' },
        { text: 'None until the environment is frozen.', why: 'Freezing pauses the environment between invocations; it does not open connections.' },
      ],
    },
    {
      prompt: 'Which REPORT line field shows the cost of work done outside the handler?',
      options: [
        { text: '`Init Duration`, on the cold start only.', correct: true, why: 'Init runs once per environment; its time appears as Init Duration on the first invocation of that environment.' },
        { text: '`Duration`, on every invocation.', why: 'Duration measures the handler. Work moved to Init leaves it.' },
        { text: '`Billed Duration` of the last invocation of the environment.', why: 'Billed Duration is per invocation; on a cold start it includes Init, but Init is not charged to the last invocation.' },
      ],
    },
    {
      prompt: 'A function caches a 2 MB rate table in `/tmp`. Ten environments run at once. How many times is the table downloaded?',
      options: [
        { text: 'Once: `/tmp` is shared by the function\'s environments.', why: 'Each environment has its own /tmp; nothing is shared between them.' },
        { text: 'Ten times: once per environment, each with its own empty `/tmp`.', correct: true, why: '/tmp is a cache per environment: every new environment starts empty and downloads once.' },
        { text: 'Once per invocation, because `/tmp` is cleared after each one.', why: '/tmp survives between invocations of the same environment; that is what makes it a cache.' },
      ],
    },
    {
      prompt: 'What makes a function\'s pricing rules unit-testable without Lambda?',
      options: [
        { text: 'A test that builds a full event and a fake context for the handler.', why: 'That tests the rules through Lambda\'s shapes: the test needs Lambda\'s types and breaks when the handler uses the context.' },
        { text: 'Deploying to a test stage and invoking it.', why: 'That is an integration test: slow, and it needs Lambda.' },
        { text: 'A core that takes plain values and returns plain values, called by a thin handler.', correct: true, why: 'The core knows nothing of events or contexts, so a test calls it directly, in milliseconds, anywhere.' },
      ],
    },
    {
      prompt: 'A function suddenly runs thousands of invocations a minute because it feeds its own queue. What does AWS advise doing first?',
      options: [
        { text: 'Set its reserved concurrency to 0, which throttles every invocation while you fix the code.', correct: true, why: 'That is the Developer Guide\'s advice for unexpected invocation volume from recursive code.' },
        { text: 'Raise its memory so each invocation finishes sooner.', why: 'Faster invocations feed the loop faster; the loop continues.' },
        { text: 'Delete the `/tmp` cache.', why: '/tmp has nothing to do with a recursive loop.' },
      ],
    },
  ],
});
