import { defineQuiz } from '../../src/components/quiz/quiz-schema.ts';

export default defineQuiz(import.meta.url, {
  questions: [
    {
      prompt: 'A function needs `TABLE_NAME` to do anything useful. Where and how should it read it?',
      options: [
        { text: 'Once during Init, failing right there with a message that names `TABLE_NAME` when it is missing.', correct: true, why: 'Init runs once per environment, and a clear failure there makes every invocation report the same fixable error.' },
        { text: 'In the handler, on every invocation, with a default of `"orders"` when it is missing.', why: 'A silent default runs the function against the wrong table; and reading on every invocation repeats work Init could do once.' },
        { text: 'From a constant in the code, changed before each deployment.', why: 'That ties the code to one place: every stage would need a code change, a test and a deployment.' },
      ],
    },
    {
      prompt: 'Which key does Lambda refuse in a function\'s environment variables?',
      options: [
        { text: '`LOG_LEVEL`', why: 'An ordinary key: a letter first, then letters, digits and underscores.' },
        { text: '`TZ`', why: 'TZ is set by Lambda but not reserved: you may override it, though you rarely should.' },
        { text: '`AWS_REGION`', correct: true, why: 'AWS_REGION is one of the reserved keys Lambda sets itself; a configuration that sets it is refused.' },
      ],
    },
    {
      prompt: 'For a database password or an API key, what does AWS recommend?',
      options: [
        { text: 'A plain environment variable: Lambda encrypts variables at rest.', why: 'Encryption at rest does not stop anyone who can read the function\'s configuration from seeing the value.' },
        { text: 'AWS Secrets Manager, read by the function, rather than an environment variable.', correct: true, why: 'The Developer Guide recommends Secrets Manager for database credentials and other secrets such as API keys and tokens; it can also rotate them.' },
        { text: 'Hardcoding it in the code, so it is not in the configuration.', why: 'Then it is in the package and the source, readable by anyone who can read either.' },
      ],
    },
    {
      prompt: 'A value was encrypted with the context `{"LambdaFunctionName": "orders"}`. Another function, `billing`, decrypts it with its own name as the context. What happens?',
      options: [
        { text: 'It decrypts: the context is only a label.', why: 'The context is authenticated data: Decrypt must repeat it exactly.' },
        { text: 'It decrypts to a different value.', why: 'Authenticated encryption never yields another plaintext: it either verifies and decrypts, or refuses.' },
        { text: 'Decrypt fails with `InvalidCiphertextException`.', correct: true, why: 'The context does not match the one used to encrypt, so KMS (and the course\'s key service) refuses. That is what binds a secret to one function.' },
      ],
    },
  ],
});
