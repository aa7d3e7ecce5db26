// Who owns the entry, where its runbook lives, notes, and how it is checked.
import type { Settings, WatchEntry } from '../../../main/shared/model';
import type { EntrySummary } from '../../../main/shared/contract';
import { ExternalLink } from '../common/ExternalLink';
import { DateText } from '../common/DateText';
import { RelativeTime } from '../common/RelativeTime';

interface EntryMetaProps {
  entry: WatchEntry;
  summary: EntrySummary | undefined;
  settings: Settings | undefined;
  now: number;
  onEdit: () => void;
}

export function EntryMeta({ entry, summary, settings, now, onEdit }: EntryMetaProps) {
  const warning = entry.thresholds?.warningDays ?? settings?.thresholds.warningDays;
  const critical = entry.thresholds?.criticalDays ?? settings?.thresholds.criticalDays;
  const interval = entry.intervalMinutes ?? settings?.intervalMinutes;
  return (
    <section className="details-section" aria-labelledby="about-heading">
      <h3 id="about-heading">Ownership and checks</h3>
      <dl className="meta">
        <dt>Owner</dt>
        <dd>{entry.owner ?? <span className="muted">Nobody yet</span>}</dd>
        <dt>Runbook</dt>
        <dd>
          {entry.runbookUrl ? <ExternalLink url={entry.runbookUrl} /> : <span className="muted">None</span>}
        </dd>
        {entry.tags.length > 0 && (
          <>
            <dt>Tags</dt>
            <dd>
              {entry.tags.map((tag) => (
                <span key={tag} className="tag">
                  {tag}
                </span>
              ))}
            </dd>
          </>
        )}
        {entry.notes && (
          <>
            <dt>Notes</dt>
            <dd className="notes">{entry.notes}</dd>
          </>
        )}
        {entry.starttls && (
          <>
            <dt>STARTTLS</dt>
            <dd>{entry.starttls}</dd>
          </>
        )}
        {entry.sni && (
          <>
            <dt>SNI</dt>
            <dd className="mono">{entry.sni}</dd>
          </>
        )}
        <dt>Thresholds</dt>
        <dd>
          Warning under {warning ?? '?'} days, critical under {critical ?? '?'} days
          {entry.thresholds ? '' : ' (defaults)'}
        </dd>
        <dt>Checked</dt>
        <dd>
          {entry.enabled ? (
            <>
              every {interval ?? '?'} minutes{entry.intervalMinutes ? '' : ' (default)'}
              {summary?.nextDueAt && (
                <>
                  , next <RelativeTime iso={summary.nextDueAt} now={now} />
                </>
              )}
            </>
          ) : (
            'Never: checks are turned off for this entry'
          )}
        </dd>
        {entry.snooze && (
          <>
            <dt>Alerts snoozed</dt>
            <dd>
              {entry.snooze.until && (
                <>
                  until <DateText iso={entry.snooze.until} withTime />
                </>
              )}
              {entry.snooze.untilDaysLeft !== undefined &&
                ` until fewer than ${entry.snooze.untilDaysLeft} days are left`}
            </dd>
          </>
        )}
      </dl>
      {(!entry.owner || !entry.runbookUrl) && (
        <p className="muted small">
          Add an owner and a runbook link so whoever gets the alert knows who renews it and how.{' '}
          <button type="button" className="link-button" onClick={onEdit}>
            Edit entry
          </button>
        </p>
      )}
    </section>
  );
}
