// Where the store lives: the folder Electron's app.getPath('userData') gives an app named "Certwatch", so
// `certwatch add` in a terminal edits the same watchlist the tray app shows.
import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'Certwatch';

export function defaultStoreDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    // Electron asks Windows for FOLDERID_RoamingAppData, which is what %APPDATA% names.
    return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  // Linux and the other Unixes: Chromium takes XDG_CONFIG_HOME whenever it is non-empty, as is.
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), APP_DIR_NAME);
}
