// One watchlist row: status, host, label and tags, days left, expiry, issuer, last check and the problem.
import { memo, type CSSProperties } from 'react';
import type { TableRow } from '../../lib/window-model';
import { targetName } from '../../../main/shared/entry-name';
import { formatDaysLeft } from '../../lib/format';
import { problemCell } from '../../lib/problem-cell';
import { DateText } from '../common/DateText';
import { RelativeTime } from '../common/RelativeTime';
import { StatusBadge } from '../common/StatusBadge';

interface EntryRowProps {
  entry: TableRow;
  index: number;
  selected: boolean;
  focusable: boolean;
  now: number;
  style: CSSProperties;
  onSelect: (id: string, index: number) => void;
}

export const EntryRow = memo(function EntryRow({
  entry,
  index,
  selected,
  focusable,
  now,
  style,
  onSelect,
}: EntryRowProps) {
  const problem = problemCell(entry);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      data-index={index}
      className={`grid-row${selected ? ' selected' : ''}${entry.enabled ? '' : ' disabled'}`}
      style={style}
      onClick={() => onSelect(entry.id, index)}
    >
      <div role="gridcell" className="cell col-status cell-status">
        <StatusBadge status={entry.status} />
        {entry.checking && <span className="row-flag">Checking…</span>}
        {!entry.enabled && <span className="row-flag">Disabled</span>}
        {entry.snoozed && <span className="row-flag">Snoozed</span>}
      </div>
      <div
        role="gridcell"
        className="cell col-target cell-target mono"
        title={targetName(entry, entry.target)}
      >
        {targetName(entry, entry.target)}
      </div>
      <div role="gridcell" className="cell col-label cell-label">
        {entry.label && <span className="row-label">{entry.label}</span>}
        {entry.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
      </div>
      <div role="gridcell" className={`cell col-daysLeft cell-days numeric days-${entry.status}`}>
        {formatDaysLeft(entry.daysLeft)}
      </div>
      <div role="gridcell" className="cell col-notAfter">
        <DateText iso={entry.notAfter} />
      </div>
      <div role="gridcell" className="cell col-issuer" title={entry.issuer ?? undefined}>
        {entry.issuer ?? <span className="muted">—</span>}
      </div>
      <div role="gridcell" className="cell col-lastCheckedAt">
        <RelativeTime iso={entry.lastCheckedAt} now={now} empty="Never" />
      </div>
      <div role="gridcell" className="cell col-headline cell-problem" title={problem || undefined}>
        {problem}
      </div>
    </div>
  );
});
