import { defineQuiz } from '../../src/components/quiz/quiz-schema.ts';

export default defineQuiz(import.meta.url, {
  questions: [
    {
      prompt: 'A distribution has a function on each of the four events. A viewer asks for `/logo.png`, which is in the cache and fresh. Which functions run?',
      options: [
        { text: 'All four', why: 'Origin request and origin response run only when CloudFront goes to the origin, which a fresh hit does not.' },
        { text: 'Viewer request and viewer response', correct: true, why: 'Viewer triggers run for every request, hit or miss; the origin triggers run on misses only.' },
        { text: 'Only viewer response', why: 'Viewer request runs before the cache lookup, for every request.' },
      ],
    },
    {
      prompt: 'To send phones to the mobile pages, a viewer-request function sets the `host` header to `m.example.com`. What does the phone get?',
      options: [
        { text: 'The mobile page', why: 'Host is read-only in viewer-request events: CloudFront does not accept the change.' },
        { text: '502 Bad Gateway, because Host is read-only in viewer requests', correct: true, why: 'Adding, changing or removing a read-only header fails validation. Change the uri (or, in an origin request, the origin) instead.' },
        { text: 'The desktop page: CloudFront ignores the change', why: 'CloudFront does not ignore it; the result fails validation and the viewer gets 502.' },
      ],
    },
    {
      prompt: 'Where should security headers such as `Strict-Transport-Security` be added, so they cost one invocation per cached object rather than one per viewer?',
      options: [
        { text: 'In an origin-response function', correct: true, why: 'It runs before CloudFront caches the answer, and the headers are stored with the object, so hits carry them without running it.' },
        { text: 'In a viewer-response function', why: 'That works, but it runs for every viewer, hits included, and not at all for origin errors of 400 or more.' },
        { text: 'In a viewer-request function', why: 'A request trigger changes the request; the response does not exist yet.' },
      ],
    },
    {
      prompt: 'A template associates `!GetAtt MyFunction.Arn` with a viewer-request event. What happens when the distribution is created?',
      options: [
        { text: 'CloudFront uses `$LATEST`, so each deploy takes effect at once.', why: 'CloudFront replicates an exact version worldwide and never takes $LATEST.' },
        { text: 'CloudFront refuses it: the ARN must end with a version number.', correct: true, why: 'InvalidLambdaFunctionAssociation: associate a numbered version, such as !Ref MyFunction.Version with AutoPublishAlias.' },
        { text: 'CloudFront publishes a version for you.', why: 'Publishing versions is up to you (SAM does it with AutoPublishAlias).' },
      ],
    },
    {
      prompt: 'A rewrite of URLs runs on millions of requests per second and needs no network and no library. Which fits best?',
      options: [
        { text: 'CloudFront Functions', correct: true, why: 'Sub-millisecond JavaScript on the viewer events, built for high-volume header and URL work, priced per request.' },
        { text: 'Lambda@Edge on origin request', why: 'An origin trigger runs on misses only, so it cannot rewrite every request before the cache.' },
        { text: 'Lambda@Edge with 1,024 MB of memory on viewer request', why: 'Viewer functions are limited to 128 MB; and for this work CloudFront Functions are cheaper and scale further.' },
      ],
    },
  ],
});
