// What the page's start hands on to the entry (main.tsx): the API, the window's first state (asked for at once)
// and the one first screen painted before React. The bridge build makes it in a script inlined into index.html
// (start/inline.ts), so the first requests leave while the HTML is parsed and the first screen is painted as
// soon as its answer is in, without waiting for the page's own files; the app, where the preload has asked for
// the state already, and a bridge page whose inline script did not run make it in the entry. A page served with
// its first screen written in (first-screen-markup.ts) adopts that one instead of painting its own.
import type { CertwatchApi } from '../../main/shared/contract';
import { askFirstState, type FirstState } from '../api/first-state';
import { canPaintFirstScreen, paintFirstScreen, placeFirstScreen, type FirstScreen } from '../first-screen';
import { SERVED_SCREEN_ATTRIBUTE } from '../first-screen-markup';

export interface EarlyStart {
  api: CertwatchApi;
  first: FirstState;
  /** Set once a first screen is in the DOM: resolves after the frame that shows it. */
  shown?: Promise<void>;
  /** Resolves with `shown`, whenever that comes (never, when no first screen is painted). */
  screenShown: Promise<void>;
  /**
   * Paints `screen` into `root` unless a first screen is there already or it cannot be painted early
   * (`canPaintFirstScreen`); inert until React takes over.
   */
  paint(root: HTMLElement, screen: FirstScreen, now: number): void;
  /**
   * Takes the first screen the page was served with (the app's page handler and the web bridge write it into
   * #root), if it was: then nothing is painted again, and the entry goes on after that screen's frame.
   */
  adopt(root: HTMLElement): void;
}

/**
 * Resolves once the frame showing the DOM as it is now has been painted: an animation frame comes just before
 * the paint, a task queued from it after. A hidden page gets no frames (a window made before it is shown), so
 * there it resolves at once.
 */
function framePainted(): Promise<void> {
  if (document.visibilityState === 'hidden') return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

export function createEarlyStart(api: CertwatchApi): EarlyStart {
  let markShown: () => void = () => undefined;
  const early: EarlyStart = {
    api,
    first: askFirstState(api),
    screenShown: new Promise<void>((resolve) => (markShown = resolve)),
    paint(root, screen, now) {
      if (early.shown || !canPaintFirstScreen(screen)) return;
      paintFirstScreen(root, screen, now, window.innerHeight);
      // Its controls do nothing until React has taken over: they take no clicks, focus or keys meanwhile.
      root.inert = true;
      early.shown = framePainted();
      void early.shown.then(markShown);
    },
    adopt(root) {
      if (early.shown || !root.hasAttribute(SERVED_SCREEN_ATTRIBUTE)) return;
      root.inert = true;
      // Its rows stand in the flow for that first frame (table.css) and take React's places and sizes after it,
      // so the first paint waits on nothing but the HTML.
      early.shown = framePainted().then(() => placeFirstScreen(root));
      void early.shown.then(markShown);
    },
  };
  return early;
}
