// The Problem cell of a watchlist row, shared by the window's table and the CLI's (`certwatch check`, `list`):
// one short line for every row that is not OK, so a WARNING or CRITICAL row says what is wrong and what to do
// instead of showing an empty cell. Browser-safe (no Node imports).
import type { EntrySummary } from './contract';

type RowStatus = EntrySummary['status'];

/** One line for tooltips and the overview, so a badge's colour is never the only cue. */
export const STATUS_MEANING: Readonly<Record<RowStatus, string>> = {
  expired: 'The certificate has expired; clients refuse it.',
  invalid: 'Clients will not trust the certificate (name, chain, key or signature).',
  critical: 'Expires within the critical threshold.',
  error: 'The last check could not reach the server or complete the handshake.',
  warning: 'Expires within the warning threshold.',
  ok: 'Valid and not expiring soon.',
  pending: 'Not checked yet.',
};

type ProblemInput = Pick<EntrySummary, 'status' | 'daysLeft' | 'headline'>;

const days = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'day' : 'days'}`;

/**
 * '' for OK and not-yet-checked rows. A row with a reported problem shows its first problem's headline (the
 * engine's sentence); a row that is only close to its expiry says how close and what to do
 * ("Expires in 9 days: renew now"); anything else falls back to what its status means.
 */
export function problemCell(entry: ProblemInput): string {
  if (entry.status === 'ok' || entry.status === 'pending') return '';
  if (entry.headline) return entry.headline;
  if ((entry.status === 'warning' || entry.status === 'critical') && entry.daysLeft !== null) {
    if (entry.daysLeft <= 0) return 'Expires today: renew now';
    return `Expires in ${days(entry.daysLeft)}: renew now`;
  }
  return STATUS_MEANING[entry.status];
}
