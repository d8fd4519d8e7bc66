import { defineQuiz } from '../../src/components/quiz/quiz-schema.ts';

export default defineQuiz(import.meta.url, {
  questions: [
    {
      prompt: 'A function has a 60-second timeout. Its queue has a 30-second visibility timeout. What happens when you create the event source mapping?',
      options: [
        { text: 'It is created, and messages are processed twice now and then.', why: 'Lambda checks this case itself: it does not create the mapping.' },
        { text: 'Lambda refuses it: the function timeout exceeds the queue\'s visibility timeout.', correct: true, why: 'Lambda validates the timeouts when you create or update the mapping. AWS recommends a visibility timeout of at least six times the function timeout.' },
        { text: 'Lambda raises the visibility timeout to 360 seconds for you.', why: 'Lambda does not change your queue; you set the visibility timeout.' },
      ],
    },
    {
      prompt: 'With `ReportBatchItemFailures` on, a function answers `{"batchItemFailures": []}` for a batch of ten. What does Lambda do?',
      options: [
        { text: 'Treats the whole batch as succeeded and deletes the ten messages.', correct: true, why: 'An empty list means no item failed.' },
        { text: 'Treats the whole batch as failed.', why: 'That happens for an empty or unknown itemIdentifier, invalid JSON or a thrown error, not for an empty list.' },
        { text: 'Retries the batch once to be sure.', why: 'Lambda takes the answer as it is: nothing failed, nothing is retried.' },
      ],
    },
    {
      prompt: 'A Kinesis stream has 4 shards and a backlog of a million records. The mapping has the default parallelization factor. How many invocations run at once?',
      options: [
        { text: 'Up to 1,000, as for a queue.', why: 'Streams do not scale like queues: the shard count bounds the concurrency.' },
        { text: 'One for the whole stream, to keep the order.', why: 'Order is kept per shard, not per stream: each shard has its own batch in flight.' },
        { text: 'At most 4: one batch per shard.', correct: true, why: 'Lambda polls each shard with at most one concurrent invocation by default; a parallelization factor of up to 10 raises that per shard.' },
      ],
    },
    {
      prompt: 'One record of a shard makes the function throw every time. Without retry limits or bisection, what happens to the records after it in that shard?',
      options: [
        { text: 'They wait: the shard is blocked until the record succeeds or expires.', correct: true, why: 'Stream batches are retried in order; a failing batch holds up its shard. IteratorAge grows while it does.' },
        { text: 'They are processed while the bad record is retried in the background.', why: 'That would break the order within the shard, which Lambda keeps.' },
        { text: 'They go to the on-failure destination.', why: 'The destination receives details of records Lambda gives up on, and only when one is configured.' },
      ],
    },
    {
      prompt: 'A function writes a message to the SQS queue that triggers it, for every message it receives. What does Lambda do, by default?',
      options: [
        { text: 'Nothing: loops are the application\'s business.', why: 'Lambda detects loops through SQS, SNS, S3 and direct invocations, and stops them by default.' },
        { text: 'After about 16 invocations in the same chain it stops the next one; the message goes on to the queue\'s dead-letter queue and RecursiveInvocationsDropped counts it.', correct: true, why: 'That is recursive loop detection with the default Terminate setting.' },
        { text: 'It deletes the queue.', why: 'Lambda never deletes your resources; it stops the invocation.' },
      ],
    },
  ],
});
