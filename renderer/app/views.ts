// The window's three views and their names in the title bar, without React: the header (Header.tsx) and the
// first screen painted before React has loaded (first-screen.ts) list the same ones.
export type View = 'watchlist' | 'overview' | 'settings';

export const VIEWS: ReadonlyArray<{ view: View; label: string }> = [
  { view: 'watchlist', label: 'Watchlist' },
  { view: 'overview', label: 'Overview' },
  { view: 'settings', label: 'Settings' },
];
