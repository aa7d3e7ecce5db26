// What opening the engine takes and gives back, shared by engine.ts (the lazy entry) and engine-open.ts (the work).
import type { Settings } from '../shared/model';
import type { Notifier } from '../core/watch/notify';
import type { Lookup } from '../core/probe/resolve';
import type { Store } from '../core/watch/store/file-store';
import type { Watcher } from '../core/watch/watcher';

export interface EngineOptions {
  store?: string;
  notifier?: Notifier;
  log?: (line: string) => void;
  lookup?: Lookup;
  /** Settings for this run only; never written to the store. */
  overrides?: Partial<Settings>;
  /** See WatcherDeps.rescanMs: `watch` follows edits made by `certwatch add` or the app while it runs. */
  rescanMs?: number;
  /**
   * May a missing store file be created? `add` and `import` create it; the commands that only read (`list`,
   * `watch`, `export`) and `remove` refuse a missing store (a typo in --store) unless given --create.
   */
  create?: boolean;
  /**
   * Print each failed write to stderr as it happens (`watch`, where the engine saves in the background); the
   * other commands report the error their handler fails with.
   */
  printWriteFailures?: boolean;
}

export interface Engine {
  store: Store;
  watcher: Watcher;
  /** Every write to the store that failed (lock, disk, validation), as the sentence the user was shown. */
  writeFailures: string[];
}
