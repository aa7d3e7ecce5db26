// Orders statuses by how urgently a person must act, and maps them to Nagios exit codes.
import type { Status } from '../../shared/types';

/** Higher is worse. An unreachable endpoint (error) ranks below a certificate known to be bad. */
const RANK: Record<Status, number> = { ok: 0, warning: 1, error: 2, critical: 3, invalid: 4, expired: 5 };

export function statusRank(status: Status): number {
  return RANK[status];
}

export function worstStatus(statuses: Iterable<Status>, fallback: Status = 'ok'): Status {
  let worst: Status | undefined;
  for (const s of statuses) if (worst === undefined || RANK[s] > RANK[worst]) worst = s;
  return worst ?? fallback;
}

/** Nagios plugin convention: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
export function nagiosExitCode(statuses: Iterable<Status>): 0 | 1 | 2 | 3 {
  const worst = worstStatus(statuses);
  if (worst === 'critical' || worst === 'expired' || worst === 'invalid') return 2;
  if (worst === 'error') return 3;
  return worst === 'warning' ? 1 : 0;
}
