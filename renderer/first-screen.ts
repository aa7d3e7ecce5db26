// The watchlist's first screen painted by the page itself, from the first answer in (`window:first-screen`, else
// the state), before React and the views have loaded; React's first render then replaces it with the same DOM.
// The markup is first-screen-markup.ts's, the one the app and the web bridge write into the page they serve.
import { DEFAULT_SORT, firstEntries } from './lib/sort';
import { bannerFacts } from './lib/banners';
import type { WindowModel } from './lib/window-model';
import { HEADER_HEIGHT, ROW_HEIGHT } from './components/watchlist/geometry';
import { rowsPerScreen } from './components/watchlist/viewport';
import { firstScreenMarkup, type FirstScreen } from './first-screen-markup';

export { canPaintFirstScreen, screenFromAnswer, type FirstScreen } from './first-screen-markup';

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
  // Escaped markup (first-screen-markup.ts), parsed in one go: quicker than an element at a time.
  container.innerHTML = firstScreenMarkup(screen, now, viewportHeight);
  placeFirstScreen(container);
}

/**
 * Gives a first screen's grid the sizes and row offsets React's first render sets (inline styles, written here
 * through the CSSOM, which the CSP allows, unlike style attributes in markup): the rows move from the flow to
 * the virtualiser's places without moving on screen, and the body takes the whole list's height.
 */
export function placeFirstScreen(root: HTMLElement): void {
  const grid = root.querySelector('[role="grid"]');
  const body = root.querySelector<HTMLElement>('.grid-body');
  if (!grid || !body) return;
  root.querySelector<HTMLElement>('.grid-head-row')?.style.setProperty('height', `${HEADER_HEIGHT}px`);
  for (const row of body.querySelectorAll<HTMLElement>(':scope > .grid-row')) {
    row.style.setProperty('height', `${ROW_HEIGHT}px`);
    row.style.setProperty('transform', `translateY(${Number(row.dataset.index) * ROW_HEIGHT}px)`);
  }
  const total = Number(grid.getAttribute('aria-rowcount')) - 1;
  // Last: a styled body is what takes its rows out of the flow (table.css).
  body.style.setProperty('height', `${total * ROW_HEIGHT}px`);
}
