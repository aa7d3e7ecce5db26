// Checks a store file someone named (`--store FILE`, `dev:web --store FILE`) before Certwatch opens it, for the
// CLI and the web bridge alike: pipes, devices, sockets and folders are refused without opening them (opening a
// FIFO blocks), and an export, a CSV or another program's JSON is refused in one sentence, since opening it as a
// store would set it aside and start over. A missing file is fine; a damaged store is left to openStore's recovery.
import fs from 'node:fs';
import path from 'node:path';
import { JSON_FORMAT } from '../exchange';

/** A named file that must not be opened as a store; the message is one sentence for the user. */
export class NamedStoreError extends Error {
  override name = 'NamedStoreError';
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
export function storePathKind(file: string, explicit: boolean): { absent?: boolean; real?: string } {
  const failed = (error: unknown) =>
    new NamedStoreError(
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
        throw new NamedStoreError(
          `${file} is a symbolic link to a file that does not exist; nothing was changed. Name the store file itself.`,
        );
      throw failed(error);
    }
  }
  const what = link.isSymbolicLink() ? `a symbolic link to ` : '';
  for (const [test, name] of SPECIAL)
    if (test(st))
      throw new NamedStoreError(
        `${file} is ${what}${name}, not a store file; nothing was changed. Name a Certwatch store, or a new file, with --store.`,
      );
  if (st.isDirectory() && explicit)
    throw new NamedStoreError(
      `--store ${file} is ${what ? `${what}a folder` : 'a folder'}; name a file, e.g. ${path.join(file, 'config.json')}`,
    );
  return real ? { real } : {};
}

/** Reads at most `max` bytes from the start of a regular file, without blocking on anything else. */
function readHead(file: string, max: number): { head: Buffer; size: number } {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new NamedStoreError(`${file} is not a regular file; nothing was changed.`);
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
/** The first bytes of every store file the current writer produces (compact.ts): a numeric version, entries. */
const OWN_START = /^\{"version":\d+,\n"entries":\[/;

/**
 * A file named on the command line may be anything. openStore would keep a damaged store aside and start over,
 * which is right for Certwatch's own file but not for an export, a CSV or someone else's JSON: refuse those,
 * before reading more than the first 64 KiB of something that is plainly not JSON.
 */
export function refuseForeign(file: string): void {
  const notStore = new NamedStoreError(
    `${file} is not a Certwatch store; nothing was changed. Name a Certwatch store, or a new file, with --store.`,
  );
  let head: Buffer;
  let size: number;
  try {
    ({ head, size } = readHead(file, HEAD_BYTES));
  } catch (error) {
    if (error instanceof NamedStoreError) throw error;
    throw new NamedStoreError(`cannot open the store ${file}: ${(error as NodeJS.ErrnoException).code}`);
  }
  const start = head.toString('utf8').replace(/^\uFEFF/, '');
  if (!start.trim() && size <= HEAD_BYTES) return; // empty: openStore keeps it aside and starts a watchlist
  if (!start.trimStart().startsWith('{')) throw notStore;
  // What Certwatch's own writer begins every file with (compact.ts) is a store, whole or damaged, either way
  // openStore's to open (which keeps aside, never overwrites, what does not read as one): no need to read and
  // parse megabytes to learn it. An export, pretty-printed and led by its "format", never begins this way.
  if (OWN_START.test(start)) return;
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    if (STORE_START.test(start)) return; // a damaged store: openStore salvages it and keeps the original aside
    throw notStore;
  }
  const object = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc : undefined;
  if (object && 'format' in object && object.format === JSON_FORMAT)
    throw new NamedStoreError(
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

/** null when the file may be opened as a store; otherwise the sentence that says why not. */
export function namedStoreProblem(file: string): string | null {
  try {
    const kind = storePathKind(file, true);
    if (!kind.absent) refuseForeign(kind.real ?? file);
    return null;
  } catch (error) {
    if (error instanceof NamedStoreError) return error.message;
    throw error;
  }
}
