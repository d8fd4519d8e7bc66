// The lab page's workbench: the learner's workspace/ files in an editor, and the actions of
// `npm run lab N` as buttons. Every action is a call to the course server, which runs the
// same course session as the terminal; this file only shows what comes back.

import { ApiError, courseEvents, courseState, getJson, postJson, postStream } from './course-client.ts';
import { showProgress } from './progress-marks.ts';
import type { CodeEditor } from './code-editor.ts';

interface OpenedLab {
  language: string;
  folder: string;
  entryFile: string | null;
  files: Array<{ file: string; text: string }>;
  event: string;
  status: string;
  solutionUnlocked: boolean;
}

const element = <T extends HTMLElement>(root: HTMLElement, selector: string) => root.querySelector<T>(selector)!;

function create<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export async function startWorkbench(root: HTMLElement): Promise<void> {
  const lab = Number(root.dataset.lab);
  const offline = element(root, '[data-wb-offline]');
  const { presence } = await courseState();
  if (presence === 'needs-token') {
    offline.textContent = 'The course server is running, but this browser has not got its key: open the address npm start printed (it ends in ?token=…).';
    return;
  }
  if (presence !== 'running') return;

  const ui = {
    wb: element(root, '[data-wb]'),
    language: element<HTMLSelectElement>(root, '[data-wb-language]'),
    file: element<HTMLSelectElement>(root, '[data-wb-file]'),
    folder: element(root, '[data-wb-folder]'),
    saved: element(root, '[data-wb-saved]'),
    event: element<HTMLTextAreaElement>(root, '[data-wb-event]'),
    busy: element<HTMLProgressElement>(root, '[data-wb-busy]'),
    status: element(root, '[data-wb-status-text]'),
    /** Grades from elsewhere (the terminal) are reported apart, never over the status of the learner's own action. */
    progress: element(root, '[data-wb-progress]'),
    output: element(root, '[data-wb-output]'),
    buttons: [...root.querySelectorAll<HTMLButtonElement>('[data-action]')],
  };
  // The reference solution is offered once the lab has passed in this language, as in the terminal.
  const solutionButton = ui.buttons.find((b) => b.dataset.action === 'solution')!;
  offline.hidden = true;
  ui.wb.hidden = false;
  ui.status.textContent = 'Loading the editor…';

  const { createEditor } = await import('./code-editor.ts');
  let opened: OpenedLab | undefined;
  let current = '';
  const files = new Map<string, string>();
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<unknown> = Promise.resolve();

  const save = () => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    if (!opened) return saving;
    const file = current;
    const text = files.get(file)!;
    saving = saving.then(() =>
      postJson(`/api/labs/${lab}/files`, { language: opened!.language, file, text }).then(
        () => (ui.saved.textContent = `Saved ${opened!.folder}/${file}`),
        (error: Error) => (ui.saved.textContent = `Not saved: ${error.message}`),
      ),
    );
    return saving;
  };
  const editor: CodeEditor = createEditor(element(root, '[data-wb-editor]'), `Code of lab ${lab}`, (text) => {
    files.set(current, text);
    ui.saved.textContent = 'Editing…';
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 400);
  });

  const showFiles = (list: Array<{ file: string; text: string }>, preferred?: string) => {
    files.clear();
    for (const { file, text } of list) files.set(file, text);
    ui.file.replaceChildren(...list.map(({ file }) => new Option(file, file)));
    current = preferred && files.has(preferred) ? preferred : (list[0]?.file ?? '');
    ui.file.value = current;
    editor.show(current, files.get(current) ?? '');
  };

  /** data-ready marks the workbench as holding the learner's files (tests and assistive tools wait for it). */
  const open = async (language: string) => {
    delete ui.wb.dataset.ready;
    ui.wb.setAttribute('aria-busy', 'true');
    await save();
    opened = await postJson<OpenedLab>(`/api/labs/${lab}/open`, { language });
    ui.language.value = opened.language;
    ui.folder.textContent = `${opened.folder}/`;
    if (!ui.event.value) ui.event.value = opened.event;
    showFiles(opened.files, opened.entryFile ?? undefined);
    ui.saved.textContent = '';
    solutionButton.hidden = !opened.solutionUnlocked;
    ui.wb.dataset.ready = opened.language;
    ui.wb.removeAttribute('aria-busy');
  };

  /** Runs one action with the buttons disabled and a timer, so a slow first build shows it is working. */
  const busy = async (label: string, work: () => Promise<void>) => {
    if (saveTimer) await save();
    await saving;
    for (const button of ui.buttons) button.disabled = true;
    ui.busy.hidden = false;
    const started = performance.now();
    const tick = setInterval(() => (ui.status.textContent = `${label} (${((performance.now() - started) / 1000).toFixed(0)} s)`), 1000);
    ui.status.textContent = label;
    try {
      await work();
    } catch (error) {
      ui.output.replaceChildren(create('p', (error as Error).message, 'wb-error'));
      ui.status.textContent = error instanceof ApiError ? 'Refused.' : 'Failed.';
    } finally {
      clearInterval(tick);
      ui.busy.hidden = true;
      for (const button of ui.buttons) button.disabled = false;
    }
  };

  const grade = () =>
    busy('Grading…', async () => {
      const list = create('ol', undefined, 'wb-checks');
      const header = create('p');
      const summary = create('pre');
      ui.output.replaceChildren(create('h3', 'Grade'), header, list);
      await postStream(`/api/labs/${lab}/grade`, { language: opened!.language }, (m) => {
        if (m.type === 'line') header.textContent = String(m.text);
        else if (m.type === 'progress') ui.status.textContent = m.phase === 'start' ? String(m.label) : 'Checking…';
        else if (m.type === 'check') {
          const item = create('li', undefined, `wb-check-${(m.check as { status: string }).status}`);
          item.append(create('pre', String(m.text)));
          list.append(item);
        } else if (m.type === 'error') ui.output.append(create('pre', String(m.text)));
        else if (m.type === 'done') {
          summary.textContent = String(m.text).replace(/^\n/, '');
          ui.output.append(summary);
          ui.status.textContent = m.status === 'passed' ? 'Passed.' : `${m.passed}/${m.total} checks passed.`;
          if (m.status === 'passed') solutionButton.hidden = false;
          const next = m.next as { number: number; slug: string; title: string } | null;
          if (next) {
            const p = create('p', 'Well done. ');
            const a = create('a', `Next: lab ${next.number}, ${next.title}`);
            a.href = `/labs/${next.slug}/`;
            p.append(a);
            ui.output.append(p);
          } else if (m.status !== 'passed') ui.output.append(create('p', 'Stuck? Ask for the next hint with the Hint button.'));
        }
      });
    });

  const run = () =>
    busy('Running…', async () => {
      const response = create('pre');
      const logs = create('pre');
      const timing = create('p');
      ui.output.replaceChildren(create('h3', 'Response'), response, timing, create('h3', 'Logs'), logs);
      await postStream(`/api/labs/${lab}/run`, { language: opened!.language, event: ui.event.value }, (m) => {
        if (m.type === 'progress') ui.status.textContent = m.phase === 'start' ? String(m.label) : 'Invoking…';
        else if (m.type === 'log') logs.textContent += `${m.line}\n`;
        else if (m.type === 'error') response.textContent = String(m.text);
        else if (m.type === 'result') {
          response.textContent = `${m.functionError ? `(${m.functionError} error) ` : ''}${m.payload}`;
          const report = m.report as { durationMs: number; billedDurationMs: number; initDurationMs?: number; maxMemoryUsedMB: number } | null;
          const parts = [`answered in ${Number(m.elapsedMs).toFixed(0)} ms`];
          if (report) {
            parts.push(`Duration ${report.durationMs} ms`, `Billed Duration ${report.billedDurationMs} ms`, `Max Memory Used ${report.maxMemoryUsedMB} MB`);
            if (report.initDurationMs !== undefined) parts.push(`Init Duration ${report.initDurationMs} ms (cold start)`);
          }
          timing.textContent = parts.join(' · ');
        } else if (m.type === 'done') ui.status.textContent = m.ok ? 'Ran.' : 'The function failed.';
      });
    });

  const hint = () =>
    busy('Finding a hint…', async () => {
      const step = await postJson<{ check: string; exhausted: boolean; hints: Array<{ label: string; text: string }> }>(`/api/labs/${lab}/hint`, { language: opened!.language });
      ui.output.replaceChildren(create('h3', `Hints for "${step.check}"`));
      for (const h of step.hints) ui.output.append(create('p', h.label, 'wb-hint-label'), create('pre', h.text));
      if (step.exhausted) ui.output.append(create('p', 'That was the last hint. The reference solution unlocks once the lab passes.'));
      ui.status.textContent = `Hint ${step.hints.length} shown.`;
    });

  const reset = () => {
    if (!confirm(`Put lab ${lab}'s starter back? Your code is kept in workspace/.backups/.`)) return;
    return busy('Resetting…', async () => {
      const outcome = await postJson<{ message: string; files: Array<{ file: string; text: string }> }>(`/api/labs/${lab}/reset`, { language: opened!.language });
      showFiles(outcome.files, current);
      ui.output.replaceChildren(create('p', outcome.message));
      ui.status.textContent = 'Reset.';
    });
  };

  const solution = () =>
    busy('Fetching the solution…', async () => {
      const answer = await postJson<{ files?: Array<{ file: string; text: string }>; message?: string }>(`/api/labs/${lab}/solution`, { language: opened!.language });
      if (!answer.files) {
        ui.output.replaceChildren(create('p', answer.message ?? ''));
        ui.status.textContent = 'Not unlocked yet.';
        return;
      }
      ui.output.replaceChildren(create('h3', 'Reference solution'), create('p', 'Compare it with yours; your files are unchanged.'));
      for (const { file, text } of answer.files) ui.output.append(create('p', file, 'wb-file-name'), create('pre', text));
      ui.status.textContent = 'Solution shown.';
    });

  const actions: Record<string, () => unknown> = { run, grade, hint, reset, solution };
  for (const button of ui.buttons) button.addEventListener('click', () => void actions[button.dataset.action!]!());
  ui.language.addEventListener('change', () => void busy('Opening…', () => open(ui.language.value)).then(() => (ui.status.textContent = '')));
  ui.file.addEventListener('change', () => {
    void save();
    current = ui.file.value;
    editor.show(current, files.get(current) ?? '');
  });

  // Files saved in another editor, and grades run in the terminal, show here without a reload.
  const slug = location.pathname.split('/').filter(Boolean).pop();
  const events = courseEvents();
  events.addEventListener('file', (message) => {
    const change = JSON.parse((message as MessageEvent<string>).data) as { slug: string; language: string; file: string; text: string };
    if (change.slug !== slug || change.language !== opened?.language || files.get(change.file) === change.text) return;
    files.set(change.file, change.text);
    if (change.file === current && !saveTimer) editor.replace(change.text);
    ui.saved.textContent = `${change.file} changed on disk; shown here.`;
  });
  events.addEventListener('progress', async () => {
    const { state } = await courseState(true);
    if (!state) return;
    showProgress(state);
    const mine = state.labs.find((l) => l.number === lab)?.languages.find((l) => l.language === opened?.language);
    if (mine && mine.status !== 'not started') ui.progress.textContent = `Last graded: ${mine.passed}/${mine.total} checks passed (${mine.status}).`;
    // A pass in the terminal unlocks the solution here too.
    if (mine?.status === 'passed') solutionButton.hidden = false;
  });

  const { language } = await getJson<{ language: string }>(`/api/labs/${lab}`);
  await open(language);
  ui.status.textContent = opened?.status === 'passed' ? 'You passed this lab.' : '';
}
