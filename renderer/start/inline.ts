// The bridge build's start, inlined at the top of index.html (vite.config.ts, with its hash in the CSP). A page
// the bridge served with its first screen written in (opened with the token: first-screen-markup.ts) only asks
// for the state once that screen is on screen. Otherwise (a reload, whose address has no token) it asks for the
// window's first screen and state before the rest of the page is even parsed and paints the first screen the
// moment its answer is in. Only then does it evaluate the entry (main.tsx, fetched meanwhile through a
// modulepreload link), which takes over from `window.certwatchEarly`.
import { bridgeApi, keepTokenFromAddress } from '../api/bridge-client';
import { OVERSCAN, ROW_HEIGHT } from '../components/watchlist/geometry';
import { screenFromAnswer } from '../first-screen';
import { SERVED_SCREEN_ATTRIBUTE } from '../first-screen-markup';
import { warmFormats } from '../lib/format';
import { createEarlyStart } from './early-start';

// Enough rows for any window on this screen (the painter draws as many as the window shows): the window's own
// height would make the browser lay out the page before the request can leave.
const rows = Math.ceil(Math.max(window.screen.availHeight, 800) / ROW_HEIGHT) + OVERSCAN;
/** Set on <html> by the bridge when #root holds the first screen already: known before the body is parsed. */
const served = document.documentElement.hasAttribute(SERVED_SCREEN_ATTRIBUTE);
let onScreen: () => void = () => undefined;
const api = bridgeApi(window, {
  prefetch: true,
  // Sorted by the bridge as this page compares text, so its rows come in the order the table shows: the
  // browser's language is its default collation's locale.
  ...(served
    ? { after: new Promise<void>((resolve) => (onScreen = resolve)) }
    : { firstScreen: { rows, locale: navigator.language } }),
  keepToken: false,
});

/** Calls `then` once the document is parsed: painting into #root while the parser still fills it would mix the two. */
function whenParsed(then: () => void): void {
  if (document.readyState !== 'loading') return then();
  document.addEventListener('readystatechange', then, { once: true });
}

/**
 * Fetches the entry and the window's main chunk (React and the views) and compiles them off the main thread,
 * without evaluating them: what `<link rel="modulepreload">` in the page did, started when this start decides.
 */
function preload(): void {
  for (const href of __CERTWATCH_PRELOADS__) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    document.head.append(link);
  }
}

let entryAsked = false;
/** Evaluates the entry, once. */
function loadEntry(): void {
  if (entryAsked) return;
  entryAsked = true;
  import(__CERTWATCH_ENTRY__).catch((error: unknown) => {
    // Without the entry there is no window; one plain sentence beats a loading screen that never ends.
    const root = document.getElementById('root');
    if (root) {
      root.inert = false;
      root.textContent = `Certwatch could not load its window: ${(error as Error).message}`;
    }
  });
}

/** The token is kept once the first screen is up: until then the page only waits on its requests. */
const keep = () => keepTokenFromAddress(window);

if (api && served) {
  whenParsed(() => {
    const early = createEarlyStart(api);
    window.certwatchEarly = early;
    const root = document.getElementById('root');
    if (root) early.adopt(root);
    const shown = early.shown ?? Promise.resolve();
    // The megabyte of state is asked for, and the window's code fetched and compiled (two cores are shared
    // with the first screen's layout), after the frame that shows the served screen.
    void shown.then(() => {
      onScreen();
      preload();
      keep();
      loadEntry();
    });
  });
} else if (api) {
  preload();
  const early = createEarlyStart(api);
  window.certwatchEarly = early;
  api.call('window:first-screen', { rows }).then(
    (answer) =>
      whenParsed(() => {
        const root = document.getElementById('root');
        // The state may have come first (then the entry paints from it).
        if (answer.ok && root && !early.first.settled)
          early.paint(root, screenFromAnswer(answer.value, Date.now()), Date.now());
        // After that screen's frame; at once when none was painted (a banner is due, an empty watchlist, an error).
        if (early.shown) void early.shown.then(loadEntry);
        else loadEntry();
      }),
    () => whenParsed(loadEntry),
  );
  // Never later than this, whatever the first screen's answer does.
  setTimeout(() => whenParsed(loadEntry), 2000);
  // While the answer travels: the date and number formats the screen is written with cost a fresh page tens of
  // ms to make (ICU), spent now rather than once the answer is in.
  warmFormats();
  // Or once the state is in, when none is painted: whatever arrives would wait on those two blocking calls.
  void Promise.race([early.screenShown, early.first.promise.then(() => early.shown)]).then(keep, keep);
} else {
  preload();
  keep();
  whenParsed(loadEntry);
}
