import { defineQuiz } from '../../src/components/quiz/quiz-schema.ts';

export default defineQuiz(import.meta.url, {
  questions: [
    {
      prompt: 'Where does a custom runtime find the request id of the event it is handling?',
      options: [
        { text: 'In the `Lambda-Runtime-Aws-Request-Id` header of the `/runtime/invocation/next` answer', correct: true, why: 'Each event comes with headers; this one names the invocation, and the runtime puts it in the path of /response or /error.' },
        { text: 'In the environment variable `AWS_LAMBDA_REQUEST_ID`', why: 'There is no such variable: environment variables are set once per environment, and the request id changes with every event.' },
        { text: 'In the event body, under `requestId`', why: 'The body is the event exactly as the caller sent it; Lambda adds nothing to it.' },
      ],
    },
    {
      prompt: 'The handler fails on one event. What should the runtime do next?',
      options: [
        { text: 'Exit, so that Lambda starts a fresh environment.', why: 'Exiting turns a function error into a crashed runtime (Runtime.ExitError) and makes the next invocation a cold start.' },
        { text: 'Post an error object to `/runtime/invocation/{id}/error`, then go back to `/next`.', correct: true, why: 'A function error ends the invocation, not the runtime: report it and wait for the next event.' },
        { text: 'Post the error to `/runtime/init/error`.', why: '/init/error is for a runtime that could not get ready, before any event; an event\'s failure goes to that invocation\'s /error.' },
      ],
    },
    {
      prompt: 'A bootstrap posts `/response` and then prints a log line. What can happen to that line?',
      options: [
        { text: 'It may appear late, in the next invocation\'s log, or never.', correct: true, why: 'After the post, the environment may be frozen; write and flush logs before posting the result.' },
        { text: 'Nothing: Lambda waits for the process to be idle before it freezes it.', why: 'Lambda considers the invocation over as soon as the result is posted, and may freeze the environment right away.' },
        { text: 'Lambda refuses the response because output came after it.', why: 'Lambda does not check output timing; the line is simply at the mercy of the freeze.' },
      ],
    },
    {
      prompt: 'Which environment variable gives a custom runtime the address of the Runtime API?',
      options: [
        { text: '`_HANDLER`', why: '_HANDLER holds the function\'s handler string, which a custom runtime may interpret as it likes.' },
        { text: '`LAMBDA_TASK_ROOT`', why: 'LAMBDA_TASK_ROOT is the folder with the function\'s code, /var/task.' },
        { text: '`AWS_LAMBDA_RUNTIME_API`', correct: true, why: 'It holds a host and port; every path starts with /2018-06-01.' },
      ],
    },
  ],
});
