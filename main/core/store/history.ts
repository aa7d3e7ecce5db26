// Folds one check result into an entry's state: last result, bounded history and the failure streak that
// drives backoff and the unreachable alert.
import type { CheckRecord, EntryState } from '../model';
import type { ProbeResult } from '../types';

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

/** A new state (the old one is left as it was); history keeps the newest `limit` records, oldest first. */
export function recordCheck(state: EntryState | undefined, result: ProbeResult, limit: number): EntryState {
  const keep = Math.max(0, Math.floor(limit));
  const history = [...(state?.history ?? []), toCheckRecord(result)];
  return {
    lastResult: result,
    lastCheckedAt: result.checkedAt,
    history: keep === 0 ? [] : history.slice(-keep),
    consecutiveFailures: result.status === 'error' ? (state?.consecutiveFailures ?? 0) + 1 : 0,
  };
}
