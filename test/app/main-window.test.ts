// The single window: made on demand, hidden (not closed) by its close button, closed for real when quitting.
import { beforeEach, describe, expect, it } from 'vitest';
import { createMainWindow } from '../../main/app/main-window';
import { createWindow } from '../../main/app/window';
import { BrowserWindow, resetElectron } from '../fakes/electron';
import { appState } from './state';
import { windowState } from '../../main/shared/window-state';

describe('main window', () => {
  beforeEach(() => resetElectron());

  const make = () =>
    createMainWindow({
      create: () =>
        createWindow({
          BrowserWindow,
          preload: '/p.cjs',
          page: { file: '/index.html' },
          openExternal: () => undefined,
        }),
    });

  it('does not exist until asked for (a tray app starts without a window)', () => {
    const window = make();
    window.send('state:changed', windowState(appState([])));
    expect(BrowserWindow.instances).toEqual([]);
    window.show();
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('shows itself only once painted, so it never flashes blank', () => {
    const window = make();
    window.show();
    const win = BrowserWindow.instances[0]!;
    expect(win.visible).toBe(false);
    win.finishLoad();
    expect(win.visible).toBe(true);
  });

  it('hides on close and comes back as the same window', () => {
    const window = make();
    window.show();
    const win = BrowserWindow.instances[0]!;
    win.finishLoad();
    win.close();
    expect(win).toMatchObject({ visible: false, destroyed: false });
    window.show();
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(win.visible).toBe(true);
  });

  it('closes for real when the app quits', () => {
    const window = make();
    window.show();
    const win = BrowserWindow.instances[0]!;
    window.allowClose();
    win.close();
    expect(win.destroyed).toBe(true);
    window.show();
    expect(BrowserWindow.instances).toHaveLength(2);
  });

  it('holds events until the page has loaded, keeping only the newest state', () => {
    const window = make();
    window.showEntry('a');
    window.send('state:changed', windowState(appState([], { revision: 1 })));
    window.send('state:changed', windowState(appState([], { revision: 2 })));
    const win = BrowserWindow.instances[0]!;
    expect(win.webContents.sent).toEqual([]);
    win.finishLoad();
    expect(win.webContents.sent.map((s) => [s.channel, s.payload])).toEqual([
      ['navigate:entry', { id: 'a' }],
      ['state:changed', windowState(appState([], { revision: 2 }))],
    ]);
  });

  it('recognises its own web contents only', () => {
    const window = make();
    expect(window.isAppContents(undefined)).toBe(false);
    window.show();
    expect(window.isAppContents(BrowserWindow.instances[0]!.webContents)).toBe(true);
    expect(window.isAppContents({})).toBe(false);
  });
});
