// Electron's entry point (dist/app/main.js): resolves where things are, picks the platform's adapters and
// runs the app. Everything with logic lives in the modules it imports.
import {
  app,
  BrowserWindow,
  Tray,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  protocol,
  session,
  shell,
  dialog,
  net,
} from 'electron';
import ElectronStore from 'electron-store';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWatcher } from '../core/watch/watcher';
import { openStore } from '../core/watch/store/file-store';
import { defaultStoreDir } from '../core/watch/store/paths';
import { preferSmallHeap } from '../core/watch/small-heap';
import { systemClock } from '../core/probe/time';
import { nodeNotifier } from '../core/watch/desktop-notifier';
import { autostartDir, electronLoginItem, launchCommand, xdgLoginItem } from './autostart';
import { runApp } from './lifecycle';
import { runDoctor } from '../core/selftest/doctor';
import { createFileLog } from './log';
import { interfaceSignature } from './power';
import { APP_PAGE_URL } from './protocol';
import { allowedDevUrl } from './security';
import { appDoctorDeps, macSignatureOf } from './selftest';
import { electronStoreBackend } from './store-backend';
import { systemProxyFrom } from './system-proxy';

const here = path.dirname(fileURLToPath(import.meta.url));
const platform = process.platform;
// The tray app watches all day, idle between rounds: the main process asks V8 for a small heap, as `certwatch
// watch` does, before the first round.
preferSmallHeap();

// The same folder `certwatch` uses, also in development where the package name is lower-case.
const storeDir = defaultStoreDir();
app.setPath('userData', storeDir);
app.setAppLogsPath(); // ~/Library/Logs/<name> on macOS, <userData>/logs elsewhere
const log = createFileLog(path.join(app.getPath('logs'), 'certwatch.log'));

const devUrl = app.isPackaged ? undefined : allowedDevUrl(process.env.CERTWATCH_DEV_URL);
if (process.env.CERTWATCH_DEV_URL && !devUrl)
  log('CERTWATCH_DEV_URL ignored: only http://127.0.0.1 or localhost');

runApp({
  electron: {
    app,
    BrowserWindow,
    Tray,
    Menu,
    nativeImage,
    Notification,
    powerMonitor,
    session,
    shell,
    dialog,
    protocol,
  },
  makeWatcher: (notifier) =>
    createWatcher({
      store: openStore({
        dir: storeDir,
        backend: electronStoreBackend(ElectronStore),
        clock: systemClock,
        onMessage: (message) => {
          log(message);
          void notifier.notify({ title: 'Certwatch', body: message, entryIds: [] });
        },
      }),
      notifier,
      log,
      // Asked lazily: the session exists only once the app is ready.
      systemProxy: systemProxyFrom(() => session.defaultSession),
      // Entries added with `certwatch add` while the app runs are picked up without a restart.
      rescanMs: 5000,
    }),
  fallbackNotifier: nodeNotifier(log),
  loginItem:
    platform === 'linux'
      ? xdgLoginItem({
          dir: autostartDir(process.env, os.homedir()),
          command: launchCommand({
            env: process.env,
            execPath: process.execPath,
            isPackaged: app.isPackaged,
            appPath: app.getAppPath(),
          }),
          fs,
        })
      : electronLoginItem(app),
  network: { isOnline: () => net.isOnline(), signature: () => interfaceSignature(os.networkInterfaces()) },
  paths: {
    preload: path.join(here, 'preload.cjs'),
    // The built window comes from app://certwatch/ (protocol.ts), never file://.
    page: { url: devUrl ?? APP_PAGE_URL },
    ...(devUrl ? {} : { rendererDir: path.join(here, '..', 'renderer') }),
    iconDir: path.join(here, '..', 'assets', 'tray'),
    appIcon: path.join(here, '..', 'assets', 'icon.png'),
  },
  platform,
  log,
  selfTest: ({ settings, notificationNotice }) =>
    runDoctor(
      appDoctorDeps({
        platform,
        env: process.env,
        notificationsSupported: () => Notification.isSupported(),
        notificationNotice,
        macSignature: () =>
          macSignatureOf(
            process.execPath,
            (file, args) =>
              // codesign writes its report to stderr.
              new Promise((resolve, reject) =>
                execFile(file, args, (error, _stdout, stderr) =>
                  error && !stderr ? reject(error) : resolve(String(stderr)),
                ),
              ),
          ),
        settings,
        readFile: (file) => fs.readFileSync(file, 'utf8'),
      }),
    ),
});
