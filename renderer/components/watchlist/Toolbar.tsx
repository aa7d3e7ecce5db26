// The watchlist's actions: add, import, export, check everything.
import { useUi } from '../../app/ui';
import { ExportMenu } from './ExportMenu';

export function Toolbar({ hasEntries }: { hasEntries: boolean }) {
  const ui = useUi();
  return (
    <div className="toolbar" role="toolbar" aria-label="Watchlist actions">
      <button type="button" className="primary" onClick={() => ui.openDialog({ kind: 'add' })}>
        Add…
      </button>
      <button type="button" onClick={() => ui.openDialog({ kind: 'import' })}>
        Import…
      </button>
      {hasEntries && <ExportMenu />}
      {hasEntries && (
        <button type="button" onClick={() => void ui.checkNow()}>
          Check all now
        </button>
      )}
    </div>
  );
}
