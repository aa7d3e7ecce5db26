// Turns an entry's check records into the history list, marking where the served certificate changed.
import type { CheckRecord } from '../../main/shared/model';
import { PROBLEM_ADVICE } from './advice';

export interface HistoryRow extends CheckRecord {
  /** The fingerprint differs from the last known one before it: a renewal (or a different node's cert). */
  certificateChanged: boolean;
}

/** Newest first; only checks that saw a certificate can mark a change. */
export function historyRows(records: readonly CheckRecord[]): HistoryRow[] {
  const chronological = [...records].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  let lastFingerprint: string | null = null;
  const rows = chronological.map((record) => {
    const changed =
      record.fingerprint256 !== null && lastFingerprint !== null && record.fingerprint256 !== lastFingerprint;
    if (record.fingerprint256 !== null) lastFingerprint = record.fingerprint256;
    return { ...record, certificateChanged: changed };
  });
  return rows.reverse();
}

/**
 * A check's problems in words for the History table: each code's short headline from the advice table (the one
 * the Problems list uses), never the raw `INCOMPLETE_CHAIN`; a code this window does not know yet reads as
 * words too ("Some new code"). "—" when the check found nothing wrong.
 */
export function historyProblems(codes: readonly string[]): string {
  if (codes.length === 0) return '—';
  const known = PROBLEM_ADVICE as Readonly<Record<string, { title: string }>>;
  return codes
    .map((code) => {
      const title = known[code]?.title;
      if (title) return title;
      const words = code.toLowerCase().replace(/_/g, ' ');
      return words.charAt(0).toUpperCase() + words.slice(1);
    })
    .join('; ');
}
