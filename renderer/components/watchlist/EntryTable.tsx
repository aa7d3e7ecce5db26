// The virtualised watchlist grid: sortable headers, only the visible rows in the DOM (thousands stay smooth),
// and row-by-row keyboard navigation (arrows, Home/End, Page keys, Enter opens, Delete removes).
import {
  elementScroll,
  observeElementRect,
  useVirtualizer,
  type Virtualizer,
  type VirtualizerOptions,
} from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { TableRow } from '../../lib/window-model';
import type { SortKey, SortState } from '../../lib/sort';
import { COLUMNS } from './columns';
import { EntryRow } from './EntryRow';
import { FALLBACK_VIEWPORT, HEADER_HEIGHT, OVERSCAN, ROW_HEIGHT } from './geometry';
import { initialViewport } from './viewport';

/**
 * The body's size as layout finds it. Until layout has happened (a hidden panel, or a DOM without layout) the
 * body measures 0px tall and nothing would render; a page's worth of rows is the better guess. In a browser the
 * size comes from a ResizeObserver, which reports after the frame's layout, instead of being read at once inside
 * React's commit (the library's way), which would force a layout of the page before the first paint and a second
 * render in the same task.
 */
function observeRect(
  instance: Virtualizer<HTMLDivElement, Element>,
  cb: (rect: { width: number; height: number }) => void,
) {
  const report = (rect: { width: number; height: number }) => cb(rect.height > 0 ? rect : FALLBACK_VIEWPORT);
  const element = instance.scrollElement;
  const Observer = instance.targetWindow?.ResizeObserver;
  if (!element || !Observer) return observeElementRect(instance, report);
  // Layout is fresh when the observer reports, so reading the size there costs nothing.
  const observer = new Observer(() => report({ width: element.clientWidth, height: element.clientHeight }));
  observer.observe(element);
  return () => observer.disconnect();
}

/**
 * Scrolls the body, except for the virtualiser's first write as it attaches to a new grid: that one says "top",
 * where a new element already is, and writing it would force a layout of the page inside React's commit.
 */
function scrollBody(): VirtualizerOptions<HTMLDivElement, Element>['scrollToFn'] {
  let attached: Element | null = null;
  return (offset, options, instance) => {
    const first = attached !== instance.scrollElement;
    attached = instance.scrollElement;
    if (first && offset === 0 && !options.adjustments) return;
    elementScroll(offset, options, instance);
  };
}

interface EntryTableProps {
  rows: TableRow[];
  /**
   * Rows in the whole list: more than `rows` while only the first screenful is there (the rest is being
   * sorted), so the row count and the scrollbar are right from the first paint.
   */
  total: number;
  sort: SortState;
  onSort: (key: SortKey) => void;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onDelete: (entry: TableRow) => void;
  now: number;
}

export function EntryTable({
  rows,
  total,
  sort,
  onSort,
  selectedId,
  onSelect,
  onDelete,
  now,
}: EntryTableProps) {
  const complete = total === rows.length;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  const [scrollToFn] = useState(scrollBody);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin: HEADER_HEIGHT,
    // Keys stay the default (the index): every row has the same height, so the virtualiser never caches a size
    // per row, and 5,000 id lookups on each new list would be work for nothing. React keys rows by id below.
    observeElementRect: observeRect,
    scrollToFn,
    // A window's worth of rows on the very first render, instead of none until a measured layout adds them:
    // the first paint of a long watchlist already shows rows, and the observer corrects the size after.
    initialRect: initialViewport(),
  });

  const activeIndex = Math.min(active, Math.max(rows.length - 1, 0));
  const items = virtualizer.getVirtualItems();
  // One row is always the grid's tab stop: the active one, or the first rendered when it scrolled away.
  const tabStop = items.some((i) => i.index === activeIndex) ? activeIndex : (items[0]?.index ?? 0);

  // After a keyboard move the target row may only exist once the virtualiser re-renders; focus it then.
  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (row) {
      pendingFocus.current = null;
      row.focus();
    }
  });

  // When the selection comes from elsewhere (a notification, the overview), bring its row into view.
  const rowsRef = useRef(rows);
  useLayoutEffect(() => {
    rowsRef.current = rows;
  }, [rows]);
  useEffect(() => {
    if (!selectedId) return;
    const index = rowsRef.current.findIndex((r) => r.id === selectedId);
    if (index < 0) return;
    setActive(index);
    virtualizer.scrollToIndex(index, { align: 'auto' });
    // Once more when the list is complete: the row may be beyond the first screenful drawn first.
  }, [selectedId, virtualizer, complete]);

  const select = useCallback(
    (id: string, index: number) => {
      setActive(index);
      onSelect(id);
    },
    [onSelect],
  );

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActive(next);
    pendingFocus.current = next;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!(event.target instanceof HTMLElement) || event.target.getAttribute('role') !== 'row') return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight || 600) / ROW_HEIGHT) - 1);
    // The focused row is the reference, however focus got there (keys, click, Tab, script).
    const current = Number(event.target.dataset.index ?? activeIndex);
    const entry = rows[current];
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(current + 1),
      ArrowUp: () => moveTo(current - 1),
      PageDown: () => moveTo(current + page),
      PageUp: () => moveTo(current - page),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      Enter: () => entry && onSelect(entry.id),
      ' ': () => entry && onSelect(entry.id),
      Delete: () => entry && onDelete(entry),
    };
    const run = keys[event.key];
    if (run) {
      event.preventDefault();
      run();
    }
  };

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label="Watchlist"
      aria-rowcount={total + 1}
      aria-busy={complete ? undefined : true}
      aria-colcount={COLUMNS.length}
      aria-readonly="true"
      className="grid"
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="grid-head">
        <div
          role="row"
          aria-rowindex={1}
          className="grid-row grid-head-row"
          style={{ height: HEADER_HEIGHT }}
        >
          {COLUMNS.map((column) => {
            const sorted = sort.key === column.key;
            return (
              <div
                key={column.key}
                role="columnheader"
                aria-sort={sorted ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                className={`cell col-${column.key}${column.numeric ? ' numeric' : ''}`}
              >
                <button type="button" className="sort-button" onClick={() => onSort(column.key)}>
                  {column.label}
                  <span aria-hidden="true" className="sort-arrow">
                    {sorted ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
      </div>
      <div
        role="rowgroup"
        className="grid-body"
        style={{ height: Math.max(virtualizer.getTotalSize(), total * ROW_HEIGHT) }}
      >
        {items.map((item) => {
          const entry = rows[item.index];
          if (!entry) return null;
          return (
            <EntryRow
              key={entry.id}
              entry={entry}
              index={item.index}
              selected={entry.id === selectedId}
              focusable={item.index === tabStop}
              now={now}
              style={{ height: ROW_HEIGHT, transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
              onSelect={select}
            />
          );
        })}
      </div>
    </div>
  );
}
