// The one door to the rest of the app: the preload (or the web bridge's client) puts the typed API here.
import type { CertwatchApi } from '../main/shared/contract';

declare global {
  /** True only in the web-bridge build (vite --mode bridge); see vite.config.ts. */
  const __CERTWATCH_BRIDGE__: boolean;

  interface Window {
    /** Absent when the page is opened without the preload or the bridge client. */
    certwatch?: CertwatchApi;
  }
}

export {};
