// A function's partial batch response (FunctionResponseTypes: ReportBatchItemFailures), read by
// AWS's rules. Complete success: an empty or null batchItemFailures list, an empty or null
// response. Complete failure: an itemIdentifier that is empty, null, missing (a wrong key name)
// or names no record of the batch, or a response that is not JSON.
// Sources: DG services-sqs-errorhandling.html ("Success and failure conditions"),
// DG services-kinesis-batchfailurereporting.html (same rules; the identifier is a sequence number).

export type BatchVerdict =
  | { kind: 'success' }
  | { kind: 'partial'; failed: string[] }
  | { kind: 'failure'; reason: string };

/** Reads a successful invocation's payload against the identifiers the batch held. */
export function readBatchResponse(payload: Buffer, identifiers: readonly string[]): BatchVerdict {
  const text = payload.toString('utf8').trim();
  if (text === '' || text === 'null') return { kind: 'success' };
  let response: unknown;
  try {
    response = JSON.parse(text);
  } catch {
    return { kind: 'failure', reason: `the response is not JSON (${text.slice(0, 60)})` };
  }
  if (response === null || typeof response !== 'object' || Array.isArray(response)) return { kind: 'success' };
  const list = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (list === undefined || list === null) return { kind: 'success' };
  if (!Array.isArray(list)) return { kind: 'failure', reason: 'batchItemFailures is not a list' };
  if (list.length === 0) return { kind: 'success' };
  const known = new Set(identifiers);
  const failed: string[] = [];
  for (const item of list) {
    const id = (item as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '') return { kind: 'failure', reason: `an itemIdentifier is ${id === '' ? 'empty' : id === undefined ? 'missing (check the key name: itemIdentifier)' : JSON.stringify(id)}` };
    if (!known.has(id)) return { kind: 'failure', reason: `itemIdentifier ${id} names no record of this batch` };
    if (!failed.includes(id)) failed.push(id);
  }
  return { kind: 'partial', failed };
}
