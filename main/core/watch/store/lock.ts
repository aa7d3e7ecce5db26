// The advisory cross-process lock around every read-modify-write of the store file: the tray app, `certwatch
// watch` and `certwatch add` may all write it at once. proper-lockfile's mkdir lock (`<store>.lock`), taken
// synchronously (the store's API is synchronous), with a safe recovery of a lock left by a killed process.
import fs from 'node:fs';
import lockfile from 'proper-lockfile';

export interface LockOptions {
  /**
   * A lock whose folder is older than this is taken to be left by a process that died (kill -9, power loss) and
   * is removed. Every write holds the lock for milliseconds; proper-lockfile's minimum is 2 s. Default 10 s.
   */
  staleMs?: number;
  /** How long to wait for a lock another process holds before giving up; default staleMs + 20 s. */
  waitMs?: number;
}

export const DEFAULT_STALE_MS = 10_000;
const MIN_STALE_MS = 2_000;

/** Why a lock could not be had: `busy` (another process kept it), or `io` (the folder refuses a lock). */
export class LockError extends Error {
  constructor(
    readonly reason: 'busy' | 'io',
    readonly detail: string,
  ) {
    super(reason === 'busy' ? 'the store is locked by another process' : `cannot lock the store (${detail})`);
    this.name = 'LockError';
  }
}

/** Reads lock timings from the environment (tests shorten them): CERTWATCH_LOCK_STALE_MS, CERTWATCH_LOCK_WAIT_MS. */
export function lockOptionsFromEnv(env: Record<string, string | undefined>): LockOptions {
  const num = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
  const staleMs = num(env.CERTWATCH_LOCK_STALE_MS);
  const waitMs = num(env.CERTWATCH_LOCK_WAIT_MS);
  return { ...(staleMs !== undefined ? { staleMs } : {}), ...(waitMs !== undefined ? { waitMs } : {}) };
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Blocks this thread: the store's callers are synchronous, and a lock is held for milliseconds. */
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, Math.max(1, Math.round(ms)));
}

const busy = () => Object.assign(new Error('Lock file is already being held'), { code: 'ELOCKED' });

export interface FileLock {
  readonly lockPath: string;
  /** Runs `fn` while holding the lock; throws LockError when it cannot be had. Re-entrant within a process. */
  run<T>(fn: () => T): T;
}

export function fileLock(file: string, options: LockOptions = {}): FileLock {
  const staleMs = Math.max(options.staleMs ?? DEFAULT_STALE_MS, MIN_STALE_MS);
  const waitMs = options.waitMs ?? staleMs + 20_000;
  const lockPath = `${file}.lock`;
  const breakerPath = `${file}.lock-break`;
  let depth = 0;
  let releasing = false;

  /**
   * proper-lockfile removes a stale lock with a plain rmdir after a stat. Two waiting processes could both see
   * it stale, one remove it and lock, the other then remove that fresh lock: both would write. So a stale lock
   * is only removed while holding a second, short-lived lock (`.lock-break`), after checking again that it is
   * still stale; everything else goes straight to fs.
   */
  const guardedFs = {
    ...fs,
    rmdirSync(target: fs.PathLike) {
      if (releasing || String(target) !== lockPath) return fs.rmdirSync(target);
      try {
        fs.mkdirSync(breakerPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        // A breaker left by a process killed in the microseconds it holds one.
        const st = statOrUndefined(breakerPath);
        if (st && st.mtimeMs < Date.now() - staleMs) rmdirQuiet(breakerPath);
        throw busy();
      }
      try {
        const st = statOrUndefined(lockPath);
        if (!st) return; // already gone: proper-lockfile goes on to mkdir, which only one process wins
        if (st.mtimeMs >= Date.now() - staleMs) throw busy(); // taken again meanwhile
        fs.rmdirSync(lockPath);
      } finally {
        rmdirQuiet(breakerPath);
      }
    },
  };

  function acquire(): () => void {
    const deadline = Date.now() + waitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return lockfile.lockSync(file, {
          stale: staleMs,
          realpath: false,
          lockfilePath: lockPath,
          fs: guardedFs,
          // Only proper-lockfile's refresh timer reports this, and that timer never runs while a synchronous
          // write holds the lock (the store refreshes the lock's time itself before writing: touchLock).
          onCompromised: () => undefined,
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ELOCKED') throw new LockError('io', code ?? (error as Error).message);
        const left = deadline - Date.now();
        if (left <= 0)
          throw new LockError('busy', waitMs < 2000 ? `${waitMs} ms` : `${Math.round(waitMs / 1000)} s`);
        // Short waits first (a write takes milliseconds), a little random so waiters do not move in step.
        sleepSync(Math.min(left, Math.min(5 * 2 ** Math.min(attempt, 5), 100) * (0.5 + Math.random())));
      }
    }
  }

  return {
    lockPath,
    run(fn) {
      if (depth > 0) {
        depth++;
        try {
          return fn();
        } finally {
          depth--;
        }
      }
      const release = acquire();
      depth = 1;
      try {
        return fn();
      } finally {
        depth = 0;
        releasing = true;
        try {
          release();
        } catch {
          // Already gone (removed as stale by another process): nothing left to release.
        } finally {
          releasing = false;
        }
      }
    },
  };
}

/** Refreshes the lock folder's time before a long write, so nobody takes a working holder for a dead one. */
export function touchLock(lock: FileLock): void {
  const now = new Date();
  try {
    fs.utimesSync(lock.lockPath, now, now);
  } catch {
    // Best effort only.
  }
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

function rmdirQuiet(p: string): void {
  try {
    fs.rmdirSync(p);
  } catch {
    // Someone else removed it.
  }
}
