// Opens the watchlist store for a CLI command and puts the watch engine on top of it, so `add`, `list` and
// `watch` act through the same handlers as the tray app's window.
import fs from 'node:fs';
import path from 'node:path';
import { JSON_FORMAT } from '../core/exchange';
import type { Settings, StoreDoc } from '../core/model';
import type { Notifier } from '../core/notify';
import { openStore, type Store } from '../core/store/file-store';
import { confBackend } from '../core/store/backend';
import { defaultStoreDir } from '../core/store/paths';
import { systemClock } from '../core/time';
import { createWatcher } from '../core/watcher';
import type { Engine, EngineOptions } from './engine';
import type { CliIo } from './io';
import { UsageError } from './options';

/** Not used by the commands that only edit the watchlist, which never check and so never notify. */
const silent: Notifier = { notify: async () => ({ delivered: false, error: 'not watching' }) };

export function openEngineNow(options: EngineOptions, io: CliIo): Engine {
  const store = withSettings(openCliStore(options.store, io), options.overrides ?? {});
  const watcher = createWatcher({
    store,
    notifier: options.notifier ?? silent,
    ...(options.log ? { log: options.log } : {}),
    ...(options.lookup ? { lookup: options.lookup } : {}),
    env: io.env,
    ...(options.rescanMs ? { rescanMs: options.rescanMs } : {}),
  });
  return { store, watcher };
}

function openCliStore(explicit: string | undefined, io: CliIo): Store {
  const file = explicit
    ? path.resolve(explicit)
    : path.join(defaultStoreDir(process.platform, io.env), 'config.json');
  if (explicit) refuseForeign(file);
  let store: Store;
  try {
    store = openStore({
      dir: path.dirname(file),
      fileName: path.basename(file),
      backend: confBackend,
      clock: systemClock,
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

/**
 * A file named on the command line may be anything. openStore would keep a damaged store aside and start over,
 * which is right for Certwatch's own file but not for a folder, an export or someone else's JSON: refuse those.
 */
function refuseForeign(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UsageError(`cannot open the store ${file}: ${(error as NodeJS.ErrnoException).code}`);
  }
  if (stat.isDirectory())
    throw new UsageError(`--store ${file} is a folder; name a file, e.g. ${path.join(file, 'config.json')}`);
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return; // damaged or empty: openStore recovers what it can and keeps the original aside
  }
  const object = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc : undefined;
  if (object && 'format' in object && object.format === JSON_FORMAT)
    throw new UsageError(
      `${file} is a watchlist export, not a store; nothing was changed. Add its entries with: certwatch import ${file}`,
    );
  if (!object || !('entries' in object || 'hosts' in object || 'version' in object))
    throw new UsageError(
      `${file} is not a Certwatch store; nothing was changed. Name a Certwatch store, or a new file, with --store.`,
    );
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
