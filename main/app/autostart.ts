// Launch at login: Electron's login items on macOS and Windows; on Linux, where that API does nothing, an XDG
// autostart .desktop file. The store's `launchAtLogin` setting is the source of truth; the OS follows it.
import path from 'node:path';

export interface LoginItem {
  isEnabled(): boolean;
  set(enabled: boolean): void;
}

export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  getLoginItemSettings(): { openAtLogin: boolean };
}

export interface AutostartFs {
  existsSync(file: string): boolean;
  mkdirSync(dir: string, options: { recursive: true }): unknown;
  writeFileSync(file: string, text: string): void;
  rmSync(file: string, options: { force: true }): void;
}

export const DESKTOP_FILE_NAME = 'certwatch.desktop';

/** `$XDG_CONFIG_HOME/autostart`, or `~/.config/autostart` when the variable is unset or empty. */
export function autostartDir(env: NodeJS.ProcessEnv, home: string): string {
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), 'autostart');
}

/**
 * One Exec= argument, quoted per the Desktop Entry spec: reserved characters force double quotes, inside which
 * " ` $ \ take a backslash; then the string-level escape doubles every backslash, and % becomes %%.
 */
export function execArg(arg: string): string {
  let out = arg.replace(/%/g, '%%');
  if (/[\s"'\\><~|&;$*?#()`]/.test(out)) out = `"${out.replace(/(["`$\\])/g, '\\$1')}"`;
  return out.replace(/\\/g, '\\\\');
}

export function desktopEntry(command: string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Certwatch',
    'Comment=Watches TLS certificates before they expire or break',
    `Exec=${command.map(execArg).join(' ')}`,
    'Icon=certwatch',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * What starts the app again: the AppImage file itself when run as one (its executable lives in a mount that
 * disappears), otherwise the executable, plus the app folder when running unpackaged from a checkout.
 */
export function launchCommand(deps: {
  env: NodeJS.ProcessEnv;
  execPath: string;
  isPackaged: boolean;
  appPath: string;
}): string[] {
  if (deps.env.APPIMAGE) return [deps.env.APPIMAGE];
  return deps.isPackaged ? [deps.execPath] : [deps.execPath, deps.appPath];
}

export function xdgLoginItem(deps: { dir: string; command: string[]; fs: AutostartFs }): LoginItem {
  const file = path.posix.join(deps.dir, DESKTOP_FILE_NAME);
  return {
    isEnabled: () => deps.fs.existsSync(file),
    set(enabled) {
      if (!enabled) return deps.fs.rmSync(file, { force: true });
      deps.fs.mkdirSync(deps.dir, { recursive: true });
      deps.fs.writeFileSync(file, desktopEntry(deps.command));
    },
  };
}

export function electronLoginItem(app: LoginItemApp): LoginItem {
  return {
    isEnabled: () => app.getLoginItemSettings().openAtLogin,
    set: (openAtLogin) => app.setLoginItemSettings({ openAtLogin }),
  };
}

/** Makes the OS agree with the setting; call at start and whenever the state changes. Never throws. */
export function createLoginItemSync(item: LoginItem, log: (line: string) => void): (wanted: boolean) => void {
  let applied: boolean | undefined;
  return (wanted) => {
    if (wanted === applied) return;
    // Recorded even when it fails, so one failure is logged once rather than on every state change.
    applied = wanted;
    try {
      if (item.isEnabled() !== wanted) item.set(wanted);
    } catch (error) {
      log(`could not ${wanted ? 'turn on' : 'turn off'} launch at login: ${(error as Error).message}`);
    }
  };
}
