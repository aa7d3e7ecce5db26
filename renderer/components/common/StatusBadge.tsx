// A status as a word with a colour: colour alone never carries the meaning.
import { STATUS_LABEL, STATUS_MEANING, type RowStatus } from '../../lib/status';

export function StatusBadge({ status }: { status: RowStatus }) {
  return (
    <span className={`badge badge-${status}`} title={STATUS_MEANING[status]}>
      {STATUS_LABEL[status]}
    </span>
  );
}
