// Counts per status; each opens the watchlist filtered to that status.
import type { TableRow } from '../../lib/window-model';
import { countByStatus } from '../../lib/filter';
import { ROW_STATUSES, STATUS_LABEL, STATUS_MEANING, type RowStatus } from '../../lib/status';

export function StatusSummary({
  entries,
  onShowStatus,
}: {
  entries: TableRow[];
  onShowStatus: (status: RowStatus) => void;
}) {
  const counts = countByStatus(entries);
  return (
    <section className="overview-section" aria-labelledby="counts-heading">
      <h3 id="counts-heading">Status</h3>
      <ul className="status-cards" aria-label="Entries per status">
        {ROW_STATUSES.map((status) => (
          <li key={status}>
            <button
              type="button"
              className={`status-card status-card-${status}`}
              disabled={counts[status] === 0}
              title={STATUS_MEANING[status]}
              onClick={() => onShowStatus(status)}
            >
              <span className="status-card-count">{counts[status].toLocaleString()}</span>
              <span className="status-card-label">{STATUS_LABEL[status]}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
