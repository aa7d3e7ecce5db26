// IPC handlers as a page would meet them: the app's own window is answered, anything else is refused with a
// typed error, and no payload (however malformed) crashes the main process.
import { beforeEach, describe, expect, it } from 'vitest';
import { registerIpcHandlers } from '../../main/app/ipc';
import { createSenderCheck } from '../../main/app/sender';
import { openInBrowser } from '../../main/app/security';
import { CHANNELS, HandlerError } from '../../main/shared/contract';
import {
  FakeFrame,
  FakeWebContents,
  ipcMain,
  resetElectron,
  shell,
  type FakeIpcEvent,
} from '../fakes/electron';
import { appState, entry, fakeWatcher, type FakeWatcher } from './state';
import { windowFirstScreen, windowState } from '../../main/shared/window-state';

const PAGE = 'file:///opt/Certwatch/resources/app.asar/dist/renderer/index.html';

describe('IPC handlers', () => {
  let watcher: FakeWatcher;
  let appContents: FakeWebContents;
  let log: string[];
  let unregister: () => void;

  const fromApp = (url = `${PAGE}#/entries`): FakeIpcEvent => ({
    sender: appContents,
    senderFrame: new FakeFrame(url),
  });

  beforeEach(() => {
    resetElectron();
    watcher = fakeWatcher(appState([entry({ id: 'a' })]));
    appContents = new FakeWebContents();
    log = [];
    unregister = register();
  });

  function register() {
    return registerIpcHandlers({
      ipcMain,
      // The app answers the self-test itself (lifecycle.ts); here a stand-in that has not run yet.
      handlers: {
        ...watcher.handlers,
        'selftest:run': async () => ({ running: false, report: null }),
        'window:state': async () => windowState(watcher.state()),
        'window:first-screen': async (request) => windowFirstScreen(watcher.state(), request),
      },
      isTrustedSender: createSenderCheck({ appUrl: PAGE, isAppContents: (c) => c === appContents }),
      openInBrowser: (url) => openInBrowser(shell, url),
      log: (line) => void log.push(line),
    });
  }

  it('registers exactly the contract’s channels, and removes them again', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers the app’s own window with the engine’s result', async () => {
    const result = await ipcMain.invoke('checks:run', { ids: ['a'] }, fromApp());
    expect(result).toEqual({ ok: true, value: { started: 1 } });
    expect(watcher.calls).toEqual([{ name: 'checks:run', request: { ids: ['a'] } }]);
  });

  it('treats a missing payload as an empty request', async () => {
    expect(await ipcMain.invoke('state:get', undefined, fromApp())).toMatchObject({ ok: true });
  });

  describe('refuses senders other than the app’s window', () => {
    const cases: [string, () => FakeIpcEvent][] = [
      ['a frame that is gone (senderFrame null)', () => ({ sender: appContents, senderFrame: null })],
      ['a web origin', () => ({ sender: appContents, senderFrame: new FakeFrame('https://evil.example/') })],
      [
        'another file on disk',
        () => ({ sender: appContents, senderFrame: new FakeFrame('file:///tmp/evil.html') }),
      ],
      [
        'an iframe inside the app’s page',
        () => ({ sender: appContents, senderFrame: new FakeFrame(PAGE, new FakeFrame(PAGE)) }),
      ],
      [
        'another web contents showing the same page',
        () => ({ sender: new FakeWebContents(), senderFrame: new FakeFrame(PAGE) }),
      ],
    ];
    it.each(cases)('%s', async (_name, event) => {
      const result = await ipcMain.invoke('entries:remove', { ids: ['a'] }, event());
      expect(result).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'This request did not come from the Certwatch window.' },
      });
      expect(watcher.calls).toEqual([]);
      expect(log[0]).toMatch(/^refused entries:remove from /);
    });
  });

  describe('rejects bad payloads with INVALID_REQUEST, before the engine sees them', () => {
    const cases: [string, string, unknown][] = [
      ['a wrong type', 'entries:add', { text: 5 }],
      ['an unknown field', 'entries:details', { id: 'a', extra: true }],
      ['a missing field', 'entries:snooze', { id: 'a' }],
      ['an empty id list', 'entries:remove', { ids: [] }],
      ['not an object', 'checks:quick', 'example.com'],
      ['an out-of-range setting', 'settings:update', { patch: { concurrency: 100_000 } }],
      ['a bad date', 'notifications:pause', { until: 'tomorrow' }],
      ['a prototype-pollution key', 'entries:update', JSON.parse('{"id":"a","patch":{"__proto__":{"x":1}}}')],
    ];
    it.each(cases)('%s', async (_name, channel, payload) => {
      const result = (await ipcMain.invoke(channel, payload, fromApp())) as {
        ok: boolean;
        error: { code: string; message: string };
      };
      expect(result.ok).toBe(false);
      expect(result.error.code).toBe('INVALID_REQUEST');
      expect(result.error.message).toMatch(new RegExp(`^Invalid ${channel} request: `));
      expect(watcher.calls).toEqual([]);
    });
  });

  it('passes a handler’s own error code on', async () => {
    watcher.handlers['entries:details'] = async () => {
      throw new HandlerError('NOT_FOUND', 'No entry with id zzz.');
    };
    unregister();
    register();
    expect(await ipcMain.invoke('entries:details', { id: 'zzz' }, fromApp())).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No entry with id zzz.' },
    });
  });

  it('turns an unexpected failure into FAILED, logged, without rejecting', async () => {
    watcher.handlers['watchlist:export'] = async () => {
      throw new Error('disk full');
    };
    unregister();
    register();
    expect(await ipcMain.invoke('watchlist:export', { format: 'csv' }, fromApp())).toEqual({
      ok: false,
      error: { code: 'FAILED', message: 'disk full' },
    });
    expect(log[0]).toMatch(/^watchlist:export failed: Error: disk full/);
  });

  it('opens http(s) links in the browser and nothing else', async () => {
    expect(
      await ipcMain.invoke('app:open-external', { url: 'https://wiki.example/runbook' }, fromApp()),
    ).toEqual({
      ok: true,
      value: { opened: true },
    });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://share/x', 'ms-settings:privacy']) {
      const result = (await ipcMain.invoke('app:open-external', { url }, fromApp())) as { ok: boolean };
      expect(result.ok, url).toBe(false);
    }
    expect(shell.opened).toEqual(['https://wiki.example/runbook']);
  });
});

describe('sender check on Windows paths', () => {
  it('matches the page however Chromium spells the drive letter and escapes', () => {
    const contents = {};
    const trusted = createSenderCheck({
      appUrl: 'file:///C:/Program%20Files/Certwatch/resources/app.asar/dist/renderer/index.html',
      isAppContents: (c) => c === contents,
    });
    const frame = (url: string) => ({ sender: contents, senderFrame: new FakeFrame(url) });
    expect(
      trusted(frame('file:///c:/Program%20Files/Certwatch/resources/app.asar/dist/renderer/index.html')),
    ).toBe(true);
    expect(
      trusted(frame('file:///D:/Program%20Files/Certwatch/resources/app.asar/dist/renderer/index.html')),
    ).toBe(false);
  });
});

describe('sender check with a development server', () => {
  const contents = {};
  const trusted = createSenderCheck({
    appUrl: 'http://127.0.0.1:5173/',
    isAppContents: (c) => c === contents,
  });

  it('trusts the dev server’s origin on any path, and no other port or host', () => {
    expect(trusted({ sender: contents, senderFrame: new FakeFrame('http://127.0.0.1:5173/entries/a') })).toBe(
      true,
    );
    expect(trusted({ sender: contents, senderFrame: new FakeFrame('http://127.0.0.1:9999/') })).toBe(false);
    expect(trusted({ sender: contents, senderFrame: new FakeFrame('http://localhost:5173/') })).toBe(false);
  });
});
