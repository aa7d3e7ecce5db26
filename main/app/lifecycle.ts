// Puts the app together: one instance, a tray and no window at start-up, the watch engine in this process,
// IPC, notifications, catch-up on wake and network changes, launch at login, and a quit that saves.
import { pathToFileURL } from 'node:url';
import type {
  app as electronApp,
  BrowserWindow,
  dialog,
  Menu,
  NativeImage,
  nativeImage,
  Notification,
  powerMonitor,
  session,
  shell as electronShell,
  Tray,
} from 'electron';
import type { Watcher } from '../core/watcher';
import type { Notifier } from '../core/notify';
import { systemClock, type Clock } from '../core/time';
import { createLoginItemSync, type LoginItem } from './autostart';
import { registerIpcHandlers } from './ipc';
import { createMainWindow } from './main-window';
import { createAppNotifier } from './notifications';
import { watchPowerAndNetwork, type NetworkProbe } from './power';
import { guardContents, guardSession, openInBrowser } from './security';
import { createSenderCheck } from './sender';
import { createTray } from './tray';
import { createTrayActions } from './tray-actions';
import { trayMenuModel } from './tray-model';
import { createWindow, type Page } from './window';

/** Also the Windows AppUserModelID: toasts only show for an app whose ID matches its Start-menu shortcut. */
export const APP_ID = 'dev.certwatch.app';

/** The parts of Electron the app uses, passed in so tests can run it on a fake. */
export interface AppElectron {
  app: typeof electronApp;
  BrowserWindow: typeof BrowserWindow;
  Tray: typeof Tray;
  Menu: typeof Menu;
  nativeImage: typeof nativeImage;
  Notification: typeof Notification;
  powerMonitor: typeof powerMonitor;
  session: typeof session;
  shell: typeof electronShell;
  dialog: typeof dialog;
}

export interface AppOptions {
  electron: AppElectron;
  /** Opens the store and builds the engine; called once, when Electron is ready. May throw StoreError. */
  makeWatcher: (notifier: Notifier) => Watcher;
  /** node-notifier, used where Electron cannot show notifications. */
  fallbackNotifier: Notifier;
  loginItem: LoginItem;
  network: NetworkProbe;
  paths: { preload: string; page: Page; iconDir: string; appIcon: string };
  platform: NodeJS.Platform;
  log: (line: string) => void;
  clock?: Clock;
}

export interface RunningApp {
  /** Settles once start-up has finished (or the app gave up). */
  ready: Promise<void>;
}

export function runApp(options: AppOptions): RunningApp {
  const { electron, platform, log, paths } = options;
  const { app, shell } = electron;
  const clock = options.clock ?? systemClock;

  // Before anything can notify: Windows matches toasts to the installed shortcut by this ID.
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
  // A second launch (start menu, autostart twice) hands over to the running one and leaves.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve() };
  }

  const openExternal = (url: string) => {
    openInBrowser(shell, url).catch((e: Error) => log(`could not open ${url}: ${e.message}`));
  };
  const window = createMainWindow({
    create: () =>
      createWindow({
        BrowserWindow: electron.BrowserWindow,
        preload: paths.preload,
        page: paths.page,
        icon: paths.appIcon,
        openExternal,
      }),
    ...(platform === 'darwin' ? { activate: () => app.focus({ steal: true }) } : {}),
  });

  let started = false;
  let showWhenStarted = false;
  let shutdown: (() => Promise<void>) | undefined;
  let stopped = false;

  app.on('second-instance', () => (started ? window.show() : (showWhenStarted = true)));
  // A tray app lives on with no window open.
  app.on('window-all-closed', () => undefined);
  // Any web contents, including ones nobody meant to create, can neither navigate nor open windows.
  app.on('web-contents-created', (_event, contents) => guardContents(contents, () => undefined));
  app.on('before-quit', () => window.allowClose());
  // Quitting waits for the engine to finish: pending notifications are sent and the ledger saved.
  app.on('will-quit', (event) => {
    if (stopped || !shutdown) return;
    event.preventDefault();
    const stop = shutdown;
    shutdown = undefined;
    void stop()
      .catch((e: Error) => log(`stopping failed: ${e.message}`))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });

  const start = () => {
    if (platform === 'darwin') app.dock?.hide(); // tray only (LSUIElement does the same once packaged)
    guardSession(electron.session.defaultSession, { devServer: 'url' in paths.page });

    const notifier = createAppNotifier({
      Notification: electron.Notification,
      fallback: options.fallbackNotifier,
      onClick: (id) => (id ? window.showEntry(id) : window.show()),
      onOpenEntries: (ids) => window.showEntries(ids),
      // The engine's own snooze, exactly what the window's "Snooze 1 day" does.
      onAction: (action, ids) => {
        if (action === 'open') return ids[0] ? window.showEntry(ids[0]) : window.show();
        for (const id of ids)
          watcher.handlers['entries:snooze']({ id, kind: '1d' }).catch((e: Error) =>
            log(`snooze failed: ${e.message}`),
          );
      },
      platform,
      log,
    });
    let watcher: Watcher;
    try {
      watcher = options.makeWatcher(notifier);
    } catch (error) {
      log(`cannot start: ${(error as Error).message}`);
      electron.dialog.showErrorBox('Certwatch cannot start', (error as Error).message);
      app.exit(1);
      return;
    }

    const appUrl = 'file' in paths.page ? pathToFileURL(paths.page.file).href : paths.page.url;
    const removeIpc = registerIpcHandlers({
      handlers: watcher.handlers,
      isTrustedSender: createSenderCheck({ appUrl, isAppContents: window.isAppContents }),
      openInBrowser: (url) => openInBrowser(shell, url),
      log,
    });

    const runAction = createTrayActions({
      handlers: watcher.handlers,
      state: () => watcher.state(),
      window,
      quit: () => app.quit(),
      clock,
      log,
    });
    const model = () => trayMenuModel(watcher.state(), { now: clock.now() });
    const tray = createTray<NativeImage, Menu>({
      ports: {
        newTray: (image) => new electron.Tray(image),
        buildMenu: (template) => electron.Menu.buildFromTemplate(template),
        image: (file) => electron.nativeImage.createFromPath(file),
      },
      iconDir: paths.iconDir,
      platform,
      initial: model(),
      run: (action) => void runAction(action),
      onClick: () => window.show(),
    });

    const syncLoginItem = createLoginItemSync(options.loginItem, log);
    syncLoginItem(watcher.state().settings.launchAtLogin);
    const unsubscribe = watcher.subscribe((state) => {
      window.send('state:changed', state);
      tray.update(trayMenuModel(state, { now: clock.now() }));
      syncLoginItem(state.settings.launchAtLogin);
    });
    // Days left and "paused until" change with the clock alone, not only with the state.
    const refresh = setInterval(() => tray.update(model()), 60_000).unref();
    const unwatch = watchPowerAndNetwork({
      powerMonitor: electron.powerMonitor,
      network: options.network,
      watcher,
      log,
    });

    watcher.start();
    // No window at start-up, so what the user must know (a damaged store set aside) comes as a notification.
    for (const message of watcher.state().messages)
      void notifier.notify({ title: 'Certwatch', body: message, entryIds: [] });

    shutdown = async () => {
      clearInterval(refresh);
      unwatch();
      unsubscribe();
      removeIpc();
      await watcher.stop();
      tray.destroy();
    };
    started = true;
    if (showWhenStarted) window.show();
  };

  const ready = app
    .whenReady()
    .then(start)
    .catch((error: Error) => {
      log(`cannot start: ${error.stack ?? error.message}`);
      electron.dialog.showErrorBox('Certwatch cannot start', error.message);
      app.exit(1);
    });
  return { ready };
}
