// The app's store backend: electron-store writing the watch engine's document, same file and options as the
// CLI's conf. Reading, recovery and quarantine of a damaged file stay with openStore(), which reads raw bytes.
import path from 'node:path';
import { STORE_FILE_OPTIONS, confLikeBackend, type BackendFactory } from '../core/watch/store/file-store';

/** electron-store's constructor, passed in: importing the package loads Electron, which tests cannot. */
export type ElectronStoreClass = new (options: {
  name: string;
  cwd: string;
  fileExtension: string;
  accessPropertiesByDotNotation: boolean;
  clearInvalidConfig: boolean;
  watch: boolean;
}) => { readonly path: string; store: Record<string, unknown> };

export function electronStoreBackend(ElectronStore: ElectronStoreClass): BackendFactory {
  return (file) => {
    const { name, ext } = path.parse(file.fileName);
    // openStore has already kept a damaged file aside before this runs; clearInvalidConfig only stops conf
    // throwing while it looks at that file, and the store never reads through electron-store.
    const store = new ElectronStore({
      ...STORE_FILE_OPTIONS,
      name,
      cwd: file.dir,
      fileExtension: ext.replace(/^\./, ''),
    });
    return confLikeBackend(store);
  };
}
