// Opens the watchlist store file for a CLI command: --store or the app's file, foreign files refused, start-up
// messages to stderr. Apart from engine-open.ts so `list` reads the store without loading the watch engine.
import path from 'node:path';
import { openStore, type Store } from '../core/watch/store/file-store';
import { lockOptionsFromEnv } from '../core/watch/store/lock';
import { confBackend } from '../core/watch/store/backend';
import { systemClock } from '../core/probe/time';
import type { EngineOptions } from './engine-types';
import type { CliIo } from './io';
import { UsageError } from './options';
import { cliStoreFile } from './store-path';

export function openCliStore(options: EngineOptions, io: CliIo): Store {
  const file = cliStoreFile(options, io);
  let store: Store;
  try {
    store = openStore({
      dir: path.dirname(file),
      fileName: path.basename(file),
      backend: confBackend,
      clock: systemClock,
      lock: lockOptionsFromEnv(io.env),
      onMessage: (message) => io.stderr(`certwatch: ${message}\n`),
    });
  } catch (error) {
    // StoreError messages already name the file; anything else (a folder we may not create) gets it added.
    const message = (error as Error).message;
    throw new UsageError(message.includes(file) ? message : `cannot open the store ${file}: ${message}`);
  }
  for (const message of store.startupMessages) io.stderr(`certwatch: ${message}\n`);
  return store;
}
