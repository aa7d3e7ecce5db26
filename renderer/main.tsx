// Entry point, kept small. It takes the page's start (start/early-start.ts): in the bridge build the script
// inlined into index.html has made it (with the bridge client), asked for the first screen and the state, and
// may have painted that screen already, before it evaluated this entry; in the app it is made here, on the
// preload's API. It then evaluates the window itself (boot.tsx: React and the views, fetched alongside through a
// modulepreload link) after the first screen's frame, and, once the state is in, mounts it over that screen.
// Until then, index.html's own loading screen shows.
import type { FirstState } from './api/first-state';
import { screenFromModel } from './first-screen';
import { windowModel } from './lib/window-model';
import { SERVED_SCREEN_ATTRIBUTE } from './first-screen-markup';
import { createEarlyStart } from './start/early-start';
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

const early = window.certwatchEarly ?? (window.certwatch ? createEarlyStart(window.certwatch) : undefined);
// A first screen the page was served with (the app's page handler writes it in) is on screen already.
early?.adopt(root);

/** Mounts the window over whatever #root shows (the loading screen, or the first screen, which it replaces). */
function boot(first?: FirstState): void {
  loadWindow().then(
    ({ mount }) => {
      // React's first render replaces the first screen, if one was painted, and brings the controls to life.
      root.inert = false;
      root.removeAttribute(SERVED_SCREEN_ATTRIBUTE);
      mount(root, early?.api, first);
    },
    (error: unknown) => {
      // Without React there is no nicer screen to show; one plain sentence beats a blank window.
      root.inert = false;
      root.textContent = `Certwatch could not load its window: ${(error as Error).message}`;
    },
  );
}

if (!early) boot();
else {
  const { first } = early;
  // Once a first screen is on screen, React and the views are evaluated while the whole state travels.
  void early.screenShown.then(loadWindow);
  void first.promise.then(async (result) => {
    // A first screen in the DOM is put on screen before the whole list is read.
    if (early.shown) await early.shown;
    if (!result.ok) return boot(first);
    const now = Date.now();
    const model = windowModel(result.value);
    // React's first render reads the same rows (useAppState), not a second pass over the table.
    first.model = model;
    early.paint(root, screenFromModel(model, now), now);
    // React and the views evaluate after that frame, so they cannot hold it back.
    if (early.shown) void early.shown.then(() => boot(first));
    else boot(first);
  });
}
