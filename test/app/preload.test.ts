// window.certwatch as the page sees it: the contract's calls and events only, payloads without IPC event objects.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CertwatchApi } from '../../main/shared/contract';

type FakeElectron = typeof import('../fakes/electron');

let electron: FakeElectron;
let api: CertwatchApi;

beforeEach(async () => {
  // The preload wires itself up on import, so each test loads a fresh copy with a fresh fake Electron.
  vi.resetModules();
  electron = await import('../fakes/electron');
  electron.resetElectron();
  await import('../../main/preload');
  api = electron.contextBridge.exposed.get('certwatch') as CertwatchApi;
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('preload', () => {
  it('exposes window.certwatch with call and on, and nothing else', () => {
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['certwatch']);
    expect(Object.keys(api).sort()).toEqual(['call', 'on']);
  });

  it('forwards a contract call and returns the main process’s answer', async () => {
    electron.ipcRenderer.answer = (channel, request) => ({ ok: true, value: { channel, request } });
    const result = await api.call('checks:quick', { target: 'example.com' });
    expect(result).toEqual({
      ok: true,
      value: { channel: 'checks:quick', request: { target: 'example.com' } },
    });
  });

  it('refuses channels outside the contract without sending anything', async () => {
    const call = api.call as (channel: string, request: unknown) => Promise<unknown>;
    const sent = electron.ipcRenderer.invocations.length;
    for (const channel of ['electron-store-get-data', 'ELECTRON_BROWSER_REQUIRE', '__proto__', 'toString']) {
      expect(await call(channel, {})).toEqual({
        ok: false,
        error: { code: 'INVALID_REQUEST', message: `Unknown channel ${channel}.` },
      });
    }
    expect(electron.ipcRenderer.invocations.slice(sent)).toEqual([]);
  });

  it('asks for the window’s state as it loads and hands that answer to the page’s first window:state call', async () => {
    // Asked before any page script ran (the import in beforeEach), with the contract's payload.
    expect(electron.ipcRenderer.invocations).toEqual([{ channel: 'window:state', args: [{}] }]);
    electron.ipcRenderer.answer = (channel) => ({ ok: true, value: { channel, fresh: true } });
    // The first call gets the early answer (the fake's default) without asking again; later calls ask main.
    expect(await api.call('window:state', {})).toEqual({ ok: true, value: null });
    expect(electron.ipcRenderer.invocations).toHaveLength(1);
    expect(await api.call('window:state', {})).toEqual({
      ok: true,
      value: { channel: 'window:state', fresh: true },
    });
    expect(electron.ipcRenderer.invocations).toHaveLength(2);
  });

  it('delivers pushed state to subscribers as the payload alone, until they unsubscribe', () => {
    const seen: unknown[][] = [];
    const off = api.on('state:changed', (...args) => void seen.push(args));
    electron.ipcRenderer.emit('state:changed', { sender: 'secret' }, { revision: 1 });
    off();
    electron.ipcRenderer.emit('state:changed', { sender: 'secret' }, { revision: 2 });
    expect(seen).toEqual([[{ revision: 1 }]]);
  });

  it('ignores subscriptions to events outside the contract', () => {
    const on = api.on as (event: string, listener: () => void) => () => void;
    const listener = vi.fn();
    on('electron-store-get-data', listener)();
    electron.ipcRenderer.emit('electron-store-get-data', {}, 'x');
    expect(listener).not.toHaveBeenCalled();
    expect(electron.ipcRenderer.listenerCount('electron-store-get-data')).toBe(0);
  });

  it('keeps a navigation request and the newest state that arrive before the page subscribed, for its first listener', async () => {
    electron.ipcRenderer.emit('navigate:entry', {}, { id: 'early' });
    electron.ipcRenderer.emit('state:changed', {}, { revision: 1 });
    const entries: unknown[] = [];
    const states: unknown[] = [];
    api.on('navigate:entry', (p) => void entries.push(p));
    api.on('state:changed', (p) => void states.push(p));
    api.on('navigate:entry', (p) => void entries.push(['second listener', p]));
    await tick();
    expect(entries).toEqual([{ id: 'early' }]);
    // The newest state waits too: it may be newer than the early answer the page gets from window:state.
    expect(states).toEqual([{ revision: 1 }]);
  });
});
