// The one door to the rest of the app: the preload (or the web bridge's client) puts the typed API here.
import type { CertwatchApi } from '../main/shared/contract';

declare global {
  interface Window {
    /** Absent when the page is opened without the preload or the bridge client. */
    certwatch?: CertwatchApi;
  }
}

export {};
