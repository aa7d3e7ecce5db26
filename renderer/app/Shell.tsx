// The window once the API is there: loads state, owns navigation, selection, filters, dialogs and the toast,
// and answers main's navigate:* events.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TableRow } from '../lib/window-model';
import { targetName } from '../../main/shared/entry-name';
import { useApi } from '../api/ApiContext';
import type { FirstState } from '../api/first-state';
import { AddDialog } from '../components/entry/AddDialog';
import { EditDialog } from '../components/entry/EditDialog';
import { ImportDialog } from '../components/entry/ImportDialog';
import { Toast, type ToastMessage } from '../components/common/Toast';
import { Banners } from '../components/layout/Banners';
import { Header } from '../components/layout/Header';
import { LoadErrorScreen, LoadingScreen } from '../components/layout/StatusScreens';
import { OverviewView } from '../components/overview/OverviewView';
import { QuickCheckDialog } from '../components/quick/QuickCheckDialog';
import { WatchlistView } from '../components/watchlist/WatchlistView';
import { useAppState } from '../hooks/useAppState';
import { useNow } from '../hooks/useNow';
import { EMPTY_FILTER, type FilterState } from '../lib/filter';
import { pluralise } from '../lib/format';
import { DEFAULT_SORT, type SortState } from '../lib/sort';
import { UiContext, type DialogState, type UiActions, type View } from './ui';

// Settings (with the form validation only it needs) load on first visit, not with the page: the watchlist's
// first paint does not wait for code it does not run.
const SettingsView = lazy(() =>
  import('../components/settings/SettingsView').then((m) => ({ default: m.SettingsView })),
);

/** Plain messages leave on their own; one with an action (Undo) stays until replaced or dismissed. */
const TOAST_MS = 8000;

export function Shell({ first }: { first?: FirstState | undefined }) {
  const { call, on } = useApi();
  const { load, refresh } = useAppState(first);
  const now = useNow(30_000);
  const [view, setView] = useState<View>('watchlist');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const [filter, setFilter] = useState<FilterState>(EMPTY_FILTER);
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const toastId = useRef(0);

  const notify = useCallback(
    (text: string, tone: 'info' | 'error' = 'info', action?: ToastMessage['action']) => {
      toastId.current += 1;
      setToast({ id: toastId.current, text, tone, ...(action ? { action } : {}) });
    },
    [],
  );

  useEffect(() => {
    if (!toast || toast.action) return;
    const timer = setTimeout(() => setToast((t) => (t?.id === toast.id ? null : t)), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  const undoRemove = useCallback(
    async (undoToken: string, entry: Pick<TableRow, 'id' | 'target' | 'host' | 'port' | 'sni'>) => {
      const result = await call('entries:undo-remove', { undoToken });
      if (!result.ok)
        notify(`Could not restore ${targetName(entry, entry.target)}: ${result.error.message}`, 'error');
      else if (result.value.restored === 0) {
        notify(
          `${targetName(entry, entry.target)} was not restored: it is already in the watchlist.`,
          'error',
        );
      } else notify(`Restored ${targetName(entry, entry.target)}.`);
      await refresh();
    },
    [call, notify, refresh],
  );

  const remove = useCallback(
    async (entry: Pick<TableRow, 'id' | 'target' | 'host' | 'port' | 'sni'>) => {
      const result = await call('entries:remove', { ids: [entry.id] });
      if (!result.ok) {
        notify(`Could not delete ${targetName(entry, entry.target)}: ${result.error.message}`, 'error');
        return;
      }
      setSelectedId((current) => (current === entry.id ? null : current));
      const { undoToken } = result.value;
      notify(`Deleted ${targetName(entry, entry.target)}.`, 'info', {
        label: 'Undo',
        run: () => void undoRemove(undoToken, entry),
      });
      await refresh();
    },
    [call, notify, refresh, undoRemove],
  );

  const checkNow = useCallback(
    async (ids?: string[]) => {
      const result = await call('checks:run', ids ? { ids } : {});
      if (!result.ok) notify(`Could not start the check: ${result.error.message}`, 'error');
      else if (!ids) notify(`Checking ${pluralise(result.value.started, 'entry', 'entries')}…`);
    },
    [call, notify],
  );

  const ui = useMemo<UiActions>(
    () => ({
      select: setSelectedId,
      show: setView,
      openDialog: setDialog,
      closeDialog: () => setDialog(null),
      remove,
      checkNow,
      notify,
      refresh,
    }),
    [remove, checkNow, notify, refresh],
  );

  useEffect(() => {
    const offEntry = on('navigate:entry', ({ id }) => {
      setDialog(null);
      setView('watchlist');
      setSelectedId(id);
    });
    const offEntries = on('navigate:entries', ({ ids }) => {
      setDialog(null);
      setView('watchlist');
      setFilter({ statuses: [], text: '', tags: [], ids });
    });
    const offQuick = on('navigate:quick-check', () => setDialog({ kind: 'quick-check' }));
    return () => {
      offEntries();
      offEntry();
      offQuick();
    };
  }, [on]);

  if (load.phase === 'loading') return <LoadingScreen />;
  if (load.phase === 'error')
    return <LoadErrorScreen message={load.message} onRetry={() => void refresh()} />;
  const { state } = load;

  return (
    <UiContext.Provider value={ui}>
      <div className="app" inert={dialog !== null}>
        <Header view={view} onView={setView} onQuickCheck={() => setDialog({ kind: 'quick-check' })} />
        <Banners state={state} now={now} />
        <main className="app-main">
          {view === 'watchlist' && (
            <WatchlistView
              state={state}
              filter={filter}
              onFilter={setFilter}
              sort={sort}
              onSort={setSort}
              selectedId={selectedId}
              now={now}
            />
          )}
          {view === 'overview' && (
            <OverviewView
              state={state}
              now={now}
              onShowStatus={(status) => {
                setFilter({ ...EMPTY_FILTER, statuses: [status] });
                setView('watchlist');
              }}
            />
          )}
          {view === 'settings' && (
            <Suspense
              fallback={
                <div className="screen" role="status">
                  <p>Loading settings…</p>
                </div>
              }
            >
              <SettingsView state={state} now={now} />
            </Suspense>
          )}
        </main>
      </div>
      <Toast toast={toast} onDismiss={() => setToast(null)} />
      {dialog?.kind === 'add' && <AddDialog existing={state.entries} />}
      {dialog?.kind === 'edit' && <EditDialog id={dialog.id} settings={state.settings} />}
      {dialog?.kind === 'import' && <ImportDialog />}
      {dialog?.kind === 'quick-check' && <QuickCheckDialog />}
    </UiContext.Provider>
  );
}
