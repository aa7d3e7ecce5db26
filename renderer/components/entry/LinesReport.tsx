// The engine's per-line answer after adding or importing: how many were added, and why each other line was not.
import type { AddReport } from '../../../main/shared/contract';
import { pluralise } from '../../lib/format';

export function LinesReport({ report }: { report: AddReport }) {
  const failed = report.lines.filter((l) => !l.ok);
  return (
    <div className="report" role="status">
      <p className={failed.length ? 'report-summary warning-text' : 'report-summary'}>
        Added {pluralise(report.added, 'entry', 'entries')}
        {failed.length > 0 && <>; {pluralise(failed.length, 'line')} not added</>}.
      </p>
      {failed.length > 0 && (
        <ul className="line-list" aria-label="Lines not added">
          {failed.map((line) => (
            <li key={line.line} className="line-bad">
              <span className="line-mark" aria-hidden="true">
                ✗
              </span>
              <span className="line-number">Line {line.line}</span>
              <span className="line-message">{line.error ?? `"${line.input}" was not added.`}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
