// Opens the watchlist store for a CLI command and puts the watch engine on top of it, so `add`, `list` and
// `watch` act through the same handlers as the tray app's window.
import path from 'node:path';
import type { Settings, StoreDoc } from '../shared/model';
import type { Notifier } from '../core/watch/notify';
import { openStore, StoreError, type Store } from '../core/watch/store/file-store';
import { lockOptionsFromEnv } from '../core/watch/store/lock';
import { NamedStoreError, refuseForeign, storePathKind } from '../core/watch/store/named-file';
import { confBackend } from '../core/watch/store/backend';
import { defaultStoreDir } from '../core/watch/store/paths';
import { systemClock } from '../core/probe/time';
import { createWatcher } from '../core/watch/watcher';
import type { Engine, EngineOptions } from './engine-types';
import type { CliIo } from './io';
import { UsageError } from './options';

/** Not used by the commands that only edit the watchlist, which never check and so never notify. */
const silent: Notifier = { notify: async () => ({ delivered: false, error: 'not watching' }) };

export function openEngineNow(options: EngineOptions, io: CliIo): Engine {
  const writeFailures: string[] = [];
  const opened = reportingFailures(openCliStore(options, io), (message) => {
    writeFailures.push(message);
    if (options.printWriteFailures) io.stderr(`certwatch: ${message}\n`);
  });
  const store = withSettings(opened, options.overrides ?? {});
  const watcher = createWatcher({
    store,
    notifier: options.notifier ?? silent,
    ...(options.log ? { log: options.log } : {}),
    ...(options.lookup ? { lookup: options.lookup } : {}),
    env: io.env,
    ...(options.rescanMs ? { rescanMs: options.rescanMs } : {}),
  });
  return { store, watcher, writeFailures };
}

function openCliStore(options: EngineOptions, io: CliIo): Store {
  const explicit = options.store;
  let file = explicit
    ? path.resolve(explicit)
    : path.join(defaultStoreDir(process.platform, io.env), 'config.json');
  const kind = asUsage(() => storePathKind(file, explicit !== undefined));
  if (kind.real) file = kind.real;
  if (kind.absent && !options.create) {
    const store = explicit ? ` --store ${explicit}` : '';
    throw new UsageError(
      `there is no watchlist at ${file}; nothing was created. Check the path, add certificates with ` +
        `"certwatch add${store} example.com", or pass --create to start an empty one.`,
    );
  }
  if (explicit && !kind.absent) asUsage(() => refuseForeign(file));
  let store: Store;
  try {
    store = openStore({
      dir: path.dirname(file),
      fileName: path.basename(file),
      backend: confBackend,
      clock: systemClock,
      lock: lockOptionsFromEnv(io.env),
      onMessage: (message) => io.stderr(`certwatch: ${message}\n`),
    });
  } catch (error) {
    // StoreError messages already name the file; anything else (a folder we may not create) gets it added.
    const message = (error as Error).message;
    throw new UsageError(message.includes(file) ? message : `cannot open the store ${file}: ${message}`);
  }
  for (const message of store.startupMessages) io.stderr(`certwatch: ${message}\n`);
  return store;
}

/** The store checks speak in sentences; the CLI tells them as usage errors (exit 3). */
function asUsage<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof NamedStoreError) throw new UsageError(error.message);
    throw error;
  }
}

/** Writes that fail (locked, disk full, invalid) are recorded for the exit code, and told as they happen. */
function reportingFailures(store: Store, report: (message: string) => void): Store {
  return {
    path: store.path,
    startupMessages: store.startupMessages,
    get quarantinedPath() {
      return store.quarantinedPath;
    },
    get: () => store.get(),
    update: (fn) => {
      try {
        return store.update(fn);
      } catch (error) {
        if (error instanceof StoreError) report(error.message);
        throw error;
      }
    },
  };
}

/** The store as the engine sees it, with some settings replaced for this run; writes go to the real document. */
function withSettings(store: Store, overrides: Partial<Settings>): Store {
  if (!Object.keys(overrides).length) return store;
  let base: StoreDoc | undefined;
  let view: StoreDoc | undefined;
  const viewOf = (doc: StoreDoc): StoreDoc => {
    if (doc !== base || !view) {
      base = doc;
      view = Object.freeze({ ...doc, settings: Object.freeze({ ...doc.settings, ...overrides }) });
    }
    return view;
  };
  return {
    path: store.path,
    startupMessages: store.startupMessages,
    get quarantinedPath() {
      return store.quarantinedPath;
    },
    get: () => viewOf(store.get()),
    update: (fn) => viewOf(store.update(fn)),
  };
}
