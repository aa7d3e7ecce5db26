// Opens the watchlist store for a CLI command and puts the watch engine on top of it, so `add`, `list` and
// `watch` act through the same handlers as the tray app's window.
import fs from 'node:fs';
import path from 'node:path';
import { JSON_FORMAT } from '../core/watch/exchange';
import type { Settings, StoreDoc } from '../shared/model';
import type { Notifier } from '../core/watch/notify';
import { openStore, StoreError, type Store } from '../core/watch/store/file-store';
import { lockOptionsFromEnv } from '../core/watch/store/lock';
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
  const kind = storePathKind(file, explicit !== undefined);
  if (kind.real) file = kind.real;
  if (kind.absent && !options.create) {
    const store = explicit ? ` --store ${explicit}` : '';
    throw new UsageError(
      `there is no watchlist at ${file}; nothing was created. Check the path, add certificates with ` +
        `"certwatch add${store} example.com", or pass --create to start an empty one.`,
    );
  }
  if (explicit && !kind.absent) refuseForeign(file);
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

const SPECIAL: Array<[(st: fs.Stats) => boolean, string]> = [
  [(st) => st.isFIFO(), 'a named pipe (FIFO)'],
  [(st) => st.isCharacterDevice(), 'a device'],
  [(st) => st.isBlockDevice(), 'a device'],
  [(st) => st.isSocket(), 'a socket'],
];

/**
 * What the store path names, looked at with lstat/stat before anything opens it (opening a FIFO blocks):
 * absent, or a regular file (through a symlink: its target, so atomic writes replace the file and keep the
 * link). Pipes, devices, sockets and (when named with --store) folders are refused with a sentence.
 */
function storePathKind(file: string, explicit: boolean): { absent?: boolean; real?: string } {
  const failed = (error: unknown) =>
    new UsageError(
      `cannot open the store ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  let link: fs.Stats;
  try {
    link = fs.lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { absent: true };
    throw failed(error);
  }
  let st = link;
  let real: string | undefined;
  if (link.isSymbolicLink()) {
    try {
      st = fs.statSync(file);
      real = fs.realpathSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new UsageError(
          `${file} is a symbolic link to a file that does not exist; nothing was changed. Name the store file itself.`,
        );
      throw failed(error);
    }
  }
  const what = link.isSymbolicLink() ? `a symbolic link to ` : '';
  for (const [test, name] of SPECIAL)
    if (test(st))
      throw new UsageError(
        `${file} is ${what}${name}, not a store file; nothing was changed. Name a Certwatch store, or a new file, with --store.`,
      );
  if (st.isDirectory() && explicit)
    throw new UsageError(
      `--store ${file} is ${what ? `${what}a folder` : 'a folder'}; name a file, e.g. ${path.join(file, 'config.json')}`,
    );
  return real ? { real } : {};
}

/** Reads at most `max` bytes from the start of a regular file, without blocking on anything else. */
function readHead(file: string, max: number): { head: Buffer; size: number } {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new UsageError(`${file} is not a regular file; nothing was changed.`);
    const head = Buffer.alloc(Math.min(max, st.size));
    const n = head.length ? fs.readSync(fd, head, 0, head.length, 0) : 0;
    return { head: head.subarray(0, n), size: st.size };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Every Certwatch store file begins with `{` and then its first key, `"version"` (format 0 files: `"hosts"`).
 * A file that does not parse counts as a damaged store, to be kept aside and salvaged, only when it still
 * begins that way; anything else that does not parse (a CSV, a text file, binary data) is someone else's.
 */
const STORE_START = /^\s*\{\s*"(?:version|entries|hosts)"\s*:/;
const HEAD_BYTES = 64 * 1024;

/**
 * A file named on the command line may be anything. openStore would keep a damaged store aside and start over,
 * which is right for Certwatch's own file but not for an export, a CSV or someone else's JSON: refuse those,
 * before reading more than the first 64 KiB of something that is plainly not JSON.
 */
function refuseForeign(file: string): void {
  const notStore = new UsageError(
    `${file} is not a Certwatch store; nothing was changed. Name a Certwatch store, or a new file, with --store.`,
  );
  let head: Buffer;
  let size: number;
  try {
    ({ head, size } = readHead(file, HEAD_BYTES));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot open the store ${file}: ${(error as NodeJS.ErrnoException).code}`);
  }
  const start = head.toString('utf8').replace(/^\uFEFF/, '');
  if (!start.trim() && size <= HEAD_BYTES) return; // empty: openStore keeps it aside and starts a watchlist
  if (!start.trimStart().startsWith('{')) throw notStore;
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    if (STORE_START.test(start)) return; // a damaged store: openStore salvages it and keeps the original aside
    throw notStore;
  }
  const object = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc : undefined;
  if (object && 'format' in object && object.format === JSON_FORMAT)
    throw new UsageError(
      `${file} is a watchlist export, not a store; nothing was changed. Add its entries with: certwatch import ${file}`,
    );
  // A store's own keys, with a store's types: a package.json's "version": "1.0.0" does not make it a store.
  const keys = object as { entries?: unknown; hosts?: unknown; version?: unknown } | undefined;
  if (
    !keys ||
    !(Array.isArray(keys.entries) || Array.isArray(keys.hosts) || typeof keys.version === 'number')
  )
    throw notStore;
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
