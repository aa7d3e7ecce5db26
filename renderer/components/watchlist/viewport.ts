// The window's size as the table's first render reads it (the DOM's side of geometry.ts).
import { FALLBACK_VIEWPORT, rowsPerScreenAt } from './geometry';

export function initialViewport(): { width: number; height: number } {
  if (typeof window === 'undefined' || !window.innerHeight) return FALLBACK_VIEWPORT;
  return { width: window.innerWidth, height: window.innerHeight };
}

/** How many rows the first render draws at most in this window. */
export function rowsPerScreen(): number {
  return rowsPerScreenAt(initialViewport().height);
}
