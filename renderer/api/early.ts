// The API the page mounts on when the page's start has not made it: the bridge build's inlined start
// (start/inline.ts) normally has; the Vite dev server in bridge mode (`CERTWATCH_BRIDGE=1 vite`) inlines nothing,
// so its page makes the bridge client here. Made before anything else in the bundle runs, so the first requests
// still overlap with loading the page. main.tsx imports this module first (ES modules evaluate in import order);
// the app build folds the condition to false (there the preload asks for the state as it loads).
import type { CertwatchApi, IpcResult, ResponseOf } from '../../main/shared/contract';
import { rowsPerScreen } from '../components/watchlist/geometry';
import { bridgeApi } from './bridge-client';

// Not when the bridge build's inline start has made the API already (start/inline.ts): one client per page.
const bridged = __CERTWATCH_BRIDGE__ && !window.certwatch && !window.certwatchEarly;

export const earlyApi: CertwatchApi | undefined = bridged
  ? bridgeApi(window, {
      prefetch: true,
      // Sorted by the bridge as this page compares text, so its rows come in the order the table shows: the
      // browser's language is its default collation's locale. (Asking a Collator for its locale would cost the
      // ICU set-up, ~20 ms in a fresh page, before the request leaves.)
      firstScreen: { rows: rowsPerScreen(), locale: navigator.language },
    })
  : window.certwatch;

/** The first screen's answer (bridge mode only): the first rows and the filter counts, before the whole list. */
export const earlyScreen: Promise<IpcResult<ResponseOf<'window:first-screen'>>> | undefined =
  bridged && earlyApi
    ? earlyApi
        .call('window:first-screen', { rows: rowsPerScreen() })
        .catch((error: unknown): IpcResult<ResponseOf<'window:first-screen'>> => ({
          ok: false,
          error: { code: 'FAILED', message: String(error) },
        }))
    : undefined;
