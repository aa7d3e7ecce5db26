// Past checks, newest first, with certificate changes (renewals) called out.
import { useState } from 'react';
import type { CheckRecord } from '../../../main/shared/model';
import { historyProblems, historyRows } from '../../lib/history';
import { formatDaysLeft, formatDuration, pluralise, shortFingerprint } from '../../lib/format';
import { DateText } from '../common/DateText';
import { RelativeTime } from '../common/RelativeTime';
import { StatusBadge } from '../common/StatusBadge';

const SHOWN = 20;

export function HistoryList({ records, now }: { records: CheckRecord[]; now: number }) {
  const [all, setAll] = useState(false);
  const rows = historyRows(records);
  const changes = rows.filter((r) => r.certificateChanged);
  const checks = rows.reduce((n, r) => n + (r.checks ?? 1), 0);
  const shown = all ? rows : rows.slice(0, SHOWN);
  return (
    <section className="details-section" aria-labelledby="history-heading">
      <h3 id="history-heading">History</h3>
      {rows.length === 0 ? (
        <p className="muted">No checks recorded yet.</p>
      ) : (
        <>
          <p className="muted small">
            {pluralise(checks, 'check')}; the certificate changed {pluralise(changes.length, 'time')}.
          </p>
          {changes.length > 0 && (
            <ul className="renewals" aria-label="Certificate changes">
              {changes.map((change, i) => (
                <li key={`${change.at}-${i}`}>
                  New certificate seen <DateText iso={change.at} withTime />
                  {change.notAfter && (
                    <>
                      , valid until <DateText iso={change.notAfter} />
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          <div className="table-scroll" tabIndex={0} role="region" aria-label="History table">
            <table className="small-table">
              <caption className="visually-hidden">Checks, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Status</th>
                  <th scope="col">Days left</th>
                  <th scope="col">Certificate</th>
                  <th scope="col">Problems</th>
                  <th scope="col">Took</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((row, i) => (
                  <tr key={`${row.at}-${i}`} className={row.certificateChanged ? 'changed' : undefined}>
                    <td>
                      <RelativeTime iso={row.lastAt ?? row.at} now={now} />
                      {(row.checks ?? 1) > 1 && (
                        <span className="muted">
                          {' '}
                          ({pluralise(row.checks ?? 1, 'check')} since <DateText iso={row.at} />)
                        </span>
                      )}
                    </td>
                    <td>
                      <StatusBadge status={row.status} />
                    </td>
                    <td className="numeric">{formatDaysLeft(row.daysLeft)}</td>
                    <td className="mono" title={row.fingerprint256 ?? undefined}>
                      {shortFingerprint(row.fingerprint256, 4)}
                      {row.certificateChanged && <span className="row-flag"> renewed</span>}
                    </td>
                    <td className="col-problem">{historyProblems(row.problems)}</td>
                    <td>{formatDuration(row.durationMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length > SHOWN && (
            <button type="button" className="link-button" onClick={() => setAll(!all)}>
              {all ? 'Show recent changes only' : `Show all ${rows.length} entries`}
            </button>
          )}
        </>
      )}
    </section>
  );
}
