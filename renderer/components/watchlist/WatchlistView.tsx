// The watchlist screen: toolbar, filters, the virtualised table and the selected entry's details beside it.
import { useDeferredValue, useMemo } from 'react';
import type { WindowModel } from '../../lib/window-model';
import { useUi } from '../../app/ui';
import { usePainted } from '../../hooks/usePainted';
import { filterEntries, isFilterActive, EMPTY_FILTER, type FilterState } from '../../lib/filter';
import { pluralise } from '../../lib/format';
import { firstEntries, nextSort, sortEntries, type SortState } from '../../lib/sort';
import { EmptyState } from '../common/EmptyState';
import { DetailsPanel } from '../details/DetailsPanel';
import { EntryTable } from './EntryTable';
import { FilterBar } from './FilterBar';
import { rowsPerScreen } from './viewport';
import { Toolbar } from './Toolbar';

interface WatchlistViewProps {
  state: WindowModel;
  filter: FilterState;
  onFilter: (filter: FilterState) => void;
  sort: SortState;
  onSort: (sort: SortState) => void;
  selectedId: string | null;
  now: number;
}

export function WatchlistView({
  state,
  filter,
  onFilter,
  sort,
  onSort,
  selectedId,
  now,
}: WatchlistViewProps) {
  const ui = useUi();
  const entries = state.entries;
  // Typing stays responsive: the list catches up with the filter a frame later if it must.
  const deferredFilter = useDeferredValue(filter);
  // The first render draws only the first screenful, in the full list's order and with its row count, so a long
  // watchlist shows rows as soon as it arrives; sorting all of it follows once that frame is painted.
  const painted = usePainted();
  const partial = !painted && !isFilterActive(deferredFilter);
  const sorted = useMemo(() => (partial ? null : sortEntries(entries, sort)), [partial, entries, sort]);
  const rows = useMemo(
    () => (sorted ? filterEntries(sorted, deferredFilter) : firstEntries(entries, sort, rowsPerScreen())),
    [sorted, deferredFilter, entries, sort],
  );
  // Counted once per state, as the table arrived (lib/window-model.ts).
  const { counts, tags } = state;
  const selected = selectedId ? entries.find((e) => e.id === selectedId) : undefined;

  // Closing the details hands focus back to the entry's row, so keyboard users continue where they were.
  const closeDetails = () => {
    const row = document.querySelector<HTMLElement>('[role="grid"] [role="row"][aria-selected="true"]');
    ui.select(null);
    row?.focus();
  };

  let body;
  if (entries.length === 0) {
    body = (
      <EmptyState
        title="Nothing is watched yet"
        action={
          <button type="button" className="primary" onClick={() => ui.openDialog({ kind: 'add' })}>
            Add your first host
          </button>
        }
      >
        <p>
          Add a host such as <code>example.com</code>, <code>api.example.com:8443</code> or{' '}
          <code>smtp://mail.example.com</code>, or paste a whole list. Certwatch checks each one and warns you
          before a certificate expires or breaks.
        </p>
      </EmptyState>
    );
  } else if (rows.length === 0) {
    body = (
      <EmptyState
        title="No entries match these filters"
        action={
          <button type="button" onClick={() => onFilter(EMPTY_FILTER)}>
            Clear filters
          </button>
        }
      />
    );
  } else {
    body = (
      <EntryTable
        rows={rows}
        total={partial ? entries.length : rows.length}
        sort={sort}
        onSort={(key) => onSort(nextSort(sort, key))}
        selectedId={selectedId}
        onSelect={ui.select}
        onDelete={(entry) => void ui.remove(entry)}
        now={now}
      />
    );
  }

  return (
    <div
      className={selectedId ? 'watchlist with-details' : 'watchlist'}
      onKeyDown={(event) => {
        // Escape anywhere in the watchlist (not in a menu or dialog, which stop it) closes the details.
        if (event.key === 'Escape' && selectedId && !event.defaultPrevented) closeDetails();
      }}
    >
      <section className="watchlist-main" aria-labelledby="watchlist-heading">
        <div className="view-heading">
          <h2 id="watchlist-heading">Watchlist</h2>
          <Toolbar hasEntries={entries.length > 0} />
        </div>
        {entries.length > 0 && (
          <>
            <FilterBar filter={filter} onChange={onFilter} counts={counts} tags={tags} />
            <p className="result-count">
              {isFilterActive(deferredFilter)
                ? `Showing ${rows.length.toLocaleString()} of ${pluralise(entries.length, 'entry', 'entries')}`
                : pluralise(entries.length, 'entry', 'entries')}
            </p>
          </>
        )}
        {body}
      </section>
      {selectedId && (
        <DetailsPanel
          key={selectedId}
          id={selectedId}
          row={selected}
          settings={state.settings}
          now={now}
          onClose={closeDetails}
        />
      )}
    </div>
  );
}
