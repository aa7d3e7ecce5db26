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
  /**
   * Ask for the window's state now, before the page has booted, and hand that answer to its first `window:state`
   * call: the request then travels while the rest of the bundle is evaluated instead of after React mounted.
   * The event stream opens at once too, and the newest state pushed before anyone listens waits for the first
   * listener, so a change between this early answer and the page's subscription is not lost.
   */
  prefetch?: boolean;
  /**
   * With `prefetch`: ask for the window's first screen before its state, and hand that answer to the first
   * `window:first-screen` call (a page still loading paints it while the whole watchlist travels).
   */
  firstScreen?: RequestOf<'window:first-screen'>;
  /**
   * With `prefetch`: the state is asked for (and the event stream opened) once this resolves, not at once: a
   * page whose first screen came written into it asks once that screen is on screen.
   */
  after?: Promise<unknown>;
}

function isIpcResult(value: unknown): value is IpcResult<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

export function createBridgeClient(options: BridgeClientOptions): CertwatchApi {
  const fetchFn = options.fetch ?? fetch.bind(globalThis);
  const Source = options.EventSource ?? EventSource;
  const base = options.base ?? '';
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  /** The newest payload of each event pushed while nobody listened (prefetch only). */
  const waiting = new Map<EventName, unknown>();
  let source: EventSource | null = null;
  let dropped = false;
  let early: Promise<IpcResult<ResponseOf<'window:state'>>> | null = null;
  let earlyScreen: Promise<IpcResult<ResponseOf<'window:first-screen'>>> | null = null;

  const dispatch = (event: EventName, payload: unknown) => {
    const set = listeners.get(event);
    if (!set?.size) {
      if (options.prefetch) waiting.set(event, payload);
      return;
    }
    for (const listener of set) listener(payload);
  };

  async function call<C extends Channel>(
    channel: C,
    request: RequestOf<C>,
  ): Promise<IpcResult<ResponseOf<C>>> {
    if (channel === 'window:state' && early) {
      const answer = early;
      early = null;
      return answer as Promise<IpcResult<ResponseOf<C>>>;
    }
    if (channel === 'window:first-screen' && earlyScreen) {
      const answer = earlyScreen;
      earlyScreen = null;
      return answer as Promise<IpcResult<ResponseOf<C>>>;
    }
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
      call('window:state', {}).then(
        (result) => result.ok && dispatch('state:changed', result.value),
        () => undefined,
      );
    });
  }

  if (options.prefetch) {
    // The first screen (small, quick to answer) first. The state is asked for once that answer is in: the bridge
    // prepares it while the page paints that screen, and the page reads it (a megabyte of JSON for thousands
    // of entries) after that paint rather than before it. The event stream opens just before the state is asked
    // for, so no change after the state's snapshot goes unheard, and nothing else holds up the first request.
    if (options.after) {
      early = options.after.then(() => {
        connect();
        return call('window:state', {});
      });
    } else if (options.firstScreen) {
      earlyScreen = call('window:first-screen', options.firstScreen);
      // In the task after the answer's, not in it: the page paints the first screen from that answer first.
      const state = () =>
        new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
          connect();
          return call('window:state', {});
        });
      early = earlyScreen.then(state, state);
    } else {
      early = call('window:state', {});
      connect();
    }
    // Nobody may ever ask (the page failed to boot): a failure must not surface as an unhandled rejection.
    early.catch(() => undefined);
    earlyScreen?.catch(() => undefined);
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
      if (waiting.has(event)) {
        const payload = waiting.get(event);
        waiting.delete(event);
        queueMicrotask(() => set.has(wrapped) && wrapped(payload));
      }
      return () => void set.delete(wrapped);
    },
  };
}

type PageWindow = Pick<Window, 'location' | 'history' | 'sessionStorage'>;

/** The token in `?token=…`, if the page was opened with one (the address the bridge prints). */
function tokenInAddress(win: PageWindow): string | null {
  return new URLSearchParams(win.location.search).get('token');
}

/** Keeps the token for this tab (a reload's address has none) and takes it out of the address bar. */
function keepToken(win: PageWindow, token: string): void {
  try {
    win.sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage off: the page still works until it is reloaded.
  }
  const query = new URLSearchParams(win.location.search);
  query.delete('token');
  const rest = query.toString();
  win.history.replaceState(null, '', `${win.location.pathname}${rest ? `?${rest}` : ''}${win.location.hash}`);
}

/** The token from `?token=…` (then taken out of the address bar), or the one this tab was opened with. */
export function takeToken(win: PageWindow): string | null {
  const fromAddress = tokenInAddress(win);
  if (fromAddress) {
    keepToken(win, fromAddress);
    return fromAddress;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/**
 * Keeps the token of `?token=…`, if the address has one, and takes it out of the address bar. The storage and
 * history calls are each a blocking round trip to the browser process on a fresh page.
 */
export function keepTokenFromAddress(win: PageWindow = window): void {
  const fromAddress = tokenInAddress(win);
  if (fromAddress) keepToken(win, fromAddress);
}

export function bridgeApi(
  win: PageWindow = window,
  options: Pick<BridgeClientOptions, 'prefetch' | 'firstScreen' | 'after'> & {
    /** False: the caller keeps the token later (`keepTokenFromAddress`), e.g. once its first screen is up. */
    keepToken?: boolean;
  } = {},
): CertwatchApi | undefined {
  const { keepToken: keepNow = true, ...clientOptions } = options;
  const fromAddress = tokenInAddress(win);
  const token = fromAddress ?? takeToken(win);
  const client = token ? createBridgeClient({ token, ...clientOptions }) : undefined;
  // Kept only once the client exists: a prefetch is then on its way before the storage and history calls.
  if (fromAddress && keepNow) keepToken(win, fromAddress);
  return client;
}
