// The development web bridge: the real watch engine behind a loopback HTTP server, so the window runs in any
// browser (and in Playwright) without Electron. Dev-only: 127.0.0.1, one random token, every payload validated.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Handlers } from '../shared/contract';
import { windowFirstScreen, windowState } from '../shared/window-state';
import { proxySettings } from '../core/probe/proxy';
import { runDoctor } from '../core/selftest/doctor';
import { defaultTrustSources, describeProxy, trustInfoFrom } from '../core/selftest/environment';
import type { Notifier } from '../core/watch/notify';
import type { Lookup } from '../core/probe/resolve';
import { confBackend, openStore, StoreError } from '../core/watch/store/file-store';
import { namedStoreProblem } from '../core/watch/store/named-file';
import { systemClock } from '../core/probe/time';
import { createWatcher, type Watcher, type WatcherDeps } from '../core/watch/watcher';
import { createEventHub } from './events';
import { createRouter } from './routes';
// The one module of the window the bridge runs itself: pure markup, no DOM (see ARCHITECTURE.md).
import { servedPage } from '../../renderer/first-screen-markup';

export interface BridgeOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** The store folder; absent: a fresh temporary folder, removed on close. */
  storeDir?: string;
  /**
   * The store FILE, as the CLI's `--store FILE` names it (wins over storeDir): the same file `certwatch` reads,
   * refused in one sentence when it is a folder, an export or another program's JSON.
   */
  storeFile?: string;
  /** Name resolution for probes (tests map their names to loopback); default the OS resolver. */
  lookup?: Lookup;
  log?: (line: string) => void;
  /** The window built in bridge mode; default dist/renderer-bridge. */
  rendererDir?: string;
  /** Where HTTPS_PROXY/NO_PROXY are read; default process.env. */
  env?: Record<string, string | undefined>;
  /** Replaces the real probe: for benchmarks of the window with thousands of entries only. */
  probe?: WatcherDeps['probe'];
}

/** Why the bridge could not start, in one sentence for the terminal (no stack): a busy port, a refused store. */
export class BridgeStartError extends Error {
  override name = 'BridgeStartError';
}

function listenProblem(error: unknown, port: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return `port ${port} on 127.0.0.1 is already in use; choose another with --port, or leave --port out for a free one.`;
  if (code === 'EACCES')
    return `port ${port} needs privileges this user does not have; choose a port above 1023 with --port.`;
  return `cannot listen on 127.0.0.1:${port}: ${code ?? (error as Error).message}`;
}

export interface Bridge {
  /**
   * Opens the window: the token travels in the query, to this bridge alone (loopback), which then writes the
   * window's first screen into the page; the page keeps it for the tab and takes it out of the address bar.
   */
  url: string;
  token: string;
  watcher: Watcher;
  close(): Promise<void>;
}

function defaultRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // dist/bridge/server.js when bundled, main/bridge/server.ts when run from source.
  const candidates = [
    path.resolve(here, '../renderer-bridge'),
    path.resolve(here, '../../dist/renderer-bridge'),
  ];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? candidates[1]!;
}

function consoleNotifier(log: (line: string) => void): Notifier {
  return {
    notify: async ({ title, body }) => {
      log(`notification: ${title}: ${body}`);
      return { delivered: true };
    },
  };
}

export async function startBridge(options: BridgeOptions = {}): Promise<Bridge> {
  const log = options.log ?? ((line: string) => console.log(`[bridge] ${line}`));
  const storeFile = options.storeFile === undefined ? undefined : path.resolve(options.storeFile);
  if (storeFile) {
    const problem = namedStoreProblem(storeFile);
    if (problem) throw new BridgeStartError(problem);
  }
  const ownDir = storeFile === undefined && options.storeDir === undefined;
  const storeDir = storeFile
    ? path.dirname(storeFile)
    : (options.storeDir ?? (await mkdtemp(path.join(os.tmpdir(), 'certwatch-bridge-'))));
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  const token = randomBytes(32).toString('base64url');

  let store: ReturnType<typeof openStore>;
  try {
    store = storeFile
      ? // Exactly as the CLI opens `--store FILE`, so both read and write the same document.
        openStore({
          dir: storeDir,
          fileName: path.basename(storeFile),
          backend: confBackend,
          clock: systemClock,
          onMessage: log,
        })
      : openStore({ dir: storeDir, clock: systemClock, onMessage: log });
  } catch (error) {
    if (ownDir) await rm(storeDir, { recursive: true, force: true });
    if (error instanceof StoreError) throw new BridgeStartError(error.message);
    const where = storeFile ?? storeDir;
    throw new BridgeStartError(`cannot open the store ${where}: ${(error as Error).message}`);
  }

  const watcher = createWatcher({
    store,
    notifier: consoleNotifier(log),
    log,
    ...(options.lookup ? { lookup: options.lookup } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.probe ? { probe: options.probe } : {}),
  });
  const handlers: Handlers = {
    ...watcher.handlers,
    // The window's compact state, as the app answers it (main/app/lifecycle.ts).
    'window:state': async () => windowState(watcher.state()),
    'window:first-screen': async (request) => windowFirstScreen(watcher.screenSource(), request),
    // No browser to hand the link to from here: the page's own tab is the browser.
    'app:open-external': async ({ url }) => {
      log(`open in your browser: ${url}`);
      return { opened: false };
    },
    // The same self-test as the app, with this process's facts.
    'selftest:run': async () => ({
      running: false,
      report: await runDoctor({
        trustInfo: () => trustInfoFrom(defaultTrustSources()),
        notificationRoute: () => ({
          level: 'ok',
          detail: 'the development bridge prints notifications to its console',
        }),
        proxy: () => describeProxy(proxySettings({ env: options.env ?? process.env }), 'the environment'),
      }),
    }),
  };
  const hub = createEventHub();
  const unsubscribe = watcher.subscribe((state) => hub.send('state:changed', windowState(state)));

  let port = 0;
  const route = createRouter({
    port: () => port,
    token,
    handlers,
    hub,
    rendererDir,
    log,
    firstScreen: (html, locale) => servedPage(html, watcher.screenSource(), { now: Date.now(), locale }),
  });
  const server = http.createServer((req, res) => void route(req, res));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    // A port already taken: leave nothing behind before saying so.
    unsubscribe();
    hub.close();
    if (ownDir) await rm(storeDir, { recursive: true, force: true });
    throw new BridgeStartError(listenProblem(error, options.port ?? 0));
  }
  port = (server.address() as AddressInfo).port;
  watcher.start();

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    watcher,
    close: () =>
      (closing ??= (async () => {
        unsubscribe();
        hub.close();
        await watcher.stop();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        if (ownDir) await rm(storeDir, { recursive: true, force: true });
      })()),
  };
}
