// The store file on disk: opened with recovery (a damaged file is kept aside, never wiped), validated before
// every write, written atomically, and shared safely between processes (the app, `watch`, `add`): every change
// runs under a cross-process lock on the document as it is on disk at that moment.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { STORE_VERSION, type StoreDoc } from '../../../shared/model';
import type { Clock } from '../../probe/time';
import { confBackend, type BackendFactory, type StoreBackend } from './backend';
import { fileLock, LockError, touchLock, type LockOptions } from './lock';
import { keepAside } from './quarantine';
import { loadDoc } from './recover';
import { checkBeforeWrite, draftOf, freezeDoc } from './guard';
import { readRaw } from './raw-read';

export { readRaw } from './raw-read';

export { confBackend, confLikeBackend, STORE_FILE_OPTIONS } from './backend';
export type { BackendFactory, StoreBackend, StoreFile } from './backend';
export type { LockOptions } from './lock';

export interface Store {
  readonly path: string;
  /** The current document, deep-frozen: change it through update(). */
  get(): StoreDoc;
  /**
   * Applies a change and saves it. `fn` gets a draft whose top-level lists and maps (entries, state, ledger,
   * settings) may be changed or replaced; the entries and states inside are frozen, so replace them rather than
   * edit them in place. Throws StoreError (and saves nothing) when the result is not a valid document, or when
   * the file could not be locked or written.
   *
   * `fn` runs while this process holds the store's cross-process lock, on the document as it is on disk at that
   * moment (another process may have saved since the last get()). So a change must be written as an operation
   * on the draft it is given (add these, remove that id, patch this field), never as a document built earlier:
   * that is what keeps other processes' additions and removals.
   */
  update(fn: (doc: StoreDoc) => StoreDoc | void): StoreDoc;
  /** What the user must be told about opening the store (a damaged file kept aside, an upgrade). */
  readonly startupMessages: string[];
  /** Where a damaged store file was kept, when one was. */
  readonly quarantinedPath?: string;
}

export type StoreErrorCode =
  | 'TOO_NEW'
  | 'UNREADABLE'
  | 'INVALID'
  /** The path names a FIFO, a device or a socket: never read (it could block) nor replaced. */
  | 'NOT_A_FILE'
  /** Another process kept the store locked longer than the wait; nothing was saved. */
  | 'LOCKED'
  /** The file (or its lock) could not be written: permissions, a full disk; nothing was saved. */
  | 'WRITE_FAILED';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface OpenStoreOptions {
  dir: string;
  fileName?: string;
  backend?: BackendFactory;
  clock: Clock;
  /** Ids for entries an upgrade creates (format 0 had none). */
  newId?: () => string;
  /** Damage found after start-up (another program broke the file while we ran). */
  onMessage?: (message: string) => void;
  /** Timings of the cross-process lock (tests shorten them). */
  lock?: LockOptions;
}

type Signature = string | undefined;

function signatureOf(file: string): Signature {
  try {
    const st = fs.statSync(file, { bigint: true });
    return `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  } catch {
    return undefined;
  }
}

const digest = (raw: Buffer | undefined) =>
  raw === undefined ? undefined : createHash('sha256').update(raw).digest('base64');

const notAFile = (file: string) =>
  new StoreError(
    'NOT_A_FILE',
    `${file} is not a regular file (a pipe, a device or a socket); Certwatch keeps its store in a regular file and left this one untouched.`,
  );

export function openStore(options: OpenStoreOptions): Store {
  const { dir, clock } = options;
  const fileName = options.fileName ?? 'config.json';
  const file = path.resolve(dir, fileName);
  const deps = { now: () => clock.now(), newId: options.newId ?? (() => randomUUID()) };
  const lock = fileLock(file, options.lock);
  fs.mkdirSync(path.dirname(file), { recursive: true });

  /** Runs `fn` holding the lock; a lock that cannot be had becomes a StoreError saying nothing was saved. */
  const locked = <T>(fn: () => T): T => {
    try {
      return lock.run(fn);
    } catch (error) {
      if (!(error instanceof LockError)) throw error;
      throw error.reason === 'busy'
        ? new StoreError(
            'LOCKED',
            `Nothing was saved: another Certwatch process kept the store ${file} locked for more than ${error.detail}. Try again.`,
          )
        : new StoreError(
            'WRITE_FAILED',
            `Nothing was saved: Certwatch could not lock its store file ${file} (${error.detail}).`,
          );
    }
  };

  interface Opened {
    doc: StoreDoc;
    raw: Buffer | undefined;
    startupMessages: string[];
    quarantinedPath?: string;
    needsSave: boolean;
  }

  /**
   * Reads the file and works out what opening it means. Side effects (keeping a damaged file aside) only when
   * `act`, which the caller sets once it holds the lock; without the lock it only learns whether a write is due.
   */
  const openContents = (act: boolean): Opened | 'write' => {
    const startupMessages: string[] = [];
    let quarantinedPath: string | undefined;
    const read = readRaw(file);
    if (read.special) throw notAFile(file);
    if (read.error) {
      if (!act) return 'write';
      // Unreadable (permissions, a folder in the way): move it aside whole, since it cannot be copied.
      try {
        quarantinedPath = keepAside(file, clock.now(), 'rename');
      } catch {
        throw new StoreError(
          'UNREADABLE',
          `Certwatch cannot read its store file ${file} (${read.error.code ?? read.error.message}) nor move it aside. ` +
            'Fix its permissions or move it away, then start again.',
        );
      }
      startupMessages.push(
        `Certwatch could not read its store file (${read.error.code ?? read.error.message}); it was moved aside to ` +
          `${quarantinedPath} and Certwatch started with an empty watchlist.`,
      );
    }
    const loaded = loadDoc(read.raw, deps);
    if (!loaded.ok) throw new StoreError('TOO_NEW', `${loaded.error} (${file})`);
    const needsSave = read.raw === undefined || loaded.recovered || loaded.migratedFrom !== undefined;
    if (needsSave && !act) return 'write';
    if (loaded.recovered && read.raw !== undefined) {
      // Copy first, then replace atomically: at every instant one of the two files holds the original.
      quarantinedPath = keepAside(file, clock.now(), 'copy');
      startupMessages.push(
        `Certwatch's store file was damaged. The damaged file was kept, unchanged, as ${quarantinedPath}; ` +
          'everything that could be read from it is back in place.',
      );
    } else if (loaded.migratedFrom !== undefined) {
      const backup = keepAside(file, clock.now(), 'copy', `v${loaded.migratedFrom}`);
      startupMessages.push(
        `The store file was upgraded from format ${loaded.migratedFrom} to ${STORE_VERSION}; the old file was kept as ${backup}.`,
      );
    }
    startupMessages.push(...loaded.messages);
    return {
      doc: loaded.doc,
      raw: read.raw,
      startupMessages,
      ...(quarantinedPath ? { quarantinedPath } : {}),
      needsSave,
    };
  };

  // Made once the file is known to be no pipe or device (conf reads it when constructed), and after a file
  // that cannot be read was moved aside.
  let backend: StoreBackend | undefined;
  const backendNow = (): StoreBackend => {
    if (backend) return backend;
    const made = (options.backend ?? confBackend)({ dir, fileName, path: file });
    if (path.resolve(made.path) !== file) {
      throw new Error(`The store backend writes ${made.path}, not ${file}.`);
    }
    return (backend = made);
  };

  let doc: StoreDoc;
  let tooNew: string | undefined;
  /** Why the file cannot be read now (it became a folder, a pipe, unreadable): writes are refused meanwhile. */
  let unreadable: string | undefined;
  /** The file as we last read or wrote it: its stat signature (cheap) and a digest of its bytes (exact). */
  let seen: Signature;
  let seenDigest: string | undefined;
  let quarantinedPath: string | undefined;

  /** Writes under the lock; records what is on disk now, so our own write is not taken for someone else's. */
  const save = (next: StoreDoc) => {
    const writer = backendNow();
    touchLock(lock);
    try {
      writer.write(next);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      throw new StoreError(
        'WRITE_FAILED',
        `Nothing was saved: Certwatch could not write its store file ${file} (${e.code ?? e.message}).`,
      );
    }
    doc = next;
    seen = signatureOf(file);
    seenDigest = digest(readRaw(file).raw);
  };

  // A store that opens cleanly is read without the lock (a read-only folder still lists); creating, repairing
  // or upgrading the file happens under the lock, after reading it again.
  const first = openContents(false);
  const opened =
    first === 'write'
      ? locked(() => {
          const again = openContents(true);
          if (again === 'write') throw new Error('unreachable');
          doc = freezeDoc(again.doc);
          if (again.needsSave) save(doc);
          else {
            seen = signatureOf(file);
            seenDigest = digest(again.raw);
          }
          return again;
        })
      : first;
  if (first !== 'write') {
    doc = freezeDoc(opened.doc);
    seen = signatureOf(file);
    seenDigest = digest(opened.raw);
  }
  backendNow();
  const startupMessages = opened.startupMessages;
  quarantinedPath = opened.quarantinedPath;

  /**
   * Brings `doc` up to what is on disk. Called with the lock held before every change, so the change is
   * applied to the latest document (never to a stale copy), and without it from get(), where a repair it
   * finds necessary takes the lock itself.
   */
  const sync = (isLocked: boolean): void => {
    const now = signatureOf(file);
    if (now === undefined) {
      unreadable = undefined; // deleted: the next write puts our document back
      return;
    }
    if (!isLocked && now === seen) return;
    const read = readRaw(file);
    if (read.special || read.error) {
      unreadable = read.special
        ? `${file} is no longer a regular file`
        : `Certwatch cannot read its store file ${file} (${read.error!.code ?? read.error!.message})`;
      return;
    }
    unreadable = undefined;
    const d = digest(read.raw);
    if (d === seenDigest) {
      seen = now;
      return;
    }
    const again = loadDoc(read.raw, deps);
    if (!again.ok) {
      seen = now;
      seenDigest = d;
      if (tooNew === undefined) {
        tooNew = `${again.error} (${file})`;
        options.onMessage?.(`${tooNew} Changes are not saved until Certwatch is updated.`);
      }
      return;
    }
    tooNew = undefined;
    if (!again.recovered && again.migratedFrom === undefined) {
      seen = now;
      seenDigest = d;
      doc = freezeDoc(again.doc);
      return;
    }
    if (!isLocked) return locked(() => sync(true));
    if (again.recovered) {
      quarantinedPath = keepAside(file, clock.now(), 'copy');
      options.onMessage?.(
        `Another program left Certwatch's store file damaged. That file was kept as ${quarantinedPath}; ` +
          'the watchlist as it was before is back in place.',
      );
      save(doc);
    } else save(freezeDoc(again.doc));
  };

  return {
    path: file,
    startupMessages,
    get quarantinedPath() {
      return quarantinedPath;
    },
    get() {
      sync(false);
      return doc;
    },
    update(fn) {
      return locked(() => {
        sync(true);
        if (tooNew) throw new StoreError('TOO_NEW', tooNew);
        if (unreadable) throw new StoreError('UNREADABLE', `Nothing was saved: ${unreadable}.`);
        const draft = draftOf(doc);
        const next = fn(draft) ?? draft;
        const checked = checkBeforeWrite(next, doc);
        if (!checked.ok) throw new StoreError('INVALID', `Nothing was saved: ${checked.error}`);
        save(checked.doc);
        return doc;
      });
    },
  };
}
