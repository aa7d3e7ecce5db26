// The watchlist grid's fixed geometry and which rows its first render draws, without React or the DOM: the table
// (EntryTable.tsx), the first screen painted before React has loaded (first-screen.ts) and the one the app and
// the web bridge write into the page (first-screen-markup.ts) read the same numbers. The window's own size is
// read in viewport.ts.

export const ROW_HEIGHT = 44;
export const HEADER_HEIGHT = 36;
/** Rows drawn beyond each edge of the visible ones. */
export const OVERSCAN = 8;
export const FALLBACK_VIEWPORT = { width: 1024, height: 800 };

/** How many rows the first render draws at most in a window `height` px tall: a window's height of them, and the overscan. */
export function rowsPerScreenAt(height: number): number {
  return Math.ceil(height / ROW_HEIGHT) + OVERSCAN;
}

/**
 * How many of `count` rows the virtualiser renders at the top of a body `height` px tall (its initial rect):
 * those up to the first that reaches the bottom edge (rows start below the header), then the overscan. The same
 * range `@tanstack/virtual-core` computes for fixed-size rows at scroll offset 0.
 */
export function rowsDrawnAtTop(count: number, height: number): number {
  if (count <= 1) return count;
  const last = Math.min(count - 1, Math.max(0, Math.ceil((height - HEADER_HEIGHT) / ROW_HEIGHT) - 1));
  return Math.min(last + OVERSCAN, count - 1) + 1;
}
