// Expiries in the next 90 days, week by week, as bars with the soonest entries named under each.
import { useMemo } from 'react';
import type { TableRow } from '../../lib/window-model';
import { entryName } from '../../../main/shared/entry-name';
import { formatLocalDate, pluralise } from '../../lib/format';
import { expiryTimeline } from '../../lib/timeline';
import { statusUrgency } from '../../lib/status';

const NAMED_PER_WEEK = 5;

const shortDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

function EntryLink({ entry, onOpen }: { entry: TableRow; onOpen: (id: string) => void }) {
  return (
    <button type="button" className="link-button" onClick={() => onOpen(entry.id)}>
      {entryName(entry, entry.target)}
      <span className="muted small"> · {entry.notAfter ? formatLocalDate(entry.notAfter) : ''}</span>
    </button>
  );
}

export function ExpiryTimeline({
  entries,
  now,
  onOpen,
}: {
  entries: TableRow[];
  now: number;
  onOpen: (id: string) => void;
}) {
  // Day granularity is enough; recomputing on every minute tick would be wasted work.
  const today = Math.floor(now / 3_600_000) * 3_600_000;
  const timeline = useMemo(() => expiryTimeline(entries, today), [entries, today]);
  const max = Math.max(1, ...timeline.buckets.map((b) => b.entries.length));

  return (
    <section className="overview-section" aria-labelledby="timeline-heading">
      <h3 id="timeline-heading">Expiring in the next 90 days</h3>
      {timeline.overdue.length > 0 && (
        <div className="overdue">
          <p className="error-text">Already expired: {pluralise(timeline.overdue.length, 'certificate')}.</p>
          <ul className="plain-list">
            {timeline.overdue.slice(0, NAMED_PER_WEEK).map((entry) => (
              <li key={entry.id}>
                <EntryLink entry={entry} onOpen={onOpen} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {timeline.upcoming === 0 ? (
        <p className="muted">Nothing expires in the next 90 days.</p>
      ) : (
        <ol className="timeline" aria-label="Expiries by week">
          {timeline.buckets.map((bucket) => {
            const count = bucket.entries.length;
            const worst = bucket.entries.reduce<TableRow['status']>(
              (w, e) => (statusUrgency(e.status) < statusUrgency(w) ? e.status : w),
              'ok',
            );
            const range = `${shortDate.format(bucket.start)} – ${shortDate.format(bucket.end - 1)}`;
            return (
              <li
                key={bucket.start}
                className="timeline-week"
                aria-label={`${range}: ${pluralise(count, 'expiry', 'expiries')}`}
              >
                <span className="timeline-range">{range}</span>
                <span className="timeline-track" aria-hidden="true">
                  <span
                    className={`timeline-bar timeline-${count ? worst : 'none'}`}
                    style={{ width: `${(count / max) * 100}%` }}
                  />
                </span>
                <span className="timeline-count">{count}</span>
                {count > 0 && (
                  <ul className="plain-list timeline-entries">
                    {bucket.entries.slice(0, NAMED_PER_WEEK).map((entry) => (
                      <li key={entry.id}>
                        <EntryLink entry={entry} onOpen={onOpen} />
                      </li>
                    ))}
                    {count > NAMED_PER_WEEK && (
                      <li className="muted small">and {count - NAMED_PER_WEEK} more</li>
                    )}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
