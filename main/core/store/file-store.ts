// The store file on disk: opened with recovery (a damaged file is kept aside, never wiped), validated before
// every write, written atomically, and re-read when another process (the CLI, the app) changed it.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { STORE_VERSION, type StoreDoc } from '../model';
import type { Clock } from '../time';
import { confBackend, type BackendFactory } from './backend';
import { keepAside } from './quarantine';
import { loadDoc } from './recover';
import { checkBeforeWrite, draftOf, freezeDoc } from './guard';

export { confBackend, confLikeBackend, STORE_FILE_OPTIONS } from './backend';
export type { BackendFactory, StoreBackend, StoreFile } from './backend';

export interface Store {
  readonly path: string;
  /** The current document, deep-frozen: change it through update(). */
  get(): StoreDoc;
  /**
   * Applies a change and saves it. `fn` gets a draft whose top-level lists and maps (entries, state, ledger,
   * settings) may be changed or replaced; the entries and states inside are frozen, so replace them rather than
   * edit them in place. Throws StoreError (and saves nothing) when the result is not a valid document.
   */
  update(fn: (doc: StoreDoc) => StoreDoc | void): StoreDoc;
  /** What the user must be told about opening the store (a damaged file kept aside, an upgrade). */
  readonly startupMessages: string[];
  /** Where a damaged store file was kept, when one was. */
  readonly quarantinedPath?: string;
}

export type StoreErrorCode = 'TOO_NEW' | 'UNREADABLE' | 'INVALID';

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
}

type Signature = string | undefined;

function signatureOf(file: string): Signature {
  try {
    const st = fs.statSync(file);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
}

function readRaw(file: string): { raw?: Buffer; error?: NodeJS.ErrnoException } {
  try {
    return { raw: fs.readFileSync(file) };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return e.code === 'ENOENT' ? {} : { error: e };
  }
}

export function openStore(options: OpenStoreOptions): Store {
  const { dir, clock } = options;
  const fileName = options.fileName ?? 'config.json';
  const file = path.resolve(dir, fileName);
  const deps = { now: () => clock.now(), newId: options.newId ?? (() => randomUUID()) };
  const startupMessages: string[] = [];
  let quarantinedPath: string | undefined;
  fs.mkdirSync(path.dirname(file), { recursive: true });

  const read = readRaw(file);
  if (read.error) {
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
  if (loaded.recovered) {
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

  const backend = (options.backend ?? confBackend)({ dir, fileName, path: file });
  if (path.resolve(backend.path) !== file) {
    throw new Error(`The store backend writes ${backend.path}, not ${file}.`);
  }

  let doc = freezeDoc(loaded.doc);
  let tooNew: string | undefined;
  /** The file as we last read or wrote it; anything else on disk came from another process. */
  let seen: Signature;
  const save = (next: StoreDoc) => {
    backend.write(next);
    doc = next;
    seen = signatureOf(file);
  };
  if (read.raw === undefined || loaded.recovered || loaded.migratedFrom !== undefined) save(doc);
  else seen = signatureOf(file);

  /** Picks up a file another process wrote since we last read or wrote it. */
  const refresh = () => {
    const now = signatureOf(file);
    if (now === undefined || now === seen) return;
    seen = now;
    const again = loadDoc(readRaw(file).raw, deps);
    if (!again.ok) {
      tooNew = `${again.error} (${file})`;
      options.onMessage?.(`${tooNew} Changes are not saved until Certwatch is updated.`);
    } else if (again.recovered) {
      quarantinedPath = keepAside(file, clock.now(), 'copy');
      options.onMessage?.(
        `Another program left Certwatch's store file damaged. That file was kept as ${quarantinedPath}; ` +
          'the watchlist as it was before is back in place.',
      );
      save(doc);
    } else {
      tooNew = undefined;
      doc = freezeDoc(again.doc);
      if (again.migratedFrom !== undefined) save(doc);
    }
  };

  return {
    path: file,
    startupMessages,
    get quarantinedPath() {
      return quarantinedPath;
    },
    get() {
      refresh();
      return doc;
    },
    update(fn) {
      refresh();
      if (tooNew) throw new StoreError('TOO_NEW', tooNew);
      const draft = draftOf(doc);
      const next = fn(draft) ?? draft;
      const checked = checkBeforeWrite(next, doc);
      if (!checked.ok) throw new StoreError('INVALID', `Nothing was saved: ${checked.error}`);
      save(checked.doc);
      return doc;
    },
  };
}
