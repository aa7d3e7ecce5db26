// Reads a store file's bytes without ever blocking on a FIFO and only from a regular file (checked on the open
// descriptor). Apart from file-store.ts so a reader (`certwatch list`) need not load the writer's libraries.
import fs from 'node:fs';

export interface RawRead {
  raw?: Buffer;
  error?: NodeJS.ErrnoException;
  /** The path is a FIFO, device or socket: it was not read. */
  special?: boolean;
}

/**
 * The file's bytes. Opened without blocking (a FIFO would otherwise hang the open) and checked to be a regular
 * file on the open descriptor, so nothing swapped in after an earlier check is read either.
 */
export function readRaw(file: string): RawRead {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return e.code === 'ENOENT' ? {} : { error: e };
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) return { error: Object.assign(new Error('is a directory'), { code: 'EISDIR' }) };
    if (!st.isFile()) return { special: true };
    return { raw: fs.readFileSync(fd) };
  } catch (error) {
    return { error: error as NodeJS.ErrnoException };
  } finally {
    fs.closeSync(fd);
  }
}
