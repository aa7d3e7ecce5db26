// Which store file a CLI command means (--store or the app's), checked before anything opens it: a missing file
// is refused unless --create, and a folder, pipe, export or someone else's JSON named with --store is refused.
import path from 'node:path';
import { NamedStoreError, refuseForeign, storePathKind } from '../core/watch/store/named-file';
import { defaultStoreDir } from '../core/watch/store/paths';
import type { EngineOptions } from './engine-types';
import type { CliIo } from './io';
import { UsageError } from './options';

/** The absolute path of the store file to open; throws UsageError with the sentence to print. */
export function cliStoreFile(options: Pick<EngineOptions, 'store' | 'create'>, io: CliIo): string {
  const explicit = options.store;
  let file = explicit
    ? path.resolve(explicit)
    : path.join(defaultStoreDir(process.platform, io.env), 'config.json');
  const kind = asUsage(() => storePathKind(file, explicit !== undefined));
  if (kind.real) file = kind.real;
  if (kind.absent && !options.create) {
    const store = explicit ? ` --store ${explicit}` : '';
    throw new UsageError(
      `there is no watchlist at ${file}; nothing was created. Check the path, add certificates with ` +
        `"certwatch add${store} example.com", or pass --create to start an empty one.`,
    );
  }
  if (explicit && !kind.absent) asUsage(() => refuseForeign(file));
  return file;
}

/** The store checks speak in sentences; the CLI tells them as usage errors (exit 3). */
function asUsage<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof NamedStoreError) throw new UsageError(error.message);
    throw error;
  }
}
