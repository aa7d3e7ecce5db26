// Notifications from the app: delivered or failed (and then logged), a click opens the entry in the window,
// and node-notifier takes over where Electron cannot notify.
import { beforeEach, describe, expect, it } from 'vitest';
import { createAppNotifier } from '../../main/app/notifications';
import { createMainWindow } from '../../main/app/main-window';
import { createWindow } from '../../main/app/window';
import type { Notifier } from '../../main/core/watch/notify';
import { hasUnsafeText } from '../../main/shared/untrusted-text';
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

  it('falls back to node-notifier when the OS refuses the notification (an unsigned app on macOS)', async () => {
    const delivery = notifier().notify(alert);
    Notification.instances[0]!.emit('failed', {}, 'Notifications are not allowed');
    expect(await delivery).toEqual({ delivered: true });
    expect(fallbackCalls).toEqual([alert]);
    expect(log[0]).toBe(`notification failed: Notifications are not allowed (${alert.title})`);
  });

  it('reports a notification that neither Electron nor the helper could show as not delivered', async () => {
    const delivery = createAppNotifier({
      Notification,
      fallback: { notify: async () => ({ delivered: false, error: 'terminal-notifier exited 1' }) },
      onClick: () => undefined,
      log: (line) => void log.push(line),
      timers,
    }).notify(alert);
    Notification.instances[0]!.emit('failed', {}, 'Notifications are not allowed');
    expect(await delivery).toEqual({ delivered: false, error: 'terminal-notifier exited 1' });
  });

  it('hands a show() that throws to the helper', async () => {
    const n = notifier();
    const original = Notification.prototype.show;
    Notification.prototype.show = () => {
      throw new Error('no notification server');
    };
    try {
      expect(await n.notify(alert)).toEqual({ delivered: true });
    } finally {
      Notification.prototype.show = original;
    }
    expect(fallbackCalls).toEqual([alert]);
    expect(log[0]).toBe(`notification failed: no notification server (${alert.title})`);
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

describe('notifications that are refused: the fallback and telling the user once', () => {
  let notices: string[];
  let helper: { delivered: boolean; error?: string };
  let helperCalls: number;

  beforeEach(() => {
    resetElectron();
    notices = [];
    helper = { delivered: true };
    helperCalls = 0;
  });

  const notifier = () =>
    createAppNotifier({
      Notification,
      fallback: {
        notify: async () => {
          helperCalls++;
          return helper;
        },
      },
      onClick: () => undefined,
      onNotice: (notice) => void notices.push(notice),
      log: () => undefined,
    });

  it('on `failed`, delivers through the helper, says so once, and sends the rest straight to the helper', async () => {
    Notification.refusal = 'Notifications are not allowed for this application';
    const n = notifier();
    expect(await n.notify(alert)).toEqual({ delivered: true });
    expect(notices).toEqual([
      "The system refused Certwatch's notifications (Notifications are not allowed for this application); they now go through node-notifier's helper instead, which may look different.",
    ]);
    expect(await n.notify(alert)).toEqual({ delivered: true });
    expect(await n.notify(alert)).toEqual({ delivered: true });
    expect(Notification.instances).toHaveLength(1); // Electron's was tried once
    expect(helperCalls).toBe(3);
    expect(notices).toHaveLength(1);
  });

  it('says notifications are blocked when the helper fails too, once', async () => {
    Notification.refusal = 'Notifications are not allowed for this application';
    helper = { delivered: false, error: 'terminal-notifier: permission denied' };
    const n = notifier();
    expect((await n.notify(alert)).delivered).toBe(false);
    expect((await n.notify(alert)).delivered).toBe(false);
    expect(notices).toEqual([
      "Notifications are blocked: the system refused them (Notifications are not allowed for this application) and node-notifier's helper failed too (terminal-notifier: permission denied). Alerts show only here and in the log until this is fixed.",
    ]);
  });

  it('tries Electron’s Notification again when the helper stops working', async () => {
    Notification.refusal = 'not allowed';
    const n = notifier();
    await n.notify(alert);
    Notification.refusal = null; // e.g. the user allowed notifications meanwhile
    helper = { delivered: false, error: 'helper gone' };
    const second = n.notify(alert);
    await Promise.resolve();
    await Promise.resolve();
    Notification.instances.at(-1)!.emit('show', {});
    expect(await second).toEqual({ delivered: true });
    expect(Notification.instances).toHaveLength(2);
  });

  it('tells the user when this desktop has no Electron notifications at all', async () => {
    Notification.supported = false;
    expect(await notifier().notify(alert)).toEqual({ delivered: true });
    expect(notices).toEqual([
      "Electron cannot show notifications on this desktop; they go through node-notifier's helper instead.",
    ]);
  });

  it('shows a hostile error text as data, bounded', async () => {
    Notification.refusal = `\u001b]0;owned\u0007${'x'.repeat(500)}`;
    await notifier().notify(alert);
    expect(hasUnsafeText(notices[0]!)).toBe(false);
    expect(notices[0]).toContain('\\e]0;owned');
    expect(notices[0]!.length).toBeLessThan(300);
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
