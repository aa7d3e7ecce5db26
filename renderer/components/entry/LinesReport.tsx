// The engine's per-line answer after adding or importing: one list in the order of the input, each line marked
// added or refused (with why), numbered as the engine numbered the text that was sent.
import type { AddReport } from '../../../main/shared/contract';
import { pluralise } from '../../lib/format';

/** With thousands of lines the added ones are not listed one by one; every refused line always is. */
const MAX_LISTED = 200;

export function LinesReport({ report }: { report: AddReport }) {
  const failed = report.lines.filter((l) => !l.ok);
  const lines = report.lines.length <= MAX_LISTED ? report.lines : failed;
  const unlisted = report.lines.length - lines.length;
  return (
    <div className="report" role="status">
      <p className={failed.length ? 'report-summary warning-text' : 'report-summary'}>
        Added {pluralise(report.added, 'entry', 'entries')}
        {failed.length > 0 && <>; {pluralise(failed.length, 'line')} not added</>}.
      </p>
      {lines.length > 0 && (
        <ul className="line-list" aria-label="Result of each line">
          {lines.map((line) => (
            <li key={line.line} className={line.ok ? 'line-ok' : 'line-bad'}>
              <span className="line-mark" aria-hidden="true">
                {line.ok ? '✓' : '✗'}
              </span>
              <span className="line-number">Line {line.line}</span>
              <span className="line-message">
                {line.ok ? `Added ${line.input}` : (line.error ?? `"${line.input}" was not added.`)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {unlisted > 0 && <p className="muted small">{pluralise(unlisted, 'added line')} not listed.</p>}
    </div>
  );
}
