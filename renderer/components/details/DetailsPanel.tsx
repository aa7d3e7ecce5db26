// The selected entry: verdict and advice, ownership, revocation, endpoints, chain and history, with Check now, Edit,
// Snooze and Delete. Refetches whenever the entry's row changes (a check finished, an edit landed).
import { useId, useState } from 'react';
import type { Settings } from '../../../main/shared/model';
import type { SnoozeKind } from '../../../main/shared/contract';
import { entryName, targetName } from '../../../main/shared/entry-name';
import type { TableRow } from '../../lib/window-model';
import { useApi } from '../../api/ApiContext';
import { useUi } from '../../app/ui';
import { useEntryDetails } from '../../hooks/useEntryDetails';
import { ErrorText } from '../common/ErrorText';
import { MenuButton } from '../common/MenuButton';
import { CertificateChain } from './CertificateChain';
import { EndpointList } from './EndpointList';
import { EntryMeta } from './EntryMeta';
import { HistoryList } from './HistoryList';
import { RevocationStatus } from './RevocationStatus';
import { Verdict } from './Verdict';

interface DetailsPanelProps {
  id: string;
  /** The entry's table row: what the header and actions need at once; the rest comes with the details. */
  row: TableRow | undefined;
  settings: Settings | undefined;
  now: number;
  onClose: () => void;
}

const SNOOZES: ReadonlyArray<{ kind: SnoozeKind; label: string }> = [
  { kind: '1d', label: 'For 1 day' },
  { kind: '1w', label: 'For 1 week' },
  { kind: 'next-threshold', label: 'Until the next threshold' },
  { kind: 'clear', label: 'Stop snoozing' },
];

export function DetailsPanel({ id, row, settings, now, onClose }: DetailsPanelProps) {
  const ui = useUi();
  const { call } = useApi();
  const headingId = useId();
  const { load, reload } = useEntryDetails(id, row ? JSON.stringify(row) : 'missing');
  const [actionError, setActionError] = useState<string | null>(null);
  const details = load.phase === 'ready' ? load.details : null;
  const current = row ?? details?.summary;
  const checking = current?.checking ?? false;
  const snoozed = row ? row.snoozed : !!details?.summary.snooze;

  const snooze = async (kind: SnoozeKind) => {
    setActionError(null);
    const result = await call('entries:snooze', { id, kind });
    if (!result.ok) setActionError(result.error.message);
    else {
      ui.notify(
        kind === 'clear' ? 'Alerts for this entry are back on.' : 'Alerts for this entry are snoozed.',
      );
      void ui.refresh();
      reload();
    }
  };

  return (
    <aside className="details" aria-labelledby={headingId}>
      <header className="details-header">
        <div>
          <h2 id={headingId}>{current ? entryName(current, current.target) : 'Entry details'}</h2>
          {current?.label?.trim() && <p className="mono muted">{targetName(current, current.target)}</p>}
        </div>
        <button type="button" className="icon-button" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </header>

      {current && (
        <div className="details-actions" role="toolbar" aria-label="Entry actions">
          <button
            type="button"
            className="primary"
            disabled={checking}
            onClick={() => void ui.checkNow([id])}
          >
            {checking ? 'Checking…' : 'Check now'}
          </button>
          <button type="button" onClick={() => ui.openDialog({ kind: 'edit', id })}>
            Edit…
          </button>
          <MenuButton
            label="Snooze alerts"
            items={SNOOZES.filter((s) => s.kind !== 'clear' || snoozed).map((s) => ({
              label: s.label,
              onSelect: () => void snooze(s.kind),
            }))}
          />
          <button type="button" className="danger" onClick={() => void ui.remove(current)}>
            Delete
          </button>
        </div>
      )}
      <ErrorText>{actionError}</ErrorText>

      {load.phase === 'loading' && (
        <p role="status" className="loading">
          Loading details…
        </p>
      )}
      {load.phase === 'error' && (
        <div className="details-error">
          <ErrorText>{`Could not load the details: ${load.message}`}</ErrorText>
          <button type="button" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {details && current && (
        <div className="details-body">
          <Verdict summary={current} result={details.lastResult} now={now} />
          <EntryMeta
            entry={details.entry}
            summary={details.summary}
            settings={settings}
            now={now}
            onEdit={() => ui.openDialog({ kind: 'edit', id })}
          />
          <RevocationStatus result={details.lastResult} enabled={settings?.checkRevocation} now={now} />
          <EndpointList result={details.lastResult} />
          <CertificateChain chain={details.lastResult?.chain ?? []} now={now} />
          <HistoryList records={details.history} now={now} />
        </div>
      )}
    </aside>
  );
}
