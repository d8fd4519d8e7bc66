// The page's side of the course server's API. Same origin, so the browser sends the session
// cookie itself; the page never sees the token.

export interface LabProgressSummary {
  number: number;
  slug: string;
  title: string;
  passed: boolean;
  languages: Array<{ language: string; status: string; passed: number; total: number }>;
}

export interface CourseState {
  language: string | null;
  total: { labs: number; passed: number; byLanguage: Record<string, { passed: number; offered: number }> };
  labs: LabProgressSummary[];
}

/** What /api answered when the page asked whether a course server is here. */
export type ServerPresence = 'running' | 'needs-token' | 'absent';

export class ApiError extends Error {
  override name = 'ApiError';
}

async function failure(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as { errorMessage?: string };
  return new ApiError(body.errorMessage ?? `The course server answered ${res.status}.`);
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

export async function postJson<T>(path: string, body: object): Promise<T> {
  const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** Posts and hands each line of the streamed answer (one JSON object per line) to `each`. */
export async function postStream(path: string, body: object, each: (message: Record<string, unknown>) => void): Promise<void> {
  const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok || !res.body) throw await failure(res);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim()) each(JSON.parse(line) as Record<string, unknown>);
    }
  }
}

let course: Promise<{ presence: ServerPresence; state?: CourseState }> | undefined;

/** Whether the course server runs (once per page load), with the course's progress when it does. */
export function courseState(refresh = false): Promise<{ presence: ServerPresence; state?: CourseState }> {
  if (course && !refresh) return course;
  course = fetch('/api/course', { headers: { Accept: 'application/json' } }).then(
    async (res) => {
      if (res.status === 401) return { presence: 'needs-token' as const };
      if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return { presence: 'absent' as const };
      return { presence: 'running' as const, state: (await res.json()) as CourseState };
    },
    () => ({ presence: 'absent' as const }),
  );
  return course;
}

/** Changes pushed by the server: files saved elsewhere, progress written by a grade anywhere. */
export function courseEvents(): EventSource {
  return new EventSource('/api/events');
}
