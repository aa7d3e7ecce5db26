// What the store-backed commands share: the --store option, the hint for an empty watchlist, and the engine
// (store + watch engine), loaded only when a command needs it so that `certwatch check` starts fast.
import { Option } from 'commander';
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

export type { Engine, EngineOptions } from './engine-types';
import type { Engine, EngineOptions } from './engine-types';

/** Opens the store (with recovery) and the watch engine on top of it; see engine-open.ts. */
export async function openEngine(options: EngineOptions, io: CliIo): Promise<Engine> {
  const { openEngineNow } = await import('./engine-open');
  return openEngineNow(options, io);
}
