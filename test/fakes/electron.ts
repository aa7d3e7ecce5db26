// A small stand-in for the `electron` module (vitest aliases `electron` here): the real package downloads a
// binary when imported. It records what the app asks of Electron and lets tests emit Electron's events.
import { EventEmitter } from 'node:events';

/** Electron's preventable event object. */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

// ---------------------------------------------------------------- frames, web contents, windows

export class FakeFrame {
  readonly origin: string;
  constructor(
    readonly url: string,
    readonly parent: FakeFrame | null = null,
  ) {
    // Chromium's serialisation: file: origins are "file://", others scheme://host[:port] (also a custom scheme
    // registered as standard, such as app://certwatch), opaque ones "null".
    const parsed = new URL(url);
    this.origin =
      parsed.protocol === 'file:'
        ? 'file://'
        : parsed.origin === 'null' && parsed.host
          ? `${parsed.protocol}//${parsed.host}`
          : parsed.origin;
  }
}

export class FakeWebContents extends EventEmitter {
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | undefined;
  mainFrame = new FakeFrame('about:blank');

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  /** Emits a preventable event (will-navigate, will-redirect...); true when a listener blocked it. */
  attempt(event: string, ...args: unknown[]): boolean {
    const e = new FakeEvent();
    this.emit(event, e, ...args);
    return e.defaultPrevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded: { file: string } | { url: string } | undefined;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;

  constructor(readonly options: object) {
    super();
    BrowserWindow.instances.push(this);
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  loadFile(file: string): Promise<void> {
    this.loaded = { file };
    this.webContents.mainFrame = new FakeFrame(new URL(`file://${file}`).href);
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.loaded = { url };
    this.webContents.mainFrame = new FakeFrame(url);
    return Promise.resolve();
  }
  /** Test helper: the page painted and finished loading. */
  finishLoad(): void {
    this.emit('ready-to-show');
    this.webContents.emit('did-finish-load');
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Like clicking the close button: 'close' may be prevented, otherwise the window is gone. */
  close(): void {
    const e = new FakeEvent();
    this.emit('close', e);
    if (e.defaultPrevented) return;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
  }
}

// ---------------------------------------------------------------- app

class FakeApp extends EventEmitter {
  isPackaged = false;
  hasSingleInstanceLock = true;
  appUserModelId: string | undefined;
  dockHidden = false;
  quitRequests = 0;
  hasQuit = false;
  exitCode: number | undefined;
  loginItem = { openAtLogin: false };
  readonly paths = new Map<string, string>();
  readonly dock = { hide: () => void (this.dockHidden = true) };
  private ready = Promise.resolve();
  private isReadyNow = false;

  whenReady(): Promise<void> {
    return this.ready.then(() => void (this.isReadyNow = true));
  }
  isReady(): boolean {
    return this.isReadyNow;
  }
  /** Test helper: hold whenReady() until the returned function is called. */
  holdReady(): () => void {
    let release!: () => void;
    this.ready = new Promise<void>((resolve) => (release = resolve));
    return release;
  }
  requestSingleInstanceLock(): boolean {
    return this.hasSingleInstanceLock;
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  focus(): void {}
  /** Electron's order: 'before-quit', then 'will-quit'; either may be prevented. */
  quit(): void {
    this.quitRequests++;
    const before = new FakeEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    const will = new FakeEvent();
    this.emit('will-quit', will);
    if (!will.defaultPrevented) this.hasQuit = true;
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  getPath(name: string): string {
    return this.paths.get(name) ?? `/fake/${name}`;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  getAppPath(): string {
    return '/fake/app';
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  getLocale(): string {
    return 'en-GB';
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    this.loginItem = { ...settings };
  }
  getLoginItemSettings(): { openAtLogin: boolean } {
    return { ...this.loginItem };
  }
}

export let app = new FakeApp();

// ---------------------------------------------------------------- tray, menu, images

export interface FakeMenuItem {
  type?: string;
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
  submenu?: FakeMenuItem[];
}

export class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}
  /** Finds an item by its label path, e.g. find('Pause notifications', 'For 1 hour'). */
  find(...labels: string[]): FakeMenuItem {
    let items = this.items;
    let found: FakeMenuItem | undefined;
    for (const label of labels) {
      found = items.find((i) => i.label === label);
      if (!found) throw new Error(`no menu item "${label}" in ${items.map((i) => i.label).join(', ')}`);
      items = found.submenu ?? [];
    }
    return found!;
  }
}

export const Menu = {
  buildFromTemplate: (template: FakeMenuItem[]) => new FakeMenu(template),
};

export interface FakeImage {
  path: string;
}

export const nativeImage = {
  createFromPath: (path: string): FakeImage => ({ path }),
};

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  tooltip = '';
  menu: FakeMenu | null = null;
  menuBuilds = 0;
  destroyed = false;
  constructor(public image: FakeImage) {
    super();
    Tray.instances.push(this);
  }
  setImage(image: FakeImage): void {
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.menu = menu;
    this.menuBuilds++;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

// ---------------------------------------------------------------- notifications

export class Notification extends EventEmitter {
  static supported = true;
  /** Set to make every show() fail as macOS does for an unsigned app: a `failed` event with this text. */
  static refusal: string | null = null;
  static instances: Notification[] = [];
  shown = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
    Notification.instances.push(this);
  }
  static isSupported(): boolean {
    return Notification.supported;
  }
  show(): void {
    this.shown = true;
    const refusal = Notification.refusal;
    // Electron reports the refusal asynchronously, after show() returned.
    if (refusal !== null) queueMicrotask(() => this.emit('failed', {}, refusal));
  }
}

// ---------------------------------------------------------------- power, network, session, shell, dialog

export let powerMonitor = new EventEmitter();

export const net = {
  online: true,
  isOnline(): boolean {
    return net.online;
  },
};

type PermissionHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;
type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
) => void;

type BeforeRequestListener = (
  details: { url: string },
  callback: (response: { cancel?: boolean }) => void,
) => void;

class FakeSession {
  permissionRequestHandler: PermissionHandler | undefined;
  permissionCheckHandler: (() => boolean) | undefined;
  headersListener: HeadersListener | undefined;
  beforeRequest: { filter: { urls: string[] }; listener: BeforeRequestListener } | undefined;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener) => void (this.headersListener = listener),
    onBeforeRequest: (filter: { urls: string[] }, listener: BeforeRequestListener) =>
      void (this.beforeRequest = { filter, listener }),
  };
  setPermissionRequestHandler(handler: PermissionHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: () => boolean): void {
    this.permissionCheckHandler = handler;
  }
}

export const session = { defaultSession: new FakeSession() };

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/** Electron's protocol module: privileged schemes (only before ready) and handlers (only after). */
class FakeProtocol {
  privileged: { scheme: string; privileges?: object }[] = [];
  readonly handlers = new Map<string, ProtocolHandler>();
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: object }[]): void {
    // Electron ignores (and warns about) registrations after ready; the fake refuses them outright.
    if (app.isReady()) throw new Error('registerSchemesAsPrivileged must be called before the app is ready');
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!app.isReady()) throw new Error('protocol.handle must be called once the app is ready');
    if (this.handlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled`);
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }
  /** Test helper: what the window would get for this URL. */
  async fetch(url: string, method = 'GET'): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = this.handlers.get(scheme);
    if (!handler) throw new Error(`no handler for ${scheme}:`);
    return handler(new Request(url, { method }));
  }
}

export let protocol = new FakeProtocol();

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    shell.opened.push(url);
    return Promise.resolve();
  },
};

export const dialog = {
  errors: [] as { title: string; content: string }[],
  showErrorBox(title: string, content: string): void {
    dialog.errors.push({ title, content });
  },
};

// ---------------------------------------------------------------- IPC

export interface FakeIpcEvent {
  sender: unknown;
  senderFrame: FakeFrame | null;
}

type InvokeHandler = (event: FakeIpcEvent, ...args: unknown[]) => unknown;

export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  /** Send-style listeners (electron-store registers one); recorded only. */
  listeners: new Map<string, unknown>(),
  on(channel: string, listener: unknown): void {
    ipcMain.listeners.set(channel, listener);
  },
  handle(channel: string, handler: InvokeHandler): void {
    // Electron throws on a second handler for one channel; so does the fake.
    if (ipcMain.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcMain.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    ipcMain.handlers.delete(channel);
  },
  /** Test helper: what ipcRenderer.invoke(channel, payload) from `event`'s frame would get back. */
  async invoke(channel: string, payload: unknown, event: FakeIpcEvent): Promise<unknown> {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, payload);
  },
};

class FakeIpcRenderer extends EventEmitter {
  readonly invocations: { channel: string; args: unknown[] }[] = [];
  /** What invoke() answers; tests replace it. */
  answer: (channel: string, ...args: unknown[]) => unknown = () => ({ ok: true, value: null });
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return Promise.resolve(this.answer(channel, ...args));
  }
}

export let ipcRenderer = new FakeIpcRenderer();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridge.exposed.set(key, api);
  },
};

/** Fresh state for the next test. */
export function resetElectron(): void {
  app = new FakeApp();
  powerMonitor = new EventEmitter();
  ipcRenderer = new FakeIpcRenderer();
  BrowserWindow.instances = [];
  Tray.instances = [];
  Notification.instances = [];
  Notification.supported = true;
  Notification.refusal = null;
  net.online = true;
  session.defaultSession = new FakeSession();
  protocol = new FakeProtocol();
  shell.opened = [];
  dialog.errors = [];
  ipcMain.handlers.clear();
  ipcMain.listeners.clear();
  contextBridge.exposed.clear();
}

// Getters, so code that imports the default object sees the instances resetElectron() made.
export default {
  get app() {
    return app;
  },
  BrowserWindow,
  Menu,
  nativeImage,
  Tray,
  Notification,
  get powerMonitor() {
    return powerMonitor;
  },
  net,
  session,
  get protocol() {
    return protocol;
  },
  shell,
  dialog,
  ipcMain,
  get ipcRenderer() {
    return ipcRenderer;
  },
  contextBridge,
};
