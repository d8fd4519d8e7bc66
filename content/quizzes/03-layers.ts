import { defineQuiz } from '../../src/components/quiz/quiz-schema.ts';

export default defineQuiz(import.meta.url, {
  questions: [
    {
      prompt: 'A function lists layers `[defaults, overrides]`, and both contain `config/settings.json`. Which copy does the function read at `/opt/config/settings.json`?',
      options: [
        { text: 'The one from `defaults`', why: 'Layers are extracted in the order of the list, so the later layer\'s copy replaces the earlier one\'s.' },
        { text: 'The one from `overrides`', correct: true, why: 'overrides is extracted after defaults, and its file replaces the earlier copy. Swap the list and the defaults win.' },
        { text: 'Neither: Lambda refuses two layers with the same file.', why: 'Lambda does not compare the files of layers; nothing warns you about a replaced file.' },
      ],
    },
    {
      prompt: 'A layer was published with `CompatibleRuntimes: ["python3.14"]`. You attach it to a `nodejs24.x` function. What does Lambda do?',
      options: [
        { text: 'Attaches it: compatible runtimes only filter ListLayers and ListLayerVersions.', correct: true, why: 'The list helps you find layers that fit; whether the layer\'s files are useful to the function is up to you.' },
        { text: 'Refuses the configuration with `InvalidParameterValueException`.', why: 'Lambda does not check compatible runtimes when you attach a layer.' },
        { text: 'Attaches it but skips extracting it into `/opt`.', why: 'Every attached layer is extracted into /opt, whatever runtimes it lists.' },
      ],
    },
    {
      prompt: 'You publish version 4 of a layer that fixes a bug. A function uses version 3. What changes for the function?',
      options: [
        { text: 'Its next cold start picks up version 4.', why: 'Layer version ARNs end in the version number, and the function keeps the one it names.' },
        { text: 'Version 3 is deleted, so the function fails.', why: 'Publishing a version deletes nothing; old versions stay until you delete them.' },
        { text: 'Nothing, until you update the function\'s `Layers` to the version 4 ARN.', correct: true, why: 'A function refers to one exact, immutable layer version; publishing a new one changes no function.' },
      ],
    },
    {
      prompt: 'Where should a Python layer put a module `greeting.py` so that `import greeting` finds it?',
      options: [
        { text: '`greeting.py` at the root of the .zip', why: 'It would land at /opt/greeting.py, and /opt itself is not on the module search path.' },
        { text: '`python/greeting.py`', correct: true, why: '/opt/python is on sys.path (as is python/lib/python3.x/site-packages for one version).' },
        { text: '`lib/greeting.py`', why: '/opt/lib is for shared libraries (.so files), found through LD_LIBRARY_PATH, not Python modules.' },
      ],
    },
  ],
});
