// Turns an entry's check records into the history list, marking where the served certificate changed.
import type { CheckRecord } from '../../main/core/model';

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
