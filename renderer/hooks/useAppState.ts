// Loads the window's state once and follows `state:changed`, dropping any update older than what is shown.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { WindowState } from '../../main/shared/contract';
import { useApi } from '../api/ApiContext';
import { windowModel, type WindowModel } from '../lib/window-model';

export type AppStateLoad =
  { phase: 'loading' } | { phase: 'error'; message: string } | { phase: 'ready'; state: WindowModel };

export function useAppState(): { load: AppStateLoad; refresh: () => Promise<void> } {
  const { call, on } = useApi();
  const [load, setLoad] = useState<AppStateLoad>({ phase: 'loading' });
  const revision = useRef(-1);

  const apply = useCallback((state: WindowState) => {
    if (state.revision < revision.current) return;
    revision.current = state.revision;
    setLoad({ phase: 'ready', state: windowModel(state) });
  }, []);

  const refresh = useCallback(async () => {
    const result = await call('window:state', {});
    if (result.ok) apply(result.value);
    else if (revision.current < 0) setLoad({ phase: 'error', message: result.error.message });
  }, [call, apply]);

  useEffect(() => {
    // Subscribe before asking, so a change between the answer and the subscription is not lost.
    const off = on('state:changed', apply);
    void refresh();
    return off;
  }, [on, apply, refresh]);

  const retry = useCallback(async () => {
    if (revision.current < 0) setLoad({ phase: 'loading' });
    await refresh();
  }, [refresh]);

  return { load, refresh: retry };
}
