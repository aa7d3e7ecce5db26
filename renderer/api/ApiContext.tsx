// Hands the typed `window.certwatch` API to every component, wrapped so a broken bridge (a rejected promise)
// comes back as an ordinary error result the view can show.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { CertwatchApi, Channel, IpcResult, RequestOf, ResponseOf } from '../../main/shared/contract';

export type Call = <C extends Channel>(
  channel: C,
  request: RequestOf<C>,
) => Promise<IpcResult<ResponseOf<C>>>;

export interface ApiHandle {
  call: Call;
  on: CertwatchApi['on'];
}

const ApiContext = createContext<ApiHandle | null>(null);

export function safeCall(api: CertwatchApi): Call {
  return async (channel, request) => {
    try {
      return await api.call(channel, request);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'FAILED', message: `Certwatch did not answer (${message}).` } };
    }
  };
}

export function ApiProvider({ api, children }: { api: CertwatchApi; children: ReactNode }) {
  const handle = useMemo<ApiHandle>(() => ({ call: safeCall(api), on: api.on.bind(api) }), [api]);
  return <ApiContext.Provider value={handle}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiHandle {
  const handle = useContext(ApiContext);
  if (!handle) throw new Error('useApi() needs an <ApiProvider> above it.');
  return handle;
}
