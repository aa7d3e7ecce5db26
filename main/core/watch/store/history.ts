// Folds one check result into an entry's state: last result, bounded history and the failure streak that
// drives backoff and the unreachable alert.
import type { CheckRecord, EntryState } from '../../../shared/model';
import type { ProbeResult } from '../../../shared/types';

export function toCheckRecord(result: ProbeResult): CheckRecord {
  return {
    at: result.checkedAt,
    status: result.status,
    daysLeft: result.daysLeft,
    notAfter: result.notAfter,
    // The leaf of the endpoint that decided the status; a failed check has none.
    fingerprint256:
      result.chain[0]?.fingerprint256 ??
      result.endpoints.find((e) => e.fingerprint256)?.fingerprint256 ??
      null,
    problems: result.problems.map((p) => p.code),
    durationMs: result.durationMs,
  };
}

const sameRun = (a: CheckRecord, b: CheckRecord) =>
  a.status === b.status && a.fingerprint256 === b.fingerprint256 && a.problems.join() === b.problems.join();

/** The history with one more check: it extends the newest run when nothing changed, else starts a new one. */
function appendRecord(history: readonly CheckRecord[], record: CheckRecord): CheckRecord[] {
  const last = history[history.length - 1];
  if (!last || !sameRun(last, record)) return [...history, record];
  const merged: CheckRecord = {
    ...record,
    at: last.at,
    lastAt: record.at,
    checks: (last.checks ?? 1) + 1,
  };
  return [...history.slice(0, -1), merged];
}

/** A new state (the old one is left as it was); history keeps the newest `limit` runs, oldest first. */
export function recordCheck(state: EntryState | undefined, result: ProbeResult, limit: number): EntryState {
  const keep = Math.max(0, Math.floor(limit));
  const history = appendRecord(state?.history ?? [], toCheckRecord(result));
  return {
    lastResult: result,
    lastCheckedAt: result.checkedAt,
    history: keep === 0 ? [] : history.slice(-keep),
    consecutiveFailures: result.status === 'error' ? (state?.consecutiveFailures ?? 0) + 1 : 0,
  };
}
