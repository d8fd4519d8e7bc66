// The lab page's editor: CodeMirror 6 with the mode of the learner's language, loaded only
// when the course server answers (a static build never downloads it). Tab is left to the
// browser, so a keyboard user can leave the editor (Ctrl-] / Ctrl-[ indent instead).

import { basicSetup } from 'codemirror';
import { EditorState, Compartment } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { HighlightStyle, StreamLanguage, syntaxHighlighting, type LanguageSupport, type StreamParser } from '@codemirror/language';
import { tags } from '@lezer/highlight';

type Mode = LanguageSupport | StreamLanguage<unknown> | [];
const legacy = (parser: unknown) => StreamLanguage.define(parser as StreamParser<unknown>);

/**
 * The mode for a file, by its extension (a pom.xml is not Java). Each language's parser is its
 * own chunk, loaded when a file needs it: the page downloads one language, not six.
 */
async function modeFor(file: string): Promise<Mode> {
  const extension = /\.([^./]+)$/.exec(file)?.[1] ?? '';
  switch (extension) {
    case 'js':
    case 'mjs':
    case 'cjs':
    case 'json':
      return (await import('@codemirror/lang-javascript')).javascript();
    case 'ts':
      return (await import('@codemirror/lang-javascript')).javascript({ typescript: true });
    case 'py':
      return (await import('@codemirror/lang-python')).python();
    case 'java':
      return (await import('@codemirror/lang-java')).java();
    case 'go':
      return (await import('@codemirror/lang-go')).go();
    case 'rb':
      return legacy((await import('@codemirror/legacy-modes/mode/ruby')).ruby);
    case 'cs':
      return legacy((await import('@codemirror/legacy-modes/mode/clike')).csharp);
    case 'sh':
      return legacy((await import('@codemirror/legacy-modes/mode/shell')).shell);
    default:
      return file === 'bootstrap' ? legacy((await import('@codemirror/legacy-modes/mode/shell')).shell) : [];
  }
}

/** Starlight's text colours (the -high shades), which keep 4.5:1 on the page background in both themes. */
const courseHighlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.moduleKeyword, tags.definitionKeyword, tags.operatorKeyword], color: 'var(--sl-color-purple-high)' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: 'var(--sl-color-green-high)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--sl-color-orange-high)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--sl-color-gray-2)', fontStyle: 'italic' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName), tags.definition(tags.variableName)], color: 'var(--sl-color-blue-high)' },
  { tag: [tags.typeName, tags.className], color: 'var(--sl-color-orange-high)' },
  { tag: [tags.propertyName, tags.variableName, tags.punctuation, tags.operator], color: 'var(--sl-color-white)' },
]);

export interface CodeEditor {
  /** Shows a file in the mode of its type. */
  show(file: string, text: string): void;
  text(): string;
  /** Replaces the text (a change on disk) keeping the cursor where it can. */
  replace(text: string): void;
  focus(): void;
}

export function createEditor(parent: HTMLElement, label: string, onChange: (text: string) => void): CodeEditor {
  const mode = new Compartment();
  let quiet = false;
  let shown = '';
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: '',
      extensions: [
        basicSetup,
        syntaxHighlighting(courseHighlight),
        // Long lines wrap: the editor never scrolls sideways, so it needs no focusable scroller of its own.
        EditorView.lineWrapping,
        mode.of([]),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !quiet) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  const set = (text: string) => {
    quiet = true;
    const head = Math.min(view.state.selection.main.head, text.length);
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: head } });
    quiet = false;
  };
  return {
    show(file, text) {
      shown = file;
      set(text);
      void modeFor(file).then((found) => shown === file && view.dispatch({ effects: mode.reconfigure(found) }));
    },
    text: () => view.state.doc.toString(),
    replace: set,
    focus: () => view.focus(),
  };
}
