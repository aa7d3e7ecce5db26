// electron-builder.yml as electron-builder itself reads and validates it: the fuses, the tray-only macOS app,
// the targets, and an appId that matches the AppUserModelID Windows notifications need.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
// electron-builder's own loader and schema check (app-builder-lib is the package doing the work behind it).
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { APP_ID } from '../../main/app/lifecycle';

async function config() {
  const loaded = await getConfig(process.cwd(), null, null);
  await validateConfiguration(loaded, new DebugLogger(false));
  return loaded;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema', async () => {
    await expect(config()).resolves.toBeTruthy();
  });

  it('flips the fuses: no run-as-node, no NODE_OPTIONS or --inspect, encrypted cookies, code from the checked asar only, no file:// privileges', async () => {
    expect((await config()).electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('uses the AppUserModelID the app sets, so Windows shows its notifications', async () => {
    const c = await config();
    expect(c.appId).toBe(APP_ID);
    expect(c.productName).toBe('Certwatch');
  });

  it('packs the built app in an asar, with node-notifier’s helper binaries outside it', async () => {
    const c = await config();
    // As electron-builder normalises it: the app's own build output only, and none of the window's packages
    // (Vite bundled them). `npm run dist:check` checks the packed result.
    expect(c.files).toEqual([
      {
        filter: [
          'dist/app/**',
          'dist/renderer/**',
          'dist/assets/**',
          'package.json',
          '!**/node_modules/{react,react-dom,scheduler}/**',
          '!**/node_modules/@tanstack/**',
        ],
      },
    ]);
    expect(c.asar).toBe(true);
    expect(c.asarUnpack).toEqual(['node_modules/node-notifier/vendor/**']);
  });

  it('is a tray-only app on macOS, and builds AppImage + deb, dmg and NSIS', async () => {
    const c = await config();
    expect(c.mac?.extendInfo).toEqual({ LSUIElement: true });
    expect(c.mac?.target).toBe('dmg');
    expect(c.linux?.target).toEqual(['AppImage', 'deb']);
    expect(c.linux?.category).toBe('Utility');
    expect(c.win?.target).toBe('nsis');
    for (const icon of [c.mac?.icon, c.linux?.icon, c.win?.icon]) expect(existsSync(String(icon))).toBe(true);
  });
});
