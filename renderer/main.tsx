// Entry point, kept small: it makes the API first (in bridge mode that sends the state request, api/early.ts),
// then loads the window (boot.tsx: React and the views, a chunk index.html also loads as a script) and mounts it.
import { earlyApi } from './api/early';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/table.css';
import './styles/dialog.css';
import './styles/details.css';
import './styles/overview.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

import('./boot').then(
  ({ mount }) => mount(container, earlyApi),
  (error: unknown) => {
    // Without React there is no nicer screen to show; one plain sentence beats a blank window.
    container.textContent = `Certwatch could not load its window: ${(error as Error).message}`;
  },
);
