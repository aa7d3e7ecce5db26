// Notifications from the app: delivered or failed (and then logged), a click opens the entry in the window,
// and node-notifier takes over where Electron cannot notify.
import { beforeEach, describe, expect, it } from 'vitest';
import { createAppNotifier } from '../../main/app/notifications';
import { createMainWindow } from '../../main/app/main-window';
import { createWindow } from '../../main/app/window';
import type { Notifier } from '../../main/core/notify';
import { BrowserWindow, Notification, resetElectron } from '../fakes/electron';

const alert = { title: 'shop.example expires in 7 days', body: 'Renew it.', entryIds: ['shop', 'api'] };

describe('app notifier', () => {
  let log: string[];
  let clicks: (string | undefined)[];
  let fallbackCalls: unknown[];
  let timers: { pending: (() => void)[]; setTimeout(fn: () => void): number; clearTimeout(): void };

  const fallback: Notifier = {
    notify: async (n) => {
      fallbackCalls.push(n);
      return { delivered: true };
    },
  };

  beforeEach(() => {
    resetElectron();
    log = [];
    clicks = [];
    fallbackCalls = [];
    timers = {
      pending: [],
      setTimeout(fn) {
        return this.pending.push(fn);
      },
      clearTimeout() {},
    };
  });

  const notifier = () =>
    createAppNotifier({
      Notification,
      fallback,
      onClick: (id) => void clicks.push(id),
      log: (line) => void log.push(line),
      timers,
    });

  it('shows an Electron notification and reports it delivered once shown', async () => {
    const delivery = notifier().notify(alert);
    const shown = Notification.instances[0]!;
    expect(shown.options).toEqual({ title: alert.title, body: alert.body });
    expect(shown.shown).toBe(true);
    shown.emit('show', {});
    expect(await delivery).toEqual({ delivered: true });
  });

  it('reports and logs a notification the OS refused (an unsigned app on macOS)', async () => {
    const delivery = notifier().notify(alert);
    Notification.instances[0]!.emit('failed', {}, 'Notifications are not allowed');
    expect(await delivery).toEqual({ delivered: false, error: 'Notifications are not allowed' });
    expect(log).toEqual([`notification failed: Notifications are not allowed (${alert.title})`]);
  });

  it('counts a notification as shown when the desktop confirms nothing (Linux)', async () => {
    const delivery = notifier().notify(alert);
    timers.pending[0]!();
    expect(await delivery).toEqual({ delivered: true });
  });

  it('reports a show() that throws as not delivered', async () => {
    const n = notifier();
    const original = Notification.prototype.show;
    Notification.prototype.show = () => {
      throw new Error('no notification server');
    };
    try {
      expect(await n.notify(alert)).toEqual({ delivered: false, error: 'no notification server' });
    } finally {
      Notification.prototype.show = original;
    }
    expect(log).toEqual([`notification failed: no notification server (${alert.title})`]);
  });

  it('routes a click to the first entry it is about', async () => {
    void notifier().notify(alert);
    Notification.instances[0]!.emit('click', {});
    expect(clicks).toEqual(['shop']);
  });

  it('opens the window filtered to a summary’s entries, and snoozes from the macOS button', async () => {
    const opened: string[][] = [];
    const actions: Array<[string, string[]]> = [];
    const n = createAppNotifier({
      Notification,
      fallback,
      onClick: (id) => void clicks.push(id),
      onOpenEntries: (ids) => void opened.push(ids),
      onAction: (action, ids) => void actions.push([action, ids]),
      platform: 'darwin',
      log: (line) => void log.push(line),
      timers,
    });
    void n.notify({
      ...alert,
      urgency: 'critical',
      moreEntryIds: ['www'],
      actions: ['open', 'snooze-1d'],
    });
    const shown = Notification.instances[0]!;
    expect(shown.options).toMatchObject({ actions: [{ type: 'button', text: 'Snooze 1 day' }] });
    shown.emit('click', {});
    expect(opened).toEqual([['shop', 'api', 'www']]);
    expect(clicks).toEqual([]);
    shown.emit('action', { actionIndex: 0 }, 0);
    expect(actions).toEqual([['snooze-1d', ['shop', 'api']]]);
  });

  it('uses node-notifier where Electron cannot notify', async () => {
    Notification.supported = false;
    expect(await notifier().notify(alert)).toEqual({ delivered: true });
    expect(fallbackCalls).toEqual([alert]);
    expect(Notification.instances).toEqual([]);
  });
});

describe('notification click opens the entry’s details', () => {
  beforeEach(() => resetElectron());

  function app() {
    const window = createMainWindow({
      create: () =>
        createWindow({
          BrowserWindow,
          preload: '/app/preload.cjs',
          page: { file: '/app/index.html' },
          openExternal: () => undefined,
        }),
    });
    const notifier = createAppNotifier({
      Notification,
      fallback: { notify: async () => ({ delivered: false }) },
      onClick: (id) => (id ? window.showEntry(id) : window.show()),
      log: () => undefined,
    });
    return { window, notifier };
  }

  it('creates the window when there is none, and navigates once the page has loaded', () => {
    const { notifier } = app();
    void notifier.notify(alert);
    Notification.instances[0]!.emit('click', {});
    const win = BrowserWindow.instances[0]!;
    expect(win.loaded).toEqual({ file: '/app/index.html' });
    expect(win.webContents.sent).toEqual([]); // the page is not listening yet
    win.finishLoad();
    expect(win.visible).toBe(true);
    expect(win.webContents.sent).toEqual([{ channel: 'navigate:entry', payload: { id: 'shop' } }]);
  });

  it('brings a hidden window back to the front and navigates at once', () => {
    const { window, notifier } = app();
    window.show();
    const win = BrowserWindow.instances[0]!;
    win.finishLoad();
    win.close(); // hides
    win.minimized = true;
    void notifier.notify(alert);
    Notification.instances[0]!.emit('click', {});
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(win).toMatchObject({ visible: true, focused: true, minimized: false });
    expect(win.webContents.sent).toEqual([{ channel: 'navigate:entry', payload: { id: 'shop' } }]);
  });

  it('opens the window for a notification about the app itself', () => {
    const { notifier } = app();
    void notifier.notify({ title: 'Certwatch', body: 'The store was damaged.', entryIds: [] });
    Notification.instances[0]!.emit('click', {});
    BrowserWindow.instances[0]!.finishLoad();
    expect(BrowserWindow.instances[0]!.visible).toBe(true);
    expect(BrowserWindow.instances[0]!.webContents.sent).toEqual([]);
  });
});
