// Entry point, kept small: it makes the API first (in bridge mode that sends the state request, api/early.ts),
// then loads the window (boot.tsx: React and the views, a chunk index.html also loads as a script) and mounts it.
import { earlyApi } from './api/early';
import { askFirstState } from './api/first-state';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/table.css';
import './styles/dialog.css';
import './styles/details.css';
import './styles/overview.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

// Asked here, not by the window once mounted: if the answer is in by the time React is, the first render shows
// the watchlist.
const first = earlyApi && askFirstState(earlyApi);

import('./boot').then(
  ({ mount }) => mount(container, earlyApi, first),
  (error: unknown) => {
    // Without React there is no nicer screen to show; one plain sentence beats a blank window.
    container.textContent = `Certwatch could not load its window: ${(error as Error).message}`;
  },
);
