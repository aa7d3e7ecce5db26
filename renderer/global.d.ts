// The one door to the rest of the app: the preload (or the web bridge's client) puts the typed API here.
import type { CertwatchApi } from '../main/shared/contract';
import type { EarlyStart } from './start/early-start';

declare global {
  /** The entry's URL, for the bridge build's inline start (start/inline.ts) only; see vite.config.ts. */
  const __CERTWATCH_ENTRY__: string;
  /** The entry's and the window's main chunk's URLs, which the bridge build's inline start preloads. */
  const __CERTWATCH_PRELOADS__: readonly string[];

  interface Window {
    /** Absent when the page is opened without the preload or the bridge client. */
    certwatch?: CertwatchApi;
    /** The page's start as the bridge build's inline script made it (start/inline.ts), for the entry. */
    certwatchEarly?: EarlyStart;
  }
}

export {};
