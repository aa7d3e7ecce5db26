// eng-disable AUXCLICK_JS_CHECK (middle-click new windows are denied by guardContents, like every new window)
// The one secure window factory: every BrowserWindow is made by createWindow(), so no window can drift from the
// settings the security test (test/app/security.test.ts) checks.
import type { BrowserWindowConstructorOptions } from 'electron';
import { guardContents, type GuardedContents } from './security';

/** What the app loads: the built page from disk, or (development only) a vetted local dev server. */
export type Page = { file: string } | { url: string };

export interface WindowLike {
  readonly webContents: GuardedContents & {
    send(channel: string, payload: unknown): void;
    once(event: 'did-finish-load', listener: () => void): unknown;
  };
  loadFile(file: string): Promise<void>;
  loadURL(url: string): Promise<void>;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
}

export type WindowConstructor<W extends WindowLike> = new (options: BrowserWindowConstructorOptions) => W;

export interface CreateWindowDeps<W extends WindowLike> {
  BrowserWindow: WindowConstructor<W>;
  preload: string;
  page: Page;
  icon?: string;
  openExternal: (url: string) => void;
}

export function createWindow<W extends WindowLike>(deps: CreateWindowDeps<W>): W {
  const { BrowserWindow } = deps;
  // Written out here rather than spread from a constant: electronegativity checks this literal, and the
  // security test checks what BrowserWindow actually receives.
  const win = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    title: 'Certwatch',
    // Shown once the page has painted, so the window never flashes white; a tray app starts with none at all.
    show: false,
    autoHideMenuBar: true,
    ...(deps.icon ? { icon: deps.icon } : {}),
    webPreferences: {
      // Chromium sandbox on, Node out of the page, preload in its own isolated world.
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      preload: deps.preload, // eng-disable PRELOAD_JS_CHECK: reviewed, exposes only the contract (preload.ts)
    },
  });
  guardContents(win.webContents, deps.openExternal);
  win.once('ready-to-show', () => win.show());
  void ('file' in deps.page ? win.loadFile(deps.page.file) : win.loadURL(deps.page.url));
  return win;
}
