import { defineQuiz } from '../../src/components/quiz/quiz-schema.ts';

export default defineQuiz(import.meta.url, {
  questions: [
    {
      prompt: 'Your API\'s callers are your own services running with IAM roles. Which guard fits best?',
      options: [
        { text: 'IAM authorization: the callers sign their requests with their roles\' credentials.', correct: true, why: 'The callers already are AWS principals; IAM checks their signatures and policies with no code and no extra invocation.' },
        { text: 'A Lambda authorizer that checks a shared secret header.', why: 'It works, but adds an invocation and a secret to manage where IAM would check the callers\' own credentials for free.' },
        { text: 'A Cognito user pool authorizer.', why: 'User pools are for users who sign in; services with IAM roles have no user pool tokens.' },
      ],
    },
    {
      prompt: 'A TOKEN authorizer returns a policy with `Allow` on `.../prod/*/*` and `Deny` on `.../prod/DELETE/*`. What does `DELETE /orders/7` get?',
      options: [
        { text: 'The backend\'s answer: the Allow matches.', why: 'Both statements match, and in IAM policy evaluation an explicit Deny always wins over an Allow.' },
        { text: '403 with "User is not authorized to access this resource with an explicit deny".', correct: true, why: 'The Deny statement matches the DELETE method; an explicit Deny overrides any Allow.' },
        { text: '401 Unauthorized.', why: '401 means the caller was not identified (no token, or the function failed with "Unauthorized"). Here the authorizer knew the caller and denied the method: that is 403.' },
      ],
    },
    {
      prompt: 'Your authorizer throws an error with the message `Token expired`. What does the client receive?',
      options: [
        { text: '401 Unauthorized.', why: 'Only the exact message "Unauthorized" is turned into a 401; any other error is an authorizer failure.' },
        { text: '403 Forbidden.', why: 'A 403 comes from a policy that denies the request, not from an error.' },
        { text: '500: API Gateway treats it as a failure of the authorizer.', correct: true, why: 'An error other than "Unauthorized", like a timeout or a malformed policy, is answered with a 500.' },
      ],
    },
    {
      prompt: 'Behind a `{proxy+}` resource, an authorizer with the default cache allows exactly `event.methodArn`. `GET /orders/7` succeeds; `GET /orders/8` with the same token a second later fails. Why?',
      options: [
        { text: 'The cached policy, keyed by the token, is reused for /orders/8 and names only /orders/7, so no statement allows the new request: 403.', correct: true, why: 'The cache key is the token, not the method. Allow what the caller may do across the API (for example .../prod/GET/*) or turn caching off.' },
        { text: 'API Gateway invoked the authorizer again and it failed.', why: 'Within the TTL the authorizer is not invoked at all for the same token; that is the point of the cache.' },
        { text: 'Path parameters are not allowed in a methodArn.', why: 'The methodArn carries the path, parameters included, up to 1600 bytes.' },
      ],
    },
    {
      prompt: 'Where does a REST API backend behind a Lambda proxy integration find the `userId` that the authorizer put in its context?',
      options: [
        { text: 'In a header API Gateway adds, `x-amzn-authorizer-userId`.', why: 'API Gateway adds no such header; the context travels in the event.' },
        { text: 'In `event.requestContext.authorizer.userId`, beside `principalId`.', correct: true, why: 'With a proxy integration, the authorizer\'s principalId and context arrive in requestContext.authorizer.' },
        { text: 'Nowhere: the backend must parse the token again.', why: 'Passing checked values on is exactly what the context is for.' },
      ],
    },
  ],
});
