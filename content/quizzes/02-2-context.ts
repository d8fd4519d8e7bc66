import { defineQuiz } from '../../src/components/quiz/quiz-schema.ts';

export default defineQuiz(import.meta.url, {
  questions: [
    {
      prompt: 'Which of these is the same for every invocation that one execution environment serves?',
      options: [
        { text: 'The request id', why: 'Each invocation has its own request id; it arrives with the event in the Lambda-Runtime-Aws-Request-Id header.' },
        { text: 'The time left', why: 'The deadline is set per invocation, from the moment it starts plus the timeout.' },
        { text: 'The function\'s memory size', correct: true, why: 'Per-function facts (name, version, memory, log group and stream) come from environment variables set when the environment starts, such as AWS_LAMBDA_FUNCTION_MEMORY_SIZE.' },
      ],
    },
    {
      prompt: 'A function has a 5-second timeout. A handler asks for the time left as soon as it starts. About what does it get?',
      options: [
        { text: 'About 5,000 ms, a little less', correct: true, why: 'The deadline is the start of the invocation plus the timeout; a moment has passed by the time the handler asks.' },
        { text: '3,000 ms, the default timeout', why: 'The default (3 s) applies only to functions that set no timeout; this one set 5 s.' },
        { text: '900,000 ms, the maximum timeout', why: 'The time left follows the function\'s own timeout, not the quota.' },
      ],
    },
    {
      prompt: 'A function is invoked as `orders:live`, and the alias `live` points to version 3. What does the context report as the invoked function ARN?',
      options: [
        { text: 'The ARN ending in `:orders:3`', why: 'The version that ran is functionVersion; the invoked ARN keeps the name the caller used.' },
        { text: 'The ARN ending in `:orders:live`', correct: true, why: 'invokedFunctionArn is the ARN the caller used, alias included. Lesson 4 uses this to tell aliases apart.' },
        { text: 'The unqualified ARN ending in `:function:orders`', why: 'That is what a caller who named no version or alias would see.' },
      ],
    },
    {
      prompt: 'Why write a log line as one JSON object with a `requestId` field?',
      options: [
        { text: 'So that a log query can find every line of one request by a field, even when many invocations share a log group.', correct: true, why: 'Invocations interleave in the same log group; a field is something a query can filter on exactly.' },
        { text: 'Lambda refuses log lines that are not JSON.', why: 'Lambda accepts any text; JSON is a choice you make for your readers and tools.' },
        { text: 'So that the request id appears in the REPORT line.', why: 'Lambda already puts the request id in START, END and REPORT, whatever your code logs.' },
      ],
    },
  ],
});
