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
}

export interface Engine {
  store: Store;
  watcher: Watcher;
}

/** Opens the store (with recovery) and the watch engine on top of it; see engine-open.ts. */
export async function openEngine(options: EngineOptions, io: CliIo): Promise<Engine> {
  const { openEngineNow } = await import('./engine-open');
  return openEngineNow(options, io);
}
