// The watchlist's first screen, painted by the entry (main.tsx) from the first answer in (`window:first-screen`,
// else the state itself), before React and the views have loaded; React's first render then replaces it with the
// same DOM. Every text, the row order and the rows drawn come from the functions the views use (lib/,
// geometry.ts, columns.ts, views.ts); test/renderer/first-screen.test.tsx holds the markup equal to React's.
import type { FirstScreenState } from '../main/shared/contract';
import { targetName } from '../main/shared/entry-name';
import { readTable, type StatusCounts } from '../main/shared/window-state';
import { VIEWS } from './app/views';
import { COLUMNS } from './components/watchlist/columns';
import { HEADER_HEIGHT, ROW_HEIGHT, rowsDrawnAtTop, rowsPerScreen } from './components/watchlist/geometry';
import { anyBanner, bannerFacts, type BannerFacts } from './lib/banners';
import {
  formatDaysLeft,
  formatLocalDate,
  formatLocalDateTime,
  formatRelative,
  formatUtc,
  pluralise,
} from './lib/format';
import { problemCell } from './lib/problem-cell';
import { DEFAULT_SORT, firstEntries } from './lib/sort';
import { ROW_STATUSES, STATUS_LABEL, STATUS_MEANING, type RowStatus } from './lib/status';
import { sortTags, type TableRow, type WindowModel } from './lib/window-model';

/** What the first screen shows: the first rows in the table's default order, and the whole list's counts. */
export interface FirstScreen {
  /** At least the rows a first screen draws (`rowsPerScreen()`), in order. */
  rows: readonly TableRow[];
  total: number;
  counts: StatusCounts;
  tags: ReadonlyArray<{ tag: string; count: number }>;
  banners: BannerFacts;
}

/** The first screen of the whole watchlist: its first rows picked here, as the table's first render picks them. */
export function screenFromModel(model: WindowModel, now: number): FirstScreen {
  return {
    rows: firstEntries(model.entries, DEFAULT_SORT, rowsPerScreen()),
    total: model.entries.length,
    counts: model.counts,
    tags: model.tags,
    banners: bannerFacts(model, now),
  };
}

/** The first screen as `window:first-screen` answers it: the rows picked by the app or bridge, in order. */
export function screenFromAnswer(answer: FirstScreenState, now: number): FirstScreen {
  return {
    rows: readTable(answer.first).rows,
    total: answer.total,
    counts: answer.statuses,
    tags: sortTags([...answer.tags]),
    banners: bannerFacts(answer, now),
  };
}

type Child = Node | string | false | null | undefined;
type Attrs = Record<string, string | number | undefined>;

/** One element; attributes in the order React sets them (the order of the JSX props), text as text nodes. */
function h(tag: string, attrs: Attrs, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs))
    if (value !== undefined) el.setAttribute(name, String(value));
  for (const child of children)
    if (child !== false && child !== null && child !== undefined && child !== '') el.append(child);
  return el;
}

/** An element with an inline style, set as React sets it (property by property, lengths in px). */
function styled(el: HTMLElement, style: Record<string, string>): HTMLElement {
  for (const [name, value] of Object.entries(style)) el.style.setProperty(name, value);
  return el;
}

function muted(text: string): HTMLElement {
  return h('span', { class: 'muted' }, text);
}

function statusBadge(status: RowStatus): HTMLElement {
  return h('span', { class: `badge badge-${status}`, title: STATUS_MEANING[status] }, STATUS_LABEL[status]);
}

function row(entry: TableRow, index: number, now: number): HTMLElement {
  const problem = problemCell(entry);
  const name = targetName(entry, entry.target);
  const el = h(
    'div',
    {
      role: 'row',
      'aria-rowindex': index + 2,
      'aria-selected': 'false',
      tabindex: index === 0 ? 0 : -1,
      'data-index': index,
      class: `grid-row${entry.enabled ? '' : ' disabled'}`,
    },
    h(
      'div',
      { role: 'gridcell', class: 'cell col-status cell-status' },
      statusBadge(entry.status),
      entry.checking && h('span', { class: 'row-flag' }, 'Checking…'),
      !entry.enabled && h('span', { class: 'row-flag' }, 'Disabled'),
      entry.snoozed && h('span', { class: 'row-flag' }, 'Snoozed'),
    ),
    h('div', { role: 'gridcell', class: 'cell col-target cell-target mono', title: name }, name),
    h(
      'div',
      { role: 'gridcell', class: 'cell col-label cell-label' },
      entry.label && h('span', { class: 'row-label' }, entry.label),
      ...entry.tags.map((tag) => h('span', { class: 'tag' }, tag)),
    ),
    h(
      'div',
      { role: 'gridcell', class: `cell col-daysLeft cell-days numeric days-${entry.status}` },
      formatDaysLeft(entry.daysLeft),
    ),
    h(
      'div',
      { role: 'gridcell', class: 'cell col-notAfter' },
      entry.notAfter
        ? h(
            'time',
            { datetime: entry.notAfter, title: formatUtc(entry.notAfter) },
            formatLocalDate(entry.notAfter),
          )
        : muted('—'),
    ),
    h(
      'div',
      { role: 'gridcell', class: 'cell col-issuer', title: entry.issuer ?? undefined },
      entry.issuer ?? muted('—'),
    ),
    h(
      'div',
      { role: 'gridcell', class: 'cell col-lastCheckedAt' },
      entry.lastCheckedAt
        ? h(
            'time',
            {
              datetime: entry.lastCheckedAt,
              title: `${formatLocalDateTime(entry.lastCheckedAt)} (${formatUtc(entry.lastCheckedAt)})`,
            },
            formatRelative(entry.lastCheckedAt, now),
          )
        : muted('Never'),
    ),
    h(
      'div',
      { role: 'gridcell', class: 'cell col-headline cell-problem', title: problem || undefined },
      problem,
    ),
  );
  return styled(el, { height: `${ROW_HEIGHT}px`, transform: `translateY(${index * ROW_HEIGHT}px)` });
}

function grid(screen: FirstScreen, now: number, viewportHeight: number): HTMLElement {
  const total = screen.total;
  // The rows React's first render draws: the first screenful in the default order, then the virtualiser's range.
  const rows = screen.rows.slice(0, Math.min(rowsPerScreen(), total));
  const drawn = rows.slice(0, rowsDrawnAtTop(rows.length, viewportHeight));
  const head = styled(
    h(
      'div',
      { role: 'row', 'aria-rowindex': 1, class: 'grid-row grid-head-row' },
      ...COLUMNS.map((column) => {
        const sorted = DEFAULT_SORT.key === column.key;
        return h(
          'div',
          {
            role: 'columnheader',
            'aria-sort': sorted ? (DEFAULT_SORT.dir === 'asc' ? 'ascending' : 'descending') : 'none',
            class: `cell col-${column.key}${column.numeric ? ' numeric' : ''}`,
          },
          h(
            'button',
            { type: 'button', class: 'sort-button' },
            column.label,
            h(
              'span',
              { 'aria-hidden': 'true', class: 'sort-arrow' },
              sorted ? (DEFAULT_SORT.dir === 'asc' ? '▲' : '▼') : '',
            ),
          ),
        );
      }),
    ),
    { height: `${HEADER_HEIGHT}px` },
  );
  return h(
    'div',
    {
      role: 'grid',
      'aria-label': 'Watchlist',
      'aria-rowcount': total + 1,
      // Busy while only the first screenful is there, as in React's first render.
      'aria-busy': rows.length < total ? 'true' : undefined,
      'aria-colcount': COLUMNS.length,
      'aria-readonly': 'true',
      class: 'grid',
    },
    h('div', { role: 'rowgroup', class: 'grid-head' }, head),
    styled(
      h('div', { role: 'rowgroup', class: 'grid-body' }, ...drawn.map((entry, i) => row(entry, i, now))),
      { height: `${total * ROW_HEIGHT}px` },
    ),
  );
}

function filterBar(screen: FirstScreen): HTMLElement {
  const chip = (className: string, label: string, count: number) =>
    h(
      'button',
      { type: 'button', class: className, 'aria-pressed': 'false' },
      `${label} `,
      h('span', { class: 'chip-count' }, String(count)),
    );
  return h(
    'div',
    { class: 'filter-bar' },
    // React sets an input's type and value after its other attributes.
    h('input', {
      class: 'filter-text',
      'aria-label': 'Filter entries',
      placeholder: 'Filter by host, label, owner, issuer, problem…',
      type: 'search',
      value: '',
    }),
    h(
      'div',
      { role: 'group', 'aria-label': 'Status', class: 'chips' },
      ...ROW_STATUSES.filter((s) => screen.counts[s] > 0).map((s) =>
        chip(`chip chip-${s}`, STATUS_LABEL[s], screen.counts[s]),
      ),
    ),
    screen.tags.length > 0 &&
      h(
        'div',
        { role: 'group', 'aria-label': 'Tags', class: 'chips' },
        ...screen.tags.map(({ tag, count }) => chip('chip chip-tag', `#${tag}`, count)),
      ),
  );
}

function header(): HTMLElement {
  return h(
    'header',
    { class: 'app-header' },
    h('h1', { class: 'app-title' }, 'Certwatch'),
    h(
      'nav',
      { 'aria-label': 'Views', class: 'app-nav' },
      ...VIEWS.map((v) =>
        h(
          'button',
          {
            type: 'button',
            class: 'nav-button',
            'aria-current': v.view === 'watchlist' ? 'page' : undefined,
          },
          v.label,
        ),
      ),
    ),
    h('button', { type: 'button' }, 'Quick check…'),
  );
}

function toolbar(): HTMLElement {
  return h(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': 'Watchlist actions' },
    h('button', { type: 'button', class: 'primary' }, 'Add…'),
    h('button', { type: 'button' }, 'Import…'),
    h(
      'div',
      { class: 'disclosure' },
      h(
        'button',
        { type: 'button', 'aria-expanded': 'false' },
        'Export ',
        h('span', { 'aria-hidden': 'true' }, '▾'),
      ),
    ),
    h('button', { type: 'button' }, 'Check all now'),
  );
}

/**
 * Whether the first screen can be painted before React: a watchlist with entries and nothing else to say. A
 * banner (checks broken on this computer, a notice, a pause) must never be missing above rows that may read OK,
 * and the empty watchlist has its own screen: both wait for React.
 */
export function canPaintFirstScreen(screen: FirstScreen): boolean {
  return screen.total > 0 && !anyBanner(screen.banners);
}

/**
 * Replaces `container`'s content with the window as React first renders it for `screen`: the watchlist view,
 * default filter and order, nothing selected. Inert until React takes over (it has no handlers).
 */
export function paintFirstScreen(
  container: HTMLElement,
  screen: FirstScreen,
  now: number,
  viewportHeight: number,
): void {
  const app = h(
    'div',
    { class: 'app' },
    header(),
    h(
      'main',
      { class: 'app-main' },
      h(
        'div',
        { class: 'watchlist' },
        h(
          'section',
          { class: 'watchlist-main', 'aria-labelledby': 'watchlist-heading' },
          h('div', { class: 'view-heading' }, h('h2', { id: 'watchlist-heading' }, 'Watchlist'), toolbar()),
          filterBar(screen),
          h('p', { class: 'result-count' }, pluralise(screen.total, 'entry', 'entries')),
          grid(screen, now, viewportHeight),
        ),
      ),
    ),
  );
  const toasts = h('div', {
    class: 'toast-region',
    role: 'status',
    'aria-live': 'polite',
    'aria-label': 'Messages',
  });
  container.replaceChildren(app, toasts);
}
