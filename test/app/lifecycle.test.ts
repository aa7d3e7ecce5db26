// The whole app on the fake Electron: start-up in the tray, single instance, catch-up on wake, state pushes,
// IPC from the window, and a quit that waits for the engine to save.
import { beforeEach, describe, expect, it } from 'vitest';
import { runApp, APP_ID, type AppElectron } from '../../main/app/lifecycle';
import type { LoginItem } from '../../main/app/autostart';
import type { Notifier } from '../../main/core/watch/notify';
import { CHANNELS } from '../../main/shared/contract';
import * as electron from '../fakes/electron';
import { appState, entry, fakeWatcher, type FakeWatcher } from './state';
import { windowState } from '../../main/shared/window-state';

const PAGE = '/opt/certwatch/dist/renderer/index.html';

describe('app lifecycle', () => {
  let watcher: FakeWatcher;
  let loginItem: LoginItem & { sets: boolean[] };
  let log: string[];
  let notifierSeen: Notifier | undefined;

  beforeEach(() => {
    electron.resetElectron();
    watcher = fakeWatcher(appState([entry({ id: 'a', host: 'a.example', status: 'warning', daysLeft: 9 })]));
    loginItem = { sets: [], isEnabled: () => false, set: (v) => void loginItem.sets.push(v) };
    log = [];
    notifierSeen = undefined;
  });

  function start(platform: NodeJS.Platform = 'linux', makeWatcher?: (n: Notifier) => FakeWatcher) {
    return runApp({
      electron: electron as unknown as AppElectron,
      makeWatcher:
        makeWatcher ??
        ((notifier) => {
          notifierSeen = notifier;
          return watcher;
        }),
      fallbackNotifier: { notify: async () => ({ delivered: false, error: 'unused' }) },
      loginItem,
      network: { isOnline: () => true, signature: () => '' },
      paths: {
        preload: '/opt/certwatch/dist/app/preload.cjs',
        page: { file: PAGE },
        iconDir: '/icons',
        appIcon: '/icon.png',
      },
      platform,
      log: (line) => void log.push(line),
    });
  }

  const names = () => watcher.calls.map((c) => c.name);

  it('starts in the tray, with no window, and the engine running', async () => {
    await start().ready;
    expect(electron.Tray.instances).toHaveLength(1);
    expect(electron.Tray.instances[0]!.image.path).toBe('/icons/warning.png');
    expect(electron.BrowserWindow.instances).toEqual([]);
    expect(names()).toEqual(['start']);
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('hands over to the running instance and quits when one is already running', async () => {
    electron.app.hasSingleInstanceLock = false;
    await start().ready;
    expect(electron.app.quitRequests).toBe(1);
    expect(electron.Tray.instances).toEqual([]);
    expect(names()).toEqual([]);
  });

  it('shows the window of the running instance on a second launch', async () => {
    await start().ready;
    electron.app.emit('second-instance', new electron.FakeEvent(), [], '/');
    expect(electron.BrowserWindow.instances).toHaveLength(1);
    electron.BrowserWindow.instances[0]!.finishLoad();
    expect(electron.BrowserWindow.instances[0]!.visible).toBe(true);
  });

  it('sets the Windows AppUserModelID before anything can notify', async () => {
    await start('win32').ready;
    expect(electron.app.appUserModelId).toBe(APP_ID);
    expect(electron.app.dockHidden).toBe(false);
  });

  it('hides the dock icon on macOS (tray-only app)', async () => {
    await start('darwin').ready;
    expect(electron.app.dockHidden).toBe(true);
    expect(electron.app.appUserModelId).toBeUndefined();
    expect(electron.Tray.instances[0]!.image.path).toBe('/icons/warningTemplate.png');
  });

  it('catches up on checks after the machine wakes', async () => {
    await start().ready;
    electron.powerMonitor.emit('resume');
    expect(names()).toEqual(['start', 'onResume']);
  });

  it('follows state changes in the tray, the window and the login item', async () => {
    await start().ready;
    electron.app.emit('second-instance');
    const win = electron.BrowserWindow.instances[0]!;
    win.finishLoad();
    const next = appState([entry({ status: 'expired', daysLeft: -2 })]);
    next.settings.launchAtLogin = true;
    watcher.push(next);
    expect(electron.Tray.instances[0]!.image.path).toBe('/icons/critical.png');
    // The engine's state, plus what only the app knows (no notification trouble here), as the window's table.
    expect(win.webContents.sent).toEqual([
      { channel: 'state:changed', payload: windowState({ ...next, notificationNotice: null }) },
    ]);
    expect(loginItem.sets).toEqual([true]);
  });

  it('answers IPC from its window and refuses other pages', async () => {
    await start().ready;
    electron.app.emit('second-instance');
    const win = electron.BrowserWindow.instances[0]!;
    const fromWindow = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    expect(await electron.ipcMain.invoke('checks:run', {}, fromWindow)).toEqual({
      ok: true,
      value: { started: 1 },
    });
    const foreign = { sender: win.webContents, senderFrame: new electron.FakeFrame('https://evil.example/') };
    expect(await electron.ipcMain.invoke('checks:run', {}, foreign)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('opens the entry when its notification is clicked', async () => {
    await start().ready;
    void notifierSeen!.notify({ title: 'a.example expires in 9 days', body: '', entryIds: ['a'] });
    electron.Notification.instances[0]!.emit('click', {});
    const win = electron.BrowserWindow.instances[0]!;
    win.finishLoad();
    expect(win.webContents.sent).toEqual([{ channel: 'navigate:entry', payload: { id: 'a' } }]);
  });

  it('tells the user at start-up about a damaged store that was set aside', async () => {
    watcher.current = appState([], {
      messages: ['The store file was damaged; it was kept as config.corrupt.json.'],
    });
    await start().ready;
    expect(electron.Notification.instances.map((n) => n.options)).toEqual([
      { title: 'Certwatch', body: 'The store file was damaged; it was kept as config.corrupt.json.' },
    ]);
  });

  it('explains and exits when the store cannot be opened', async () => {
    await start('linux', () => {
      throw new Error('The store was written by a newer Certwatch.');
    }).ready;
    expect(electron.dialog.errors).toEqual([
      { title: 'Certwatch cannot start', content: 'The store was written by a newer Certwatch.' },
    ]);
    expect(electron.app.exitCode).toBe(1);
    expect(electron.Tray.instances).toEqual([]);
  });

  it('quits only after the engine has stopped (pending alerts sent, ledger saved)', async () => {
    let finishStop!: () => void;
    watcher.stop = () =>
      new Promise<void>((resolve) => (finishStop = resolve)).then(
        () => void watcher.calls.push({ name: 'stop' }),
      );
    await start().ready;
    electron.app.emit('second-instance');
    electron.app.quit();
    expect(electron.app.hasQuit).toBe(false);
    finishStop();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(names()).toEqual(['start', 'stop']);
    expect(electron.app.hasQuit).toBe(true);
    expect(electron.Tray.instances[0]!.destroyed).toBe(true);
    // Quitting lets the window close for real instead of hiding.
    electron.BrowserWindow.instances[0]!.close();
    expect(electron.BrowserWindow.instances[0]!.destroyed).toBe(true);
    expect(electron.ipcMain.handlers.size).toBe(0);
  });
});
