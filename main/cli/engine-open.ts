// Opens the watchlist store for a CLI command and puts the watch engine on top of it, so `add`, `list` and
// `watch` act through the same handlers as the tray app's window.
import type { Settings, StoreDoc } from '../shared/model';
import type { Notifier } from '../core/watch/notify';
import { StoreError, type Store } from '../core/watch/store/file-store';
import { createWatcher } from '../core/watch/watcher';
import type { Engine, EngineOptions } from './engine-types';
import type { CliIo } from './io';
import { openCliStore } from './store-open';

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
