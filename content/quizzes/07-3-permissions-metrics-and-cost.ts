import { defineQuiz } from '../../src/components/quiz/quiz-schema.ts';

export default defineQuiz(import.meta.url, {
  questions: [
    {
      prompt: 'A function only writes items to the table `orders`. Which statement belongs in its execution role?',
      options: [
        { text: '`dynamodb:*` on `*`, so it never fails for lack of a permission.', why: 'That lets a bug, or anyone holding the function\'s credentials, delete any table in the account.' },
        { text: '`dynamodb:PutItem` on the ARN of the `orders` table.', correct: true, why: 'Least privilege: the one action the code uses, on the one resource it uses.' },
        { text: 'None: Lambda functions may call DynamoDB by default.', why: 'A function may call only what its execution role allows; the basic role allows writing logs, nothing more.' },
      ],
    },
    {
      prompt: 'How should a function publish a custom metric such as `OrdersPlaced`?',
      options: [
        { text: 'Call `PutMetricData` in the handler on every invocation.', why: 'That adds a network round trip and a cost to every invocation; AWS advises against creating metrics from within function code.' },
        { text: 'Count in a module variable and publish when the environment shuts down.', why: 'Shutdown is not guaranteed to run your code, and each environment would count only its own invocations.' },
        { text: 'Print an embedded metric format JSON line to standard output; CloudWatch Logs extracts the metric.', correct: true, why: 'Lambda delivers standard output to CloudWatch Logs, which turns embedded metric format lines into metrics with no call from your code.' },
      ],
    },
    {
      prompt: 'Which alarm warns you before invocations start to time out?',
      options: [
        { text: '`Duration` (p99) above a fraction of the function\'s timeout.', correct: true, why: 'Durations creep towards the timeout before they cross it; the alarm fires while there is still time.' },
        { text: '`Invocations` above zero.', why: 'That fires whenever the function is used at all.' },
        { text: '`DeadLetterErrors` above zero.', why: 'That counts events that could not be sent to the dead-letter queue, not slow invocations.' },
      ],
    },
    {
      prompt: 'A function runs 1 million times a month at 1,024 MB for 100 ms billed each. Roughly how many GB-seconds is that?',
      options: [
        { text: '100,000 GB-seconds: 1 GB times 0.1 s, a million times.', correct: true, why: 'GB-seconds are memory in GB times billed seconds: 1 × 0.1 × 1,000,000.' },
        { text: '1,024,000 GB-seconds.', why: 'That multiplies megabytes, not gigabytes, and forgets that 100 ms is a tenth of a second.' },
        { text: '1,000,000 GB-seconds: one per request.', why: 'Requests are billed apart; compute depends on memory and duration.' },
      ],
    },
  ],
});
