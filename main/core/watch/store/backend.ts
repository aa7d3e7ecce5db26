// Where the store document is written: conf for the headless watcher, electron-store (the same API, built on
// conf) in the app. Both replace the file atomically (atomically: temp file, fsync, rename).
import path from 'node:path';
import Conf from 'conf';
import type { StoreDoc } from '../../../shared/model';
import { serializeStore } from './compact';

/** Writes the whole document atomically. Reading stays with the store: recovery needs the raw bytes. */
export interface StoreBackend {
  readonly path: string;
  write(doc: StoreDoc): void;
}

export interface StoreFile {
  dir: string;
  fileName: string;
  /** Absolute path of the file; a backend must write exactly there. */
  path: string;
}

export type BackendFactory = (file: StoreFile) => StoreBackend;

/**
 * Options the app's electron-store must share, so both write the same file the same way. `clearInvalidConfig`
 * only stops conf throwing while it is constructed over a damaged file that openStore has already kept aside;
 * this store never reads through conf, so conf never gets to wipe anything.
 */
export const STORE_FILE_OPTIONS = {
  accessPropertiesByDotNotation: false,
  clearInvalidConfig: true,
  watch: false,
  /** Format 2 (compact.ts): each certificate once, and only the states that changed encoded again. */
  serialize: serializeStore,
  /**
   * conf reads the file when it is constructed and deep-compares it with its defaults; this store reads the
   * file itself (recover.ts), so conf is handed nothing to parse or compare.
   */
  deserialize: (): Record<string, unknown> => ({}),
} as const;

/** Adapts conf or electron-store (same API): both replace the file atomically when `.store` is assigned. */
export function confLikeBackend(conf: {
  readonly path: string;
  store: Record<string, unknown>;
}): StoreBackend {
  return {
    path: conf.path,
    write(doc) {
      conf.store = { ...doc };
    },
  };
}

/** The headless watcher's backend: conf, the library electron-store is built on. */
export const confBackend: BackendFactory = (file) => {
  const { name, ext } = path.parse(file.fileName);
  const conf = new Conf<Record<string, unknown>>({
    ...STORE_FILE_OPTIONS,
    cwd: file.dir,
    configName: name,
    fileExtension: ext.replace(/^\./, ''),
  });
  return confLikeBackend(conf);
};
