// The window's first state, asked for by the entry (main.tsx) as soon as the API exists, before React and the
// views have loaded. Once it is in, the window's first render shows the watchlist at once, instead of a loading
// screen and one more frame while its own request comes back. No React here: the entry stays small.
import type { CertwatchApi, IpcResult, WindowState } from '../../main/shared/contract';
import type { WindowModel } from '../lib/window-model';

export interface FirstState {
  promise: Promise<IpcResult<WindowState>>;
  /** The answer, once it has arrived. */
  settled?: IpcResult<WindowState>;
  /** The answer's rows as the views read them, when the entry has read them already (to paint the first screen). */
  model?: WindowModel;
}

export function askFirstState(api: CertwatchApi): FirstState {
  const promise = api.call('window:state', {}).catch((error: unknown): IpcResult<WindowState> => ({
    ok: false,
    error: {
      code: 'FAILED',
      message: `Certwatch did not answer (${error instanceof Error ? error.message : String(error)}).`,
    },
  }));
  const first: FirstState = { promise };
  void promise.then((result) => (first.settled = result));
  return first;
}
