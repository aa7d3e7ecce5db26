// Status names, words and urgency order shared by badges, chips, sorting and the overview.
import type { EntrySummary } from '../../main/shared/contract';

export type RowStatus = EntrySummary['status'];

/** Most urgent first (main/shared/row-order.ts), and each status's rank in that order. */
export { ROW_STATUSES, statusUrgency } from '../../main/shared/row-order';

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
