// Entry point, kept small: it makes the API (in bridge mode that sends the state request, api/early.ts), paints
// the watchlist's first screen from the first state as soon as it arrives (first-screen.ts), and only then loads
// the window itself (boot.tsx: React and the views, fetched alongside through a modulepreload link) and mounts it
// over that screen. Until the state is in, index.html's own loading screen shows.
import { earlyApi } from './api/early';
import { askFirstState, type FirstState } from './api/first-state';
import { canPaintFirstScreen, paintFirstScreen } from './first-screen';
import { windowModel } from './lib/window-model';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/table.css';
import './styles/dialog.css';
import './styles/details.css';
import './styles/overview.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');
const root = container;

function boot(first?: FirstState): void {
  import('./boot').then(
    ({ mount }) => mount(root, earlyApi, first),
    (error: unknown) => {
      // Without React there is no nicer screen to show; one plain sentence beats a blank window.
      root.textContent = `Certwatch could not load its window: ${(error as Error).message}`;
    },
  );
}

/**
 * Runs `then` once the frame showing the DOM as it is now has been painted: an animation frame comes just before
 * the paint, a task queued from it after. A hidden page gets no frames (a window made before it is shown), so
 * there it runs at once.
 */
function afterPaint(then: () => void): void {
  if (document.visibilityState === 'hidden') return then();
  requestAnimationFrame(() => setTimeout(then, 0));
}

// Asked here, not by the window once mounted, so the request travels while the page loads.
const first = earlyApi && askFirstState(earlyApi);
if (!first) boot();
else {
  void first.promise.then((result) => {
    if (!result.ok) return boot(first);
    const now = Date.now();
    const model = windowModel(result.value);
    // React's first render reads the same rows (useAppState), not a second pass over the table.
    first.model = model;
    if (!canPaintFirstScreen(model, now)) return boot(first);
    paintFirstScreen(root, model, now, window.innerHeight);
    // React and the views evaluate after that frame, so they cannot hold it back.
    afterPaint(() => boot(first));
  });
}
