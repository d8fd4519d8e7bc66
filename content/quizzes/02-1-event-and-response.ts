import { defineQuiz } from '../../src/components/quiz/quiz-schema.ts';

export default defineQuiz(import.meta.url, {
  questions: [
    {
      prompt: 'A synchronous `Invoke` of a function whose handler threw comes back with which HTTP status?',
      options: [
        { text: '500', why: 'The Invoke call itself succeeded: Lambda ran the function and is reporting its result, so the status is not an error status.' },
        { text: '200, with the `X-Amz-Function-Error` header and an error object as the body', correct: true, why: 'A function error is reported inside a successful Invoke: check the header (FunctionError in the SDKs) before you trust the body.' },
        { text: '202', why: '202 is the answer to an asynchronous invocation (InvocationType: Event), given before the function runs.' },
      ],
    },
    {
      prompt: 'A C# handler returns an object with a property `Greeting`, and the assembly uses `DefaultLambdaJsonSerializer`. What name does the caller see?',
      options: [
        { text: '`greeting`', why: 'That is what CamelCaseLambdaJsonSerializer, or a [JsonPropertyName("greeting")] attribute, would write. Early versions of the library camel-cased by default; current ones do not.' },
        { text: '`GREETING`', why: 'No Lambda serializer upper-cases names.' },
        { text: '`Greeting`', correct: true, why: 'DefaultLambdaJsonSerializer writes property names as declared (its naming policy changes only a couple of AWS header names).' },
      ],
    },
    {
      prompt: 'The Ruby greeter raises `InvalidName`. What `errorType` does the caller get?',
      options: [
        { text: '`Function<InvalidName>`', correct: true, why: 'Ruby\'s runtime client names the phase and the class: Function<...> for the handler, Init<...> for errors while loading the file.' },
        { text: '`InvalidName`', why: 'That is what Node.js and Python report for an error class of that name; Ruby\'s runtime adds the phase.' },
        { text: '`Function<ArgumentError>`', why: 'ArgumentError would be the class only if the handler raised an ArgumentError; the errorType follows the class actually raised.' },
      ],
    },
    {
      prompt: 'A Node.js function\'s handler string is `index.handle`, but the file exports `handler`. When does it fail, and how?',
      options: [
        { text: 'When you save the configuration, with a validation error.', why: 'Lambda only checks the format of the handler string when you save it; it cannot know what your code exports.' },
        { text: 'When an invocation loads the code, with `Runtime.HandlerNotFound`.', correct: true, why: 'The file loads, but has no export of that name: the runtime reports Runtime.HandlerNotFound.' },
        { text: 'It never fails: Lambda calls the first function the file exports.', why: 'Lambda calls exactly the function the handler string names, nothing else.' },
      ],
    },
    {
      prompt: 'An API function receives a body that is not valid JSON. What should it do?',
      options: [
        { text: 'Return a response with status 400 and a message saying what is wrong.', correct: true, why: 'To Lambda that is a successful invocation; to the caller it is a clear answer they can act on.' },
        { text: 'Throw, so Lambda reports a function error.', why: 'The caller made the mistake, not the function: a function error hides that, counts in Errors, and behind API Gateway becomes a 502.' },
        { text: 'Return `null`.', why: 'The caller learns nothing, and API Gateway treats a null proxy response as malformed.' },
      ],
    },
  ],
});
