// The watchlist's first screen as HTML text, as React's first render draws it: no DOM and no React, so one
// function writes it for all three who show it before React has loaded. The page paints it (first-screen.ts);
// the app's page handler (main/app/protocol.ts) and the web bridge (main/bridge/routes.ts) write it into the page
// they serve, so the rows are on screen with the page's first paint. Every text, the row order and the rows drawn
// come from the functions the views use (lib/, geometry.ts, columns.ts, views.ts);
// test/renderer/first-screen.test.tsx holds the markup equal to React's. Pure, browser- and Node-safe.
import type { FirstScreenState } from '../main/shared/contract';
import { targetName } from '../main/shared/entry-name';
import {
  readTable,
  windowFirstScreen,
  type ScreenFacts,
  type ScreenSource,
  type StatusCounts,
} from '../main/shared/window-state';
import { VIEWS } from './app/views';
import { COLUMNS } from './components/watchlist/columns';
import { FALLBACK_VIEWPORT, rowsDrawnAtTop, rowsPerScreenAt } from './components/watchlist/geometry';
import { anyBanner, bannerFacts, type BannerFacts } from './lib/banners';
import {
  createFormats,
  formatDaysLeft,
  formatUtc,
  localFormats,
  pluralise,
  type LocalFormats,
} from './lib/format';
import { problemCell } from './lib/problem-cell';
import { DEFAULT_SORT } from './lib/sort';
import { ROW_STATUSES, STATUS_LABEL, STATUS_MEANING, type RowStatus } from './lib/status';
import { sortTags, type TableRow } from './lib/window-model';

/** What the first screen shows: the first rows in the table's default order, and the whole list's counts. */
export interface FirstScreen {
  /** At least the rows a first screen draws (`rowsPerScreenAt(height)`), in order. */
  rows: readonly TableRow[];
  total: number;
  counts: StatusCounts;
  tags: ReadonlyArray<{ tag: string; count: number }>;
  banners: BannerFacts;
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

/**
 * Whether the first screen can be shown before React: a watchlist with entries and nothing else to say. A
 * banner (checks broken on this computer, a notice, a pause) must never be missing above rows that may read OK,
 * and the empty watchlist has its own screen: both wait for React.
 */
export function canPaintFirstScreen(screen: FirstScreen): boolean {
  return screen.total > 0 && !anyBanner(screen.banners);
}

/** Markup already escaped, as opposed to text (a string), which is escaped where it is written. */
interface Markup {
  html: string;
}

type Child = Markup | string | false | null | undefined;
type Attrs = Record<string, string | number | undefined>;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text from servers and files is data: every character that could end a text or an attribute is escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Elements without an end tag. */
const VOID = new Set(['input']);

/**
 * One element; attributes in the order React sets them (the order of the JSX props), text escaped. No inline
 * style: the CSP refuses style attributes in markup, so the grid's sizes and row offsets are set through the
 * CSSOM once the markup is in the DOM (`placeFirstScreen`, first-screen.ts), and until then its rows stand in
 * the flow at the same places (table.css).
 */
function h(tag: string, attrs: Attrs, ...children: Child[]): Markup {
  let html = `<${tag}`;
  for (const [name, value] of Object.entries(attrs))
    if (value !== undefined) html += ` ${name}="${escapeHtml(String(value))}"`;
  html += '>';
  if (VOID.has(tag)) return { html };
  for (const child of children)
    if (child !== false && child !== null && child !== undefined && child !== '')
      html += typeof child === 'string' ? escapeHtml(child) : child.html;
  return { html: `${html}</${tag}>` };
}

function muted(text: string): Markup {
  return h('span', { class: 'muted' }, text);
}

function statusBadge(status: RowStatus): Markup {
  return h('span', { class: `badge badge-${status}`, title: STATUS_MEANING[status] }, STATUS_LABEL[status]);
}

function row(entry: TableRow, index: number, now: number, formats: LocalFormats): Markup {
  const problem = problemCell(entry);
  const name = targetName(entry, entry.target);
  return h(
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
            formats.date(entry.notAfter),
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
              title: `${formats.dateTime(entry.lastCheckedAt)} (${formatUtc(entry.lastCheckedAt)})`,
            },
            formats.relative(entry.lastCheckedAt, now),
          )
        : muted('Never'),
    ),
    h(
      'div',
      { role: 'gridcell', class: 'cell col-headline cell-problem', title: problem || undefined },
      problem,
    ),
  );
}

function grid(screen: FirstScreen, now: number, viewportHeight: number, formats: LocalFormats): Markup {
  const total = screen.total;
  // The rows React's first render draws: the first screenful in the default order, then the virtualiser's range.
  const rows = screen.rows.slice(0, Math.min(rowsPerScreenAt(viewportHeight), total));
  const drawn = rows.slice(0, rowsDrawnAtTop(rows.length, viewportHeight));
  const head = h(
    'div',
    {
      role: 'row',
      'aria-rowindex': 1,
      class: 'grid-row grid-head-row',
    },
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
    h(
      'div',
      { role: 'rowgroup', class: 'grid-body' },
      ...drawn.map((entry, i) => row(entry, i, now, formats)),
    ),
  );
}

function filterBar(screen: FirstScreen): Markup {
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

function header(): Markup {
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

function toolbar(): Markup {
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
 * The content of #root as React first renders it for `screen` in a window `viewportHeight` px tall: the
 * watchlist view, default filter and order, nothing selected. Texts are written with `formats` (the page's own
 * by default; a server passes the page's language).
 */
export function firstScreenMarkup(
  screen: FirstScreen,
  now: number,
  viewportHeight: number,
  formats: LocalFormats = localFormats,
): string {
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
          h('p', { class: 'result-count' }, pluralise(screen.total, 'entry', 'entries', formats)),
          grid(screen, now, viewportHeight, formats),
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
  return app.html + toasts.html;
}

/** The attribute a served page's #root (and <html>) carries when its first screen is written in already. */
export const SERVED_SCREEN_ATTRIBUTE = 'data-first-screen';

/** index.html's markers around what #root shows until the state is in (the loading screen). */
const ROOT_CONTENT = /(<div id="root")>\s*<!-- first screen -->[\s\S]*?<!-- \/first screen -->\s*/;

/**
 * `indexHtml` with `markup` in #root instead of the loading screen: the root inert (its controls have no
 * handlers until React has taken over) and marked, and <html> marked too, so the page's first script knows
 * before the body is parsed. Null when the page has no marked root to fill (a page built otherwise).
 */
export function pageWithFirstScreen(indexHtml: string, markup: string): string | null {
  if (!ROOT_CONTENT.test(indexHtml) || !/<html\b/.test(indexHtml)) return null;
  return indexHtml
    .replace(ROOT_CONTENT, (_, open: string) => `${open} inert ${SERVED_SCREEN_ATTRIBUTE}>${markup}`)
    .replace(/<html\b/, `<html ${SERVED_SCREEN_ATTRIBUTE}`);
}

/**
 * The window height a served first screen is drawn for when the server does not know the window's (the web
 * bridge: a browser says nothing of its window in its first request): the table's own fallback. With the
 * overscan that is rows for a window some 1,100 px tall; rows below a shorter one are out of sight, and a taller
 * one shows the rest once React has drawn them.
 */
export const SERVED_VIEWPORT_HEIGHT = FALLBACK_VIEWPORT.height;

export interface ServedScreenOptions {
  now: number;
  /** The page's window height, if known (the app made the window). */
  viewportHeight?: number;
  /** The page's language: rows compared, dates and counts written as it does; undefined, this runtime's. */
  locale?: string | undefined;
}

/**
 * `indexHtml` served with `source`'s first screen in it (the app's page handler, the web bridge), or null when
 * the window shows something else first (a banner is due, the watchlist is empty) or the page has no marked
 * root: then the page paints by itself once its calls are answered. Dates are in this runtime's time zone,
 * which is the page's own on the same computer; React's first render writes them again anyway.
 */
export function servedPage<R extends ScreenFacts>(
  indexHtml: string,
  source: ScreenSource<R>,
  options: ServedScreenOptions,
): string | null {
  const height = options.viewportHeight ?? SERVED_VIEWPORT_HEIGHT;
  const answer = windowFirstScreen(source, { rows: rowsPerScreenAt(height), locale: options.locale });
  const screen = screenFromAnswer(answer, options.now);
  if (!canPaintFirstScreen(screen)) return null;
  return pageWithFirstScreen(
    indexHtml,
    firstScreenMarkup(screen, options.now, height, createFormats(options.locale)),
  );
}
