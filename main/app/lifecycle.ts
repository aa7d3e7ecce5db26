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
  protocol,
  session,
  shell as electronShell,
  Tray,
} from 'electron';
import { readFile } from 'node:fs/promises';
import type { Watcher } from '../core/watch/watcher';
import type { Settings } from '../shared/model';
import type { DoctorReport } from '../core/selftest/doctor';
import { HandlerError, type AppState } from '../shared/contract';
import { windowFirstScreen, windowState } from '../shared/window-state';
import type { Notifier } from '../core/watch/notify';
import { systemClock, type Clock } from '../core/probe/time';
import { createLoginItemSync, type LoginItem } from './autostart';
import { registerIpcHandlers } from './ipc';
import { createMainWindow } from './main-window';
import { createMetricsService } from './metrics-service';
import { createAppNotifier } from './notifications';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol';
import { watchPowerAndNetwork, type NetworkProbe } from './power';
import { guardContents, guardSession, openInBrowser } from './security';
import { createSelfTestRunner, type SelfTestRunner } from './selftest';
import { createSenderCheck } from './sender';
import { createTray } from './tray';
import { createTrayActions } from './tray-actions';
import { brokenChecksText, trayMenuModel } from './tray-model';
import { createWindow, type Page } from './window';
// The one module of the window the app runs itself: pure markup, no DOM (see ARCHITECTURE.md).
import { servedPage } from '../../renderer/first-screen-markup';

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
  protocol: typeof protocol;
}

export interface AppOptions {
  electron: AppElectron;
  /** Opens the store and builds the engine; called once, when Electron is ready. May throw StoreError. */
  makeWatcher: (notifier: Notifier) => Watcher;
  /** node-notifier, used where Electron cannot show notifications. */
  fallbackNotifier: Notifier;
  loginItem: LoginItem;
  network: NetworkProbe;
  /**
   * `rendererDir`: the built window, served as app://certwatch/ (protocol.ts); the page is then
   * APP_PAGE_URL. Without it (tests, a dev server) no scheme is registered.
   */
  paths: { preload: string; page: Page; iconDir: string; appIcon: string; rendererDir?: string };
  platform: NodeJS.Platform;
  log: (line: string) => void;
  clock?: Clock;
  /**
   * The self-test (runDoctor with the app's collaborators, see selftest.ts): run at start, from the tray and
   * from the window. Without it the app has none.
   */
  selfTest?: (context: SelfTestContext) => Promise<DoctorReport>;
}

/** What the app's self-test needs to know from the running app. */
export interface SelfTestContext {
  settings: () => Settings;
  /** The notifier's notice, once notifications were refused or fell back. */
  notificationNotice: () => string | null;
}

export interface RunningApp {
  /** Settles once start-up has finished (or the app gave up). */
  ready: Promise<void>;
}

export function runApp(options: AppOptions): RunningApp {
  const { electron, platform, log, paths } = options;
  const { app, shell } = electron;
  const clock = options.clock ?? systemClock;

  // Privileges for app:// exist only if registered before 'ready'.
  if (paths.rendererDir) electron.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
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
    const rendererDir = paths.rendererDir;
    /** index.html with the watchlist's first screen written in, once the engine exists. */
    const served: { page?: (html: string) => string | null } = {};
    if (rendererDir)
      electron.protocol.handle(
        APP_SCHEME,
        createAppProtocolHandler({
          rendererDir,
          readFile,
          page: (html) => served.page?.(html) ?? null,
        }),
      );
    guardSession(electron.session.defaultSession, { devServer: 'url' in paths.page && !rendererDir });

    let notificationNotice: string | null = null;
    // Until the tray exists there is nothing to repaint; the first model reads the current values.
    let publish = () => undefined as void;
    const notifier = createAppNotifier({
      Notification: electron.Notification,
      fallback: options.fallbackNotifier,
      onClick: (id) => (id ? window.showEntry(id) : window.show()),
      onNotice: (notice) => {
        notificationNotice = notice;
        publish();
      },
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

    const selfTestOf = options.selfTest;
    const selfTest: SelfTestRunner | undefined = selfTestOf
      ? createSelfTestRunner({
          run: () =>
            selfTestOf({
              settings: () => watcher.state().settings,
              notificationNotice: () => notificationNotice,
            }),
          onChange: () => publish(),
          log,
        })
      : undefined;
    // The engine's state plus what only the app knows: the self-test and the notification route.
    const withApp = <S extends Omit<AppState, 'entries'>>(state: S): S => ({
      ...state,
      ...(selfTest ? { selfTest: selfTest.state() } : {}),
      notificationNotice,
    });

    // The page's language is the app's (Chromium's navigator.language in the window is app.getLocale()).
    served.page = (html) => {
      const source = watcher.screenSource();
      return servedPage(
        html,
        { ...source, state: withApp(source.state) },
        { now: clock.now(), locale: app.getLocale() },
      );
    };

    const appUrl = 'file' in paths.page ? pathToFileURL(paths.page.file).href : paths.page.url;
    const removeIpc = registerIpcHandlers({
      handlers: {
        ...watcher.handlers,
        'state:get': async () => withApp(watcher.state()),
        'window:state': async () => windowState(withApp(watcher.state())),
        'window:first-screen': async (request) => {
          const source = watcher.screenSource();
          return windowFirstScreen({ ...source, state: withApp(source.state) }, request);
        },
        'selftest:run': async () => {
          if (!selfTest) throw new HandlerError('FAILED', 'This build of Certwatch has no self-test.');
          return selfTest.run();
        },
      },
      isTrustedSender: createSenderCheck({ appUrl, isAppContents: window.isAppContents }),
      openInBrowser: (url) => openInBrowser(shell, url),
      log,
    });

    const runAction = createTrayActions({
      handlers: watcher.handlers,
      state: () => watcher.state(),
      window,
      quit: () => app.quit(),
      ...(selfTest ? { selfTest: () => selfTest.run() } : {}),
      clock,
      log,
    });
    const model = () => trayMenuModel(withApp(watcher.state()), { now: clock.now() });
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
    // Prometheus metrics, when the setting asks for them; the engine's results are read at each scrape.
    const metrics = createMetricsService({
      read: () => watcher.document(),
      log,
      tell: (body) => void notifier.notify({ title: 'Certwatch', body, entryIds: [] }),
    });
    void metrics.apply(watcher.state().settings.metrics);
    const unsubscribe = watcher.subscribe((engineState) => {
      const state = withApp(engineState);
      window.send('state:changed', windowState(state));
      tray.update(trayMenuModel(state, { now: clock.now() }));
      syncLoginItem(state.settings.launchAtLogin);
      void metrics.apply(state.settings.metrics);
    });
    publish = () => {
      const state = withApp(watcher.state());
      window.send('state:changed', windowState(state));
      tray.update(trayMenuModel(state, { now: clock.now() }));
    };
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
    // The self-test at start: when the probe cannot work here, the tray says so instead of painting every
    // entry red, and one notification tells a user who never opens the menu.
    void selfTest?.run().then(() => {
      const broken = brokenChecksText(withApp(watcher.state()));
      if (broken && !stopped) void notifier.notify({ title: 'Certwatch', body: broken, entryIds: [] });
    });

    shutdown = async () => {
      publish = () => undefined; // a self-test finishing during the quit has no tray left to repaint
      clearInterval(refresh);
      unwatch();
      unsubscribe();
      removeIpc();
      await watcher.stop();
      await metrics.stop();
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
