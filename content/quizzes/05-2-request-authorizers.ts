import { defineQuiz } from '../../src/components/quiz/quiz-schema.ts';

export default defineQuiz(import.meta.url, {
  questions: [
    {
      prompt: 'A REQUEST authorizer has the identity sources `$request.header.X-Api-Key` and `$request.querystring.device`. A client sends the header but no `device`. What happens?',
      options: [
        { text: 'The authorizer runs with `device` missing from the event, and decides.', why: 'API Gateway checks the identity sources before it calls the function: a missing one never reaches your code.' },
        { text: 'API Gateway answers 401 Unauthorized without invoking the authorizer.', correct: true, why: 'Every identity source must be present and not empty; otherwise the answer is 401 and no invocation is made (or billed).' },
        { text: 'API Gateway answers 403 Forbidden.', why: '403 comes from a decision (a Deny, or isAuthorized false); a missing identity source is a 401, before any decision.' },
      ],
    },
    {
      prompt: 'A backend behind an HTTP API (payload format 2.0) reads `userId` from `requestContext.authorizer` and always gets nothing, though the authorizer returns `context: { userId }`. Why?',
      options: [
        { text: 'HTTP APIs drop the authorizer\'s context.', why: 'They pass it on, one level deeper.' },
        { text: 'Behind an HTTP API the context is one level deeper, in `authorizer.lambda`.', correct: true, why: 'HTTP APIs keep a Lambda authorizer\'s context under authorizer.lambda, beside jwt and iam; code written for a REST API looks one level too high.' },
        { text: 'Context values must be numbers.', why: 'Strings, numbers and booleans are all allowed.' },
      ],
    },
    {
      prompt: 'Why can a WebSocket API not use a TOKEN authorizer?',
      options: [
        { text: 'WebSocket APIs support only REQUEST authorizers, and only on the `$connect` route.', correct: true, why: 'That is API Gateway\'s rule; a REQUEST authorizer can also read a query string parameter, which a browser can send where it cannot set headers.' },
        { text: 'A TOKEN authorizer would run for every message, which is too slow.', why: 'No authorizer runs per message: only the connection is authorized.' },
        { text: 'WebSocket connections carry no headers at all.', why: 'The handshake is an HTTP request with headers; browsers just do not let code add its own.' },
      ],
    },
    {
      prompt: 'An HTTP API authorizer with simple responses allows admins everywhere and others only on `GET /orders`. With caching on, a non-admin who called `GET /orders` first can now call `DELETE /orders/7`. What fixes it?',
      options: [
        { text: 'Return isAuthorized false more often.', why: 'The decision for GET /orders was right; the trouble is that it was reused for another route.' },
        { text: 'Add `$context.routeKey` to the identity sources (or turn the cache off), so each route gets its own decision.', correct: true, why: 'By default the cached answer serves every route with the same identity sources; the route key in the cache key separates them.' },
        { text: 'Raise the TTL to 3600 seconds.', why: 'A longer TTL keeps the wrong reuse going longer.' },
      ],
    },
  ],
});
