// The sandboxed preload: exposes `window.certwatch` (CertwatchApi) and nothing else. Only the contract's
// channels and events pass; the page never sees ipcRenderer or an IPC event object.
import { contextBridge, ipcRenderer } from 'electron';
import {
  CHANNELS,
  EVENTS,
  type CertwatchApi,
  type Channel,
  type EventName,
  type Events,
  type IpcResult,
} from './shared/contract';

const channels = new Set<string>(CHANNELS);
const events = new Set<string>(EVENTS);
const listeners = new Map<EventName, Set<(payload: never) => void>>();
/**
 * An event can arrive before the page has subscribed: a navigation request (tray, notification click), or a
 * state update after the early answer below. The latest of each waits here for the first listener (the page
 * drops a state older than the one it shows).
 */
const waiting = new Map<EventName, unknown>();

for (const event of EVENTS) {
  ipcRenderer.on(event, (_event, payload: unknown) => {
    const set = listeners.get(event);
    if (!set?.size) {
      waiting.set(event, payload);
      return;
    }
    for (const listener of set) listener(payload as never);
  });
}

/**
 * The window's state, asked for as the preload runs, before the page's scripts have loaded, and handed to the
 * page's first `window:state` call: the round trip to main overlaps with booting React instead of following it.
 */
let early: Promise<unknown> | null = ipcRenderer.invoke('window:state', {});
// The page may never ask (it failed to load): a failure must not surface as an unhandled rejection.
early.catch(() => undefined);

const api: CertwatchApi = {
  call<C extends Channel>(channel: C, request: unknown) {
    if (typeof channel !== 'string' || !channels.has(channel)) {
      const error = { code: 'INVALID_REQUEST' as const, message: `Unknown channel ${String(channel)}.` };
      return Promise.resolve({ ok: false, error } as IpcResult<never>);
    }
    if (channel === 'window:state' && early) {
      const answer = early;
      early = null;
      return answer as Promise<IpcResult<never>>;
    }
    return ipcRenderer.invoke(channel, request);
  },
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
    if (typeof event !== 'string' || !events.has(event) || typeof listener !== 'function')
      return () => undefined;
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener as (payload: never) => void);
    if (waiting.has(event)) {
      const payload = waiting.get(event) as Events[E];
      waiting.delete(event);
      queueMicrotask(() => listener(payload));
    }
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  },
};

contextBridge.exposeInMainWorld('certwatch', api);
