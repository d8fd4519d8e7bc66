import { defineQuiz } from '../../src/components/quiz/quiz-schema.ts';

export default defineQuiz(import.meta.url, {
  questions: [
    {
      prompt: 'You change the memory of `$LATEST` after publishing version 3. What does version 3 run with?',
      options: [
        { text: 'The new memory size', why: 'A published version keeps the configuration it was published with; only $LATEST changed.' },
        { text: 'Version 3 is deleted and replaced.', why: 'Changing $LATEST never touches published versions.' },
        { text: 'The memory size it was published with', correct: true, why: 'Publishing copies code and configuration into an immutable version. Publish version 4 to release the change.' },
      ],
    },
    {
      prompt: 'You call PublishVersion twice, with no change to `$LATEST` in between. What happens the second time?',
      options: [
        { text: 'A new, identical version is created.', why: 'Lambda does not publish a version when code and configuration have not changed since the last one.' },
        { text: 'No new version is created.', correct: true, why: 'PublishVersion creates a version only when $LATEST differs from the last published version.' },
        { text: 'The call fails and deletes the last version.', why: 'Nothing is deleted by PublishVersion.' },
      ],
    },
    {
      prompt: 'The alias `live` points to version 1 with `AdditionalVersionWeights` `{"2": 0.1}`. You invoke `live` ten times. How many invocations run version 2?',
      options: [
        { text: 'Exactly one', why: 'Lambda picks a version at random for each invocation; the weight is a probability, not a quota.' },
        { text: 'None until version 2 has been warmed up', why: 'Routing does not wait for warm environments: a version with no environment gets a cold start.' },
        { text: 'About one on average, but any number from 0 to 10 is possible', correct: true, why: 'Each invocation goes to version 2 with probability 0.1; over few invocations the real split can be far from the weight.' },
      ],
    },
    {
      prompt: 'Invoked through `orders:live`, how does the function know which version is running?',
      options: [
        { text: 'From the function version in the context (also `AWS_LAMBDA_FUNCTION_VERSION`)', correct: true, why: 'The context reports the version that ran; the caller sees it as ExecutedVersion, and the START line names it too.' },
        { text: 'From the invoked function ARN', why: 'The invoked ARN keeps the name the caller used, ending in :live; it does not name the version.' },
        { text: 'It cannot know; only the caller can.', why: 'The function knows both facts: the version from the context, and the alias from the invoked ARN.' },
      ],
    },
  ],
});
