import { defineQuiz } from '../../src/components/quiz/quiz-schema.ts';

export default defineQuiz(import.meta.url, {
  questions: [
    {
      prompt: 'A Python handler reads `event.get("drink", "coffee")`. It is invoked with `{}`. What does it get?',
      options: [
        { text: '`"coffee"`', correct: true, why: 'The event is whatever the caller sent, here an empty object; `get` falls back to the default. Every language has such a way to read a field that may be missing.' },
        { text: 'A `KeyError`', why: 'That is what `event["drink"]` would raise; `dict.get` with a default never raises for a missing key.' },
        { text: '`None`', why: 'get returns None only when no default is given; here the default is "coffee".' },
      ],
    },
    {
      prompt: 'A caller uses `Invoke` with `InvocationType: Event`, and the handler throws every time. What happens to the event by default?',
      options: [
        { text: 'The caller receives the error in the HTTP response.', why: 'The caller got HTTP 202 when Lambda queued the event, before the function ran; it never hears about the failure.' },
        { text: 'Lambda retries it until it succeeds.', why: 'Retries stop after two (configurable 0 to 2), or when the event is older than its maximum age (up to 6 hours).' },
        { text: 'Lambda retries it twice, then sends it to an on-failure destination or dead-letter queue if one is configured, and otherwise drops it.', correct: true, why: 'Asynchronous invocations are retried twice by default; after that the event goes to a destination or DLQ you configured, or is dropped (AsyncEventsDropped counts those).' },
      ],
    },
    {
      prompt: 'An asynchronous event failed for good. The function has both a dead-letter queue and an on-failure destination (two SQS queues). What does each queue receive?',
      options: [
        { text: 'Both receive the same invocation record, with the event and the error.', why: 'Only a destination receives the invocation record; a dead-letter queue gets the event itself, with the error only in its message attributes.' },
        { text: 'The dead-letter queue receives the event as it was sent, with RequestID, ErrorCode and ErrorMessage attributes; the destination receives an invocation record with the request context, the event and the response.', correct: true, why: 'That is the difference AWS documents: a dead-letter queue keeps the event for reprocessing, a destination gets a JSON record of what happened (condition, invoke count, requestPayload, responsePayload).' },
        { text: 'Only the destination receives something: a destination replaces the dead-letter queue.', why: 'A function can have both settings, and they are not the same thing: the dead-letter queue is part of the function\'s configuration, the destination of its asynchronous invocation settings, and each receives its own kind of message.' },
      ],
    },
    {
      prompt: 'What does `InvocationType: DryRun` do?',
      options: [
        { text: 'Runs the function without billing it.', why: 'The function does not run at all with DryRun.' },
        { text: 'Checks the parameters and the caller\'s permission, answers 204 and runs nothing.', correct: true, why: 'DryRun is a validation: it tells you whether the call would be allowed. The three ways a function runs are synchronous, asynchronous and event source mappings.' },
        { text: 'Runs the function on a copy of `$LATEST` that is thrown away afterwards.', why: 'No copy is made and no code runs; DryRun only validates the request.' },
      ],
    },
  ],
});
