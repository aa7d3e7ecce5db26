// What the store-backed commands share: the --store option, the hint for an empty watchlist, and the engine
// (store + watch engine), loaded only when a command needs it so that `certwatch check` starts fast.
import { Option } from 'commander';
import type { Settings } from '../core/model';
import type { Notifier } from '../core/notify';
import type { Lookup } from '../core/resolve';
import type { Store } from '../core/store/file-store';
import type { Watcher } from '../core/watcher';
import type { CliIo } from './io';

export const storeOption = () =>
  new Option(
    '--store <file>',
    'the watchlist file (default: the one the tray app uses, e.g. ~/.config/Certwatch/config.json)',
  );

/** `--create` for the commands that would otherwise refuse a missing store. */
export const createOption = () =>
  new Option('--create', 'start an empty watchlist if the store file does not exist yet');

/** What to type to fill an empty watchlist, with the same --store. */
export const addHint = (store?: string) =>
  `certwatch add${store ? ` --store ${store}` : ''} example.com shop.example.com:8443`;

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

/** Opens the store (with recovery) and the watch engine on top of it; see engine-open.ts. */
export async function openEngine(options: EngineOptions, io: CliIo): Promise<Engine> {
  const { openEngineNow } = await import('./engine-open');
  return openEngineNow(options, io);
}
