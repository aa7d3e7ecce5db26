// Loads the window's state once and follows `state:changed`, dropping any update older than what is shown.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcResult, WindowState } from '../../main/shared/contract';
import type { FirstState } from '../api/first-state';
import { useApi } from '../api/ApiContext';
import { windowModel, type WindowModel } from '../lib/window-model';

export type AppStateLoad =
  { phase: 'loading' } | { phase: 'error'; message: string } | { phase: 'ready'; state: WindowModel };

export function useAppState(first?: FirstState): {
  load: AppStateLoad;
  refresh: () => Promise<void>;
} {
  const { call, on } = useApi();
  // The entry's early answer, when it is already in: the first render shows the watchlist, not a loading screen.
  const [initial] = useState(() => (first?.settled?.ok ? first.settled.value : null));
  const [load, setLoad] = useState<AppStateLoad>(() =>
    initial ? { phase: 'ready', state: first?.model ?? windowModel(initial) } : { phase: 'loading' },
  );
  const revision = useRef(initial?.revision ?? -1);
  const pendingFirst = useRef(first);

  const apply = useCallback((state: WindowState) => {
    if (state.revision < revision.current) return;
    revision.current = state.revision;
    setLoad({ phase: 'ready', state: windowModel(state) });
  }, []);

  const settle = useCallback(
    (result: IpcResult<WindowState>) => {
      if (result.ok) apply(result.value);
      else if (revision.current < 0) setLoad({ phase: 'error', message: result.error.message });
    },
    [apply],
  );

  const refresh = useCallback(async () => {
    settle(await call('window:state', {}));
  }, [call, settle]);

  useEffect(() => {
    // Subscribe before asking, so a change between the answer and the subscription is not lost.
    const off = on('state:changed', apply);
    const early = pendingFirst.current;
    pendingFirst.current = undefined;
    // The entry's request stands for this one (already shown, or still on its way); later mounts ask anew.
    if (early) {
      if (!initial) void early.promise.then(settle);
    } else void refresh();
    return off;
  }, [on, apply, settle, refresh, initial]);

  const retry = useCallback(async () => {
    if (revision.current < 0) setLoad({ phase: 'loading' });
    await refresh();
  }, [refresh]);

  return { load, refresh: retry };
}
