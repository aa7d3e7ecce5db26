// Reads a file a person named (a certificate, a list of targets, an import) without ever blocking on it or
// reading without end: regular files only, a size limit, and the caller's deadline for every step.
import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';

export interface BoundedReadOptions {
  maxBytes: number;
  /** What the file should have been, for the sentence: "a certificate file". */
  what: string;
  /** What to do instead: "name a PEM or DER file". */
  hint: string;
  signal?: AbortSignal;
}

/** Why a path that exists is not a readable file, in words; undefined for a regular file. */
export function notARegularFile(path: string, info: Stats, what: string, hint: string): string | undefined {
  if (info.isFile()) return undefined;
  const kind = info.isDirectory()
    ? 'a folder'
    : info.isFIFO()
      ? 'a named pipe (FIFO)'
      : info.isCharacterDevice() || info.isBlockDevice()
        ? 'a device'
        : info.isSocket()
          ? 'a socket'
          : 'not a regular file';
  return `${path} is ${kind}, not ${what}; ${hint}.`;
}

function tooLarge(path: string, size: number, options: BoundedReadOptions): string {
  const mib = (n: number) => `${(n / 1048576).toFixed(1).replace(/\.0$/, '')} MiB`;
  const shown = size >= 1048576 ? `${(size / 1048576).toFixed(1)} MiB` : `${size} bytes`;
  return `${path} is ${shown}, too large to be ${options.what} (the limit is ${mib(options.maxBytes)}).`;
}

/**
 * The type is checked before opening (a FIFO would block `open` until a writer comes, `/dev/zero` never ends),
 * the open itself is non-blocking and the type re-checked on the handle (the path may have changed in
 * between), at most `maxBytes` + 1 bytes are read, and the deadline holds even for a stuck file system call.
 * A refusal is answered as `{ error }`; a system error (ENOENT, EACCES, a timeout) is thrown for the caller.
 */
export function readRegularFile(
  path: string,
  options: BoundedReadOptions,
): Promise<Buffer | { error: string }> {
  return withDeadline(read(path, options), options.signal);
}

async function read(path: string, options: BoundedReadOptions): Promise<Buffer | { error: string }> {
  const { maxBytes, what, hint, signal } = options;
  const before = await stat(path);
  const refused = notARegularFile(path, before, what, hint);
  if (refused) return { error: refused };
  if (before.size > maxBytes) return { error: tooLarge(path, before.size, options) };
  signal?.throwIfAborted();
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const changed = notARegularFile(path, await handle.stat(), what, hint);
    if (changed) return { error: changed };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      signal?.throwIfAborted();
      const chunk = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      // The file can grow while it is read; the limit holds for what is actually read.
      if (total > maxBytes) return { error: tooLarge(path, total, options) };
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** A file system call cannot be cancelled (a stuck network mount), but the caller still gets its answer in time. */
function withDeadline<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason as Error);
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
