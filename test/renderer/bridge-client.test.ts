// The browser side of the web bridge without a browser: where the token comes from and where it goes, how
// answers and refusals come back, and how pushed events reach listeners (real Chromium: test/e2e).
import { describe, expect, it, vi } from 'vitest';
import {
  bridgeApi,
  createBridgeClient,
  keepTokenFromAddress,
  takeToken,
} from '../../renderer/api/bridge-client';
import type { AppState } from '../../main/shared/contract';

class FakeSource extends EventTarget {
  static last: FakeSource | null = null;
  constructor(readonly url: string) {
    super();
    FakeSource.last = this;
  }
  push(event: string, data: string) {
    this.dispatchEvent(Object.assign(new Event(event), { data }));
  }
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('bridge client', () => {
  it('takes the token from the address, hides it from the address bar and keeps it for reloads', () => {
    window.sessionStorage.clear();
    window.history.replaceState(null, '', '/index.html?x=1&token=abc_DEF-123#here');
    expect(takeToken(window)).toBe('abc_DEF-123');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#here');
    window.history.replaceState(null, '', '/?token=only');
    expect(takeToken(window)).toBe('only');
    expect(window.location.href).toBe(`${window.location.origin}/`);
    window.history.replaceState(null, '', '/index.html');
    expect(takeToken(window)).toBe('only');
    window.sessionStorage.clear();
    window.history.replaceState(null, '', '/index.html?x=1&token=abc_DEF-123');
    expect(takeToken(window)).toBe('abc_DEF-123');
    window.sessionStorage.clear();
    expect(takeToken(window)).toBeNull();
  });

  it('posts each call with the token in a header and returns the IpcResult, refusals included', async () => {
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockResolvedValueOnce(json(200, { ok: true, value: { started: 2 } }))
      .mockResolvedValueOnce(json(401, { ok: false, error: { code: 'FORBIDDEN', message: 'Wrong token.' } }))
      .mockResolvedValueOnce(new Response('<html>proxy error</html>', { status: 502 }));
    const api = createBridgeClient({ token: 't0k3n', fetch, EventSource: FakeSource as never });

    expect(await api.call('checks:run', { ids: ['a', 'b'] })).toEqual({ ok: true, value: { started: 2 } });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/call/checks%3Arun');
    expect(init).toMatchObject({ method: 'POST', body: '{"ids":["a","b"]}', credentials: 'omit' });
    expect(new Headers(init!.headers).get('authorization')).toBe('Bearer t0k3n');
    expect(String(url)).not.toContain('t0k3n');

    expect(await api.call('state:get', {})).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Wrong token.' },
    });
    await expect(api.call('state:get', {})).rejects.toThrow(/HTTP 502/);
    expect(await api.call('shell:exec' as never, {} as never)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('delivers pushed events and refreshes the state after the stream reconnects', async () => {
    const state = { revision: 7, entries: [] } as unknown as AppState;
    const fetch = vi.fn<typeof globalThis.fetch>().mockResolvedValue(json(200, { ok: true, value: state }));
    const api = createBridgeClient({ token: 't0k3n', fetch, EventSource: FakeSource as never });
    const seen: unknown[] = [];
    const off = api.on('state:changed', (s) => seen.push(s.revision));
    const source = FakeSource.last!;
    expect(source.url).toBe('/api/events?token=t0k3n');

    source.push('state:changed', JSON.stringify({ revision: 5 }));
    source.push('state:changed', '{"revision": 6'); // cut short by a restart: ignored
    source.dispatchEvent(new Event('open'));
    expect(fetch).not.toHaveBeenCalled();
    source.dispatchEvent(new Event('error'));
    source.dispatchEvent(new Event('open'));
    await vi.waitFor(() => expect(seen).toEqual([5, 7]));
    off();
    source.push('state:changed', JSON.stringify({ revision: 8 }));
    expect(seen).toEqual([5, 7]);
  });

  it('asks for the window state at once when told to prefetch, and hands that answer to the first call', async () => {
    const first = { revision: 3 };
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockResolvedValueOnce(json(200, { ok: true, value: first }))
      .mockResolvedValueOnce(json(200, { ok: true, value: { revision: 4 } }));
    const api = createBridgeClient({
      token: 't0k3n',
      fetch,
      EventSource: FakeSource as never,
      prefetch: true,
    });
    // Sent before anyone called, and the event stream is open already.
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![0]).toBe('/api/call/window%3Astate');
    const source = FakeSource.last!;
    expect(source.url).toBe('/api/events?token=t0k3n');
    // A state pushed before the page listens waits for its first listener (it may be newer than the answer).
    source.push('state:changed', JSON.stringify({ revision: 9 }));

    expect(await api.call('window:state', {})).toEqual({ ok: true, value: first });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(await api.call('window:state', {})).toEqual({ ok: true, value: { revision: 4 } });
    expect(fetch).toHaveBeenCalledTimes(2);

    const seen: number[] = [];
    api.on('state:changed', (s) => seen.push(s.revision));
    await vi.waitFor(() => expect(seen).toEqual([9]));
  });

  it('asks for the first screen before the state, and for the state once that small answer is in', async () => {
    FakeSource.last = null;
    let answerScreen!: (response: Response) => void;
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockReturnValueOnce(new Promise((resolve) => (answerScreen = resolve)))
      .mockResolvedValueOnce(json(200, { ok: true, value: { revision: 3 } }));
    const api = createBridgeClient({
      token: 't0k3n',
      fetch,
      EventSource: FakeSource as never,
      prefetch: true,
      firstScreen: { rows: 27, locale: 'en-GB' },
    });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/call/window%3Afirst-screen');
    expect(init?.body).toBe('{"rows":27,"locale":"en-GB"}');
    // The page reads the whole state after it has painted the first screen, not while.
    await Promise.resolve();
    expect(fetch).toHaveBeenCalledTimes(1);
    answerScreen(json(200, { ok: true, value: { total: 5000 } }));

    // The event stream opens with the state's request, not before the first screen is in.
    expect(FakeSource.last).toBeNull();

    expect(await api.call('window:first-screen', { rows: 27 })).toEqual({ ok: true, value: { total: 5000 } });
    expect(await api.call('window:state', {})).toEqual({ ok: true, value: { revision: 3 } });
    expect(fetch.mock.calls.map(([u]) => u)).toEqual([
      '/api/call/window%3Afirst-screen',
      '/api/call/window%3Astate',
    ]);
  });

  it('asks for nothing until told, then for the state with the event stream open (a page served with its first screen)', async () => {
    FakeSource.last = null;
    let shown!: () => void;
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockResolvedValue(json(200, { ok: true, value: { revision: 5 } }));
    const api = createBridgeClient({
      token: 't0k3n',
      fetch,
      EventSource: FakeSource as never,
      prefetch: true,
      after: new Promise<void>((resolve) => (shown = resolve)),
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fetch).not.toHaveBeenCalled();
    expect(FakeSource.last).toBeNull();
    const answer = api.call('window:state', {});
    shown();
    expect(await answer).toEqual({ ok: true, value: { revision: 5 } });
    expect(fetch.mock.calls.map(([u]) => u)).toEqual(['/api/call/window%3Astate']);
    expect(FakeSource.last).not.toBeNull();
  });

  it('can leave the token in the address bar until the page keeps it, once its first screen is up', () => {
    window.sessionStorage.clear();
    window.history.replaceState(null, '', '/index.html?token=later_T0K3N');
    const fetch = vi.fn<typeof globalThis.fetch>().mockResolvedValue(json(200, { ok: true, value: {} }));
    vi.stubGlobal('fetch', fetch);
    vi.stubGlobal('EventSource', FakeSource);
    try {
      expect(bridgeApi(window, { keepToken: false })).toBeDefined();
      expect(window.location.search).toBe('?token=later_T0K3N');
      expect(window.sessionStorage.getItem('certwatch-bridge-token')).toBeNull();
      keepTokenFromAddress(window);
      expect(window.location.search).toBe('');
      expect(takeToken(window)).toBe('later_T0K3N');
    } finally {
      vi.unstubAllGlobals();
      window.sessionStorage.clear();
    }
  });
});
