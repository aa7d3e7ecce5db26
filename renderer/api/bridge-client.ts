// `window.certwatch` for a plain browser tab served by the development web bridge (main/bridge): calls are POSTs
// carrying the session token, events arrive as Server-Sent Events. Only the bridge-mode build bundles this.
import {
  CHANNELS,
  EVENTS,
  type CertwatchApi,
  type Channel,
  type EventName,
  type IpcResult,
  type RequestOf,
  type ResponseOf,
} from '../../main/shared/contract';

const TOKEN_KEY = 'certwatch-bridge-token';

export interface BridgeClientOptions {
  token: string;
  /** Origin of the bridge; '' (the page's own) in the bridge build. */
  base?: string;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

function isIpcResult(value: unknown): value is IpcResult<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

export function createBridgeClient(options: BridgeClientOptions): CertwatchApi {
  const fetchFn = options.fetch ?? fetch.bind(globalThis);
  const Source = options.EventSource ?? EventSource;
  const base = options.base ?? '';
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;
  let dropped = false;

  const dispatch = (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  async function call<C extends Channel>(
    channel: C,
    request: RequestOf<C>,
  ): Promise<IpcResult<ResponseOf<C>>> {
    if (!(CHANNELS as readonly string[]).includes(channel))
      return {
        ok: false,
        error: { code: 'INVALID_REQUEST', message: `Unknown channel ${String(channel)}.` },
      };
    const response = await fetchFn(`${base}/api/call/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
      body: JSON.stringify(request ?? {}),
      cache: 'no-store',
      credentials: 'omit',
    });
    // Refusals (wrong token, invalid payload) come back as IpcResult bodies too, whatever the HTTP status.
    const body: unknown = await response.json().catch(() => null);
    if (isIpcResult(body)) return body as IpcResult<ResponseOf<C>>;
    throw new Error(`the bridge answered HTTP ${response.status}`);
  }

  function connect(): void {
    if (source) return;
    // EventSource cannot send headers; the stream takes the token as a query parameter instead.
    source = new Source(`${base}/api/events?token=${encodeURIComponent(options.token)}`);
    for (const event of EVENTS) {
      source.addEventListener(event, (message) => {
        try {
          dispatch(event, JSON.parse((message as MessageEvent<string>).data) as unknown);
        } catch {
          // A frame cut short by a restart: the next state push or the reconnect refresh replaces it.
        }
      });
    }
    source.addEventListener('error', () => void (dropped = true));
    source.addEventListener('open', () => {
      if (!dropped) return;
      dropped = false;
      // Changes made while the stream was down were never pushed: ask for the state once.
      call('state:get', {}).then(
        (result) => result.ok && dispatch('state:changed', result.value),
        () => undefined,
      );
    });
  }

  return {
    call,
    on(event, listener) {
      if (!(EVENTS as readonly string[]).includes(event)) return () => undefined;
      connect();
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => void set.delete(wrapped);
    },
  };
}

type PageWindow = Pick<Window, 'location' | 'history' | 'sessionStorage'>;

/** The token from `#token=…` (then taken out of the address bar), or the one this tab was opened with. */
export function takeToken(win: PageWindow): string | null {
  const fromHash = new URLSearchParams(win.location.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    try {
      win.sessionStorage.setItem(TOKEN_KEY, fromHash);
    } catch {
      // Storage off: the page still works until it is reloaded.
    }
    win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}`);
    return fromHash;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function bridgeApi(win: PageWindow = window): CertwatchApi | undefined {
  const token = takeToken(win);
  return token ? createBridgeClient({ token }) : undefined;
}
