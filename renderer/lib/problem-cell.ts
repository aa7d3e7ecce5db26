// The watchlist's Problem cell: one short line for every row that is not OK, so a WARNING or CRITICAL row says
// what is wrong and what to do instead of showing an empty cell.
import type { EntrySummary } from '../../main/shared/contract';
import { pluralise } from './format';
import { STATUS_MEANING } from './status';

type ProblemInput = Pick<EntrySummary, 'status' | 'daysLeft' | 'headline'>;

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
    return `Expires in ${pluralise(entry.daysLeft, 'day')}: renew now`;
  }
  return STATUS_MEANING[entry.status];
}
