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
 * A navigation request (tray, notification click) can arrive before the page has subscribed; the latest one
 * waits here for the first listener. State updates need no such care: the page asks for the state itself.
 */
const waiting = new Map<EventName, unknown>();

for (const event of EVENTS) {
  ipcRenderer.on(event, (_event, payload: unknown) => {
    const set = listeners.get(event);
    if (!set?.size) {
      if (event !== 'state:changed') waiting.set(event, payload);
      return;
    }
    for (const listener of set) listener(payload as never);
  });
}

const api: CertwatchApi = {
  call<C extends Channel>(channel: C, request: unknown) {
    if (typeof channel !== 'string' || !channels.has(channel)) {
      const error = { code: 'INVALID_REQUEST' as const, message: `Unknown channel ${String(channel)}.` };
      return Promise.resolve({ ok: false, error } as IpcResult<never>);
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
