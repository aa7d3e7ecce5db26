// The app's single window, made on demand (a tray app starts without one): closing only hides it, and events
// sent before its page has loaded wait until it has, so a notification click still lands on the entry.
import type { EventName, Events } from '../shared/contract';
import type { WindowLike } from './window';
import type { WindowNavigation } from './tray-actions';

export interface MainWindow extends WindowNavigation {
  /** The window listing only these entries (a grouped notification's click). */
  showEntries(ids: string[]): void;
  send<E extends EventName>(event: E, payload: Events[E]): void;
  /** True for the web contents of the app's own window: the IPC sender check asks this. */
  isAppContents(contents: unknown): boolean;
  /** After this, closing the window really closes it (quitting). */
  allowClose(): void;
}

export function createMainWindow<W extends WindowLike>(deps: {
  create: () => W;
  /** Brings the app to the front (macOS will not focus a tray-only app's window otherwise). */
  activate?: () => void;
}): MainWindow {
  let win: W | undefined;
  let loaded = false;
  let closing = false;
  let queued: { event: EventName; payload: unknown }[] = [];

  const open = (): { win: W; fresh: boolean } => {
    if (win && !win.isDestroyed()) return { win, fresh: false };
    const created = deps.create();
    win = created;
    loaded = false;
    created.webContents.once('did-finish-load', () => {
      loaded = true;
      const pending = queued;
      queued = [];
      for (const { event, payload } of pending) created.webContents.send(event, payload);
    });
    created.on('close', (event) => {
      if (closing) return;
      event.preventDefault();
      created.hide();
    });
    created.on('closed', () => {
      if (win === created) win = undefined;
      queued = [];
    });
    return { win: created, fresh: true };
  };

  const show = () => {
    const { win: w, fresh } = open();
    deps.activate?.();
    // A fresh window shows itself once painted (see createWindow); an existing one comes to the front.
    if (fresh) return;
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
  };

  const send = <E extends EventName>(event: E, payload: Events[E]) => {
    if (!win || win.isDestroyed()) return; // no window: it asks for the state when it opens
    if (loaded) return win.webContents.send(event, payload);
    // Only the newest state matters; navigation requests are kept in order.
    if (event === 'state:changed') queued = queued.filter((q) => q.event !== 'state:changed');
    queued.push({ event, payload });
  };

  return {
    show,
    showEntry(id) {
      show();
      send('navigate:entry', { id });
    },
    showEntries(ids) {
      show();
      send('navigate:entries', { ids });
    },
    showQuickCheck() {
      show();
      send('navigate:quick-check', {});
    },
    send,
    isAppContents: (contents) => win !== undefined && !win.isDestroyed() && contents === win.webContents,
    allowClose() {
      closing = true;
    },
  };
}
