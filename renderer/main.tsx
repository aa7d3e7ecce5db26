// Entry point, kept small: it makes the API (in bridge mode that sends the first screen's and the state's
// requests, api/early.ts), paints the watchlist's first screen as soon as it can (first-screen.ts: from the first
// screen's small answer, else from the state), then evaluates the window itself (boot.tsx: React and the views,
// fetched alongside through a modulepreload link) and, once the state is in, mounts it over that screen. Until
// then, index.html's own loading screen shows.
import { earlyApi, earlyScreen } from './api/early';
import { askFirstState, type FirstState } from './api/first-state';
import {
  canPaintFirstScreen,
  paintFirstScreen,
  screenFromAnswer,
  screenFromModel,
  type FirstScreen,
} from './first-screen';
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

/** The window itself (React and the views), imported once: evaluating it takes the main thread for a while. */
let windowChunk: Promise<typeof import('./boot')> | undefined;
const loadWindow = () => (windowChunk ??= import('./boot'));

/** Mounts the window over whatever #root shows (the loading screen, or the first screen, which it replaces). */
function boot(first?: FirstState): void {
  loadWindow().then(
    ({ mount }) => {
      // React's first render replaces the first screen, if one was painted, and brings the controls to life.
      root.inert = false;
      mount(root, earlyApi, first);
    },
    (error: unknown) => {
      // Without React there is no nicer screen to show; one plain sentence beats a blank window.
      root.inert = false;
      root.textContent = `Certwatch could not load its window: ${(error as Error).message}`;
    },
  );
}

/**
 * Resolves once the frame showing the DOM as it is now has been painted: an animation frame comes just before
 * the paint, a task queued from it after. A hidden page gets no frames (a window made before it is shown), so
 * there it resolves at once.
 */
function painted(): Promise<void> {
  if (document.visibilityState === 'hidden') return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** Set once the first screen is in the DOM: when its frame is on screen. */
let shown: Promise<void> | undefined;
function paint(screen: FirstScreen, now: number): void {
  if (shown || !canPaintFirstScreen(screen)) return;
  paintFirstScreen(root, screen, now, window.innerHeight);
  // Its controls do nothing until React has taken over: they take no clicks, focus or keys meanwhile.
  root.inert = true;
  shown = painted();
}

// Asked here, not by the window once mounted, so the request travels while the page loads.
const first = earlyApi && askFirstState(earlyApi);
if (!first) boot();
else {
  // The small answer usually comes first: its screen is painted, then React and the views are evaluated while
  // the whole state travels. Once the state is in, the first screen is React's to draw.
  void earlyScreen?.then((answer) => {
    if (!answer.ok || first.settled) return;
    paint(screenFromAnswer(answer.value, Date.now()), Date.now());
    void shown?.then(loadWindow);
  });
  void first.promise.then((result) => {
    if (!result.ok) return boot(first);
    const now = Date.now();
    const model = windowModel(result.value);
    // React's first render reads the same rows (useAppState), not a second pass over the table.
    first.model = model;
    paint(screenFromModel(model, now), now);
    // React and the views evaluate after that frame, so they cannot hold it back.
    if (shown) void shown.then(() => boot(first));
    else boot(first);
  });
}
