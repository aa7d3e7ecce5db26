// The app's Notifier for the watch engine: Electron's Notification (a click opens the entry's details), or
// node-notifier where Electron has no notification support. Failures are logged and reported, never swallowed.
import type { Notification, Notifier } from '../core/notify';

export interface NotificationLike {
  on(event: 'show', listener: () => void): unknown;
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
  show(): void;
}

export interface NotificationClass {
  new (options: { title: string; body: string }): NotificationLike;
  isSupported(): boolean;
}

export interface AppNotifierDeps {
  Notification: NotificationClass;
  /** node-notifier, for desktops where Notification.isSupported() is false. */
  fallback: Notifier;
  /** The first entry the notification is about, or undefined for one about the app itself. */
  onClick: (entryId: string | undefined) => void;
  log: (line: string) => void;
  /** Linux reports no failure event; without 'show' or 'failed' after this long, it counts as shown. */
  confirmMs?: number;
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

export function createAppNotifier(deps: AppNotifierDeps): Notifier {
  const { log } = deps;
  const timers = deps.timers ?? {
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
  };
  // Electron drops a notification's click handler once the object is garbage collected; keep them alive.
  const live = new Set<NotificationLike>();

  const native = (n: Notification) =>
    new Promise<{ delivered: boolean; error?: string }>((resolve) => {
      const note = new deps.Notification({ title: n.title, body: n.body });
      live.add(note);
      let settled = false;
      const settle = (outcome: { delivered: boolean; error?: string }) => {
        if (settled) return;
        settled = true;
        timers.clearTimeout(timer);
        resolve(outcome);
      };
      const timer = timers.setTimeout(() => settle({ delivered: true }), deps.confirmMs ?? 10_000);
      note.on('show', () => settle({ delivered: true }));
      note.on('failed', (_event, error) => {
        live.delete(note);
        // On macOS this is what an unsigned app gets; the user must learn that alerts are not reaching them.
        log(`notification failed: ${error} (${n.title})`);
        settle({ delivered: false, error });
      });
      note.on('click', () => {
        live.delete(note);
        deps.onClick(n.entryIds[0]);
      });
      note.on('close', () => live.delete(note));
      try {
        note.show();
      } catch (error) {
        live.delete(note);
        log(`notification failed: ${(error as Error).message} (${n.title})`);
        settle({ delivered: false, error: (error as Error).message });
      }
    });

  return {
    notify: (n) => (deps.Notification.isSupported() ? native(n) : deps.fallback.notify(n)),
  };
}
