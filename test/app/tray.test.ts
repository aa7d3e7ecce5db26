// The tray as Electron gets it: icon files, tooltip, and menu items that call the right engine functions.
import { beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createTray, trayIconPath, type TrayPorts } from '../../main/app/tray';
import { createTrayActions } from '../../main/app/tray-actions';
import { trayMenuModel, TRAY_STATUSES } from '../../main/app/tray-model';
import { Menu, nativeImage, resetElectron, Tray, type FakeImage, type FakeMenu } from '../fakes/electron';
import { appState, entry, fakeWatcher, type FakeWatcher } from './state';

const NOW = new Date(2026, 10, 24, 14, 5).getTime();

const ports: TrayPorts<FakeImage, FakeMenu> = {
  newTray: (image) => new Tray(image),
  buildMenu: (template) => Menu.buildFromTemplate(template),
  image: (file) => nativeImage.createFromPath(file),
};

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('tray icons in assets/', () => {
  it.each(TRAY_STATUSES)('%s exists at 1x and 2x, coloured and as a macOS template', (status) => {
    for (const platform of ['linux', 'darwin'] as const) {
      const file = trayIconPath('assets/tray', status, platform);
      expect(pngSize(file)).toEqual({ width: 16, height: 16 });
      expect(pngSize(file.replace(/\.png$/, '@2x.png'))).toEqual({ width: 32, height: 32 });
    }
  });

  it('uses template images on macOS only', () => {
    expect(trayIconPath('/i', 'warning', 'darwin')).toBe('/i/warningTemplate.png');
    expect(trayIconPath('/i', 'warning', 'win32')).toBe('/i/warning.png');
  });

  it('has the 512 px app icon electron-builder derives the others from', () => {
    expect(existsSync('assets/icon.png')).toBe(true);
    expect(pngSize('assets/icon.png')).toEqual({ width: 512, height: 512 });
  });
});

describe('tray adapter', () => {
  let watcher: FakeWatcher;
  let window: { shown: number; entries: string[]; quickChecks: number };
  let quits: number;
  let log: string[];

  beforeEach(() => {
    resetElectron();
    watcher = fakeWatcher(
      appState([entry({ id: 'shop', host: 'shop.example', daysLeft: 12, status: 'warning' })]),
    );
    window = { shown: 0, entries: [], quickChecks: 0 };
    quits = 0;
    log = [];
  });

  function start(platform: NodeJS.Platform = 'linux') {
    const run = createTrayActions({
      handlers: watcher.handlers,
      state: () => watcher.state(),
      window: {
        show: () => void window.shown++,
        showEntry: (id) => void window.entries.push(id),
        showQuickCheck: () => void window.quickChecks++,
      },
      quit: () => void quits++,
      clock: { now: () => NOW },
      log: (line) => void log.push(line),
    });
    const pending: Promise<void>[] = [];
    const controller = createTray({
      ports,
      iconDir: '/icons',
      platform,
      initial: trayMenuModel(watcher.state(), { now: NOW }),
      run: (action) => void pending.push(run(action)),
      onClick: () => void window.shown++,
    });
    const tray = Tray.instances[0]!;
    const click = async (...labels: string[]) => {
      tray.menu!.find(...labels).click!();
      await Promise.all(pending);
    };
    return { controller, tray, click };
  }

  it('shows the worst status icon and the summary tooltip', () => {
    const { tray } = start();
    expect(tray.image.path).toBe('/icons/warning.png');
    expect(tray.tooltip).toBe('Certwatch\n1 expiring soon');
  });

  it('changes icon and tooltip when the state changes', () => {
    const { tray, controller } = start();
    controller.update(trayMenuModel(appState([entry({ status: 'expired', daysLeft: -1 })]), { now: NOW }));
    expect(tray.image.path).toBe('/icons/critical.png');
    expect(tray.tooltip).toBe('Certwatch\n1 expired');
  });

  it('does not rebuild an unchanged menu (that would close it while open)', () => {
    const { tray, controller } = start();
    controller.update(trayMenuModel(watcher.state(), { now: NOW }));
    controller.update(trayMenuModel(watcher.state(), { now: NOW }));
    expect(tray.menuBuilds).toBe(1);
  });

  it('keeps an ampersand in an entry label literal', () => {
    watcher.current = appState([entry({ label: 'R&D proxy', daysLeft: 3 })]);
    const { tray } = start();
    expect(tray.menu!.items.map((i) => i.label)).toContain('R&&D proxy — 3 days left');
  });

  it('opens an entry’s details from its menu item', async () => {
    const { click } = start();
    await click('shop.example — 12 days left');
    expect(window.entries).toEqual(['shop']);
  });

  it('Check all now runs every check', async () => {
    const { click } = start();
    await click('Check all now');
    expect(watcher.calls).toEqual([{ name: 'checks:run', request: {} }]);
  });

  it('Quick check… opens the quick-check dialog, Open Certwatch the window', async () => {
    const { click } = start();
    await click('Quick check…');
    await click('Open Certwatch');
    expect(window).toMatchObject({ quickChecks: 1, shown: 1 });
  });

  it('pauses notifications for an hour or until tomorrow 08:00, and resumes them', async () => {
    const { click } = start();
    await click('Pause notifications', 'For 1 hour');
    await click('Pause notifications', 'Until tomorrow 08:00');
    await click('Pause notifications', 'Resume notifications');
    expect(watcher.calls).toEqual([
      { name: 'notifications:pause', request: { until: new Date(NOW + 3_600_000).toISOString() } },
      { name: 'notifications:pause', request: { until: new Date(2026, 10, 25, 8, 0).toISOString() } },
      { name: 'notifications:pause', request: { until: null } },
    ]);
  });

  it('Launch at login flips the setting', async () => {
    const { click } = start();
    await click('Launch at login');
    expect(watcher.calls).toEqual([{ name: 'settings:update', request: { patch: { launchAtLogin: true } } }]);
  });

  it('Quit quits', async () => {
    const { click } = start();
    await click('Quit Certwatch');
    expect(quits).toBe(1);
  });

  it('logs a failed action instead of crashing the main process', async () => {
    watcher.handlers['checks:run'] = async () => {
      throw new Error('store is read-only');
    };
    const { click } = start();
    await click('Check all now');
    expect(log).toEqual(['tray action check-all failed: store is read-only']);
  });

  it('opens the window on a left click on Windows only (macOS and Linux open the menu)', () => {
    start('win32').tray.emit('click');
    expect(window.shown).toBe(1);
    resetElectron();
    start('linux').tray.emit('click');
    expect(window.shown).toBe(1);
  });
});
