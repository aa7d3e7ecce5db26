// Launch at login: an XDG autostart file on Linux, Electron's login items elsewhere, following the setting.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  autostartDir,
  createLoginItemSync,
  desktopEntry,
  electronLoginItem,
  execArg,
  launchCommand,
  xdgLoginItem,
  type LoginItem,
} from '../../main/app/autostart';
import { app, resetElectron } from '../fakes/electron';

describe('XDG autostart entry (Linux)', () => {
  it('is written to, and removed from, ~/.config/autostart', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'certwatch-autostart-'));
    const dir = autostartDir({}, home);
    expect(dir).toBe(path.join(home, '.config', 'autostart'));
    const item = xdgLoginItem({ dir, command: ['/opt/Certwatch/certwatch'], fs });
    expect(item.isEnabled()).toBe(false);
    item.set(true);
    const file = path.join(dir, 'certwatch.desktop');
    expect(item.isEnabled()).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('Exec=/opt/Certwatch/certwatch\n');
    item.set(false);
    expect(existsSync(file)).toBe(false);
    expect(item.isEnabled()).toBe(false);
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('honours XDG_CONFIG_HOME', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe('/cfg/autostart');
    expect(autostartDir({ XDG_CONFIG_HOME: '' }, '/home/u')).toBe('/home/u/.config/autostart');
  });

  it('is a valid desktop entry', () => {
    expect(desktopEntry(['/usr/bin/certwatch-app'])).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Name=Certwatch',
        'Comment=Watches TLS certificates before they expire or break',
        'Exec=/usr/bin/certwatch-app',
        'Icon=certwatch',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
  });

  it('quotes paths with spaces and escapes what the spec reserves', () => {
    expect(execArg('/home/me/My Apps/Certwatch.AppImage')).toBe('"/home/me/My Apps/Certwatch.AppImage"');
    expect(execArg('/opt/100%/app')).toBe('/opt/100%%/app');
    // Quoting escape first (\$), then the string escape doubles every backslash.
    expect(execArg('/x/$HOME "q"')).toBe('"/x/\\\\$HOME \\\\"q\\\\""');
    expect(execArg('C:\\x')).toBe('"C:\\\\\\\\x"');
  });

  it('starts the AppImage file itself, not its temporary mount', () => {
    expect(
      launchCommand({
        env: { APPIMAGE: '/home/me/Certwatch.AppImage' },
        execPath: '/tmp/.mount_x/certwatch',
        isPackaged: true,
        appPath: '/x',
      }),
    ).toEqual(['/home/me/Certwatch.AppImage']);
    expect(
      launchCommand({ env: {}, execPath: '/opt/Certwatch/certwatch', isPackaged: true, appPath: '/x' }),
    ).toEqual(['/opt/Certwatch/certwatch']);
    expect(
      launchCommand({
        env: {},
        execPath: '/repo/node_modules/electron/dist/electron',
        isPackaged: false,
        appPath: '/repo',
      }),
    ).toEqual(['/repo/node_modules/electron/dist/electron', '/repo']);
  });
});

describe('login items (macOS, Windows)', () => {
  it('go through app.setLoginItemSettings', () => {
    resetElectron();
    const item = electronLoginItem(app);
    item.set(true);
    expect(app.getLoginItemSettings().openAtLogin).toBe(true);
    expect(item.isEnabled()).toBe(true);
  });
});

describe('keeping the OS in line with the setting', () => {
  function recorder(enabled = false): LoginItem & { sets: boolean[] } {
    const item = {
      sets: [] as boolean[],
      isEnabled: () => enabled,
      set(value: boolean) {
        item.sets.push(value);
        enabled = value;
      },
    };
    return item;
  }

  it('turns the login item on and off as the setting changes, touching it only on a change', () => {
    const item = recorder();
    const sync = createLoginItemSync(item, () => undefined);
    sync(false);
    sync(true);
    sync(true);
    sync(false);
    expect(item.sets).toEqual([true, false]);
  });

  it('turns off a login item left on when the setting says off', () => {
    const item = recorder(true);
    createLoginItemSync(item, () => undefined)(false);
    expect(item.sets).toEqual([false]);
  });

  it('logs a failure once instead of throwing', () => {
    const log: string[] = [];
    const sync = createLoginItemSync(
      {
        isEnabled: () => false,
        set: () => {
          throw new Error('EACCES');
        },
      },
      (line) => void log.push(line),
    );
    sync(true);
    sync(true);
    expect(log).toEqual(['could not turn on launch at login: EACCES']);
  });
});
