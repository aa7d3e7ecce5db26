// Status names, words and urgency order shared by badges, chips, sorting and the overview.
import type { EntrySummary } from '../../main/shared/contract';

export type RowStatus = EntrySummary['status'];

/** Most urgent first: what a person should look at before anything else. */
export const ROW_STATUSES: readonly RowStatus[] = [
  'expired',
  'invalid',
  'critical',
  'error',
  'warning',
  'ok',
  'pending',
];

export const STATUS_LABEL: Record<RowStatus, string> = {
  expired: 'Expired',
  invalid: 'Invalid',
  critical: 'Critical',
  error: 'Error',
  warning: 'Warning',
  ok: 'OK',
  pending: 'Pending',
};

/** One line for tooltips and the overview (shared with the CLI's Problem cell). */
export { STATUS_MEANING } from '../../main/shared/problem-cell';

const URGENCY = new Map(ROW_STATUSES.map((s, i) => [s, i]));

/** 0 is the most urgent. */
export function statusUrgency(status: RowStatus): number {
  return URGENCY.get(status) ?? ROW_STATUSES.length;
}
