// The app's Notifier for the watch engine: Electron's Notification (a click opens the entry's details), or
// node-notifier where Electron has no notification support or the OS refuses Electron's (an unsigned macOS
// build: `failed`). Failures are logged and reported, never swallowed; the user is told once. Critical ones ask
// for critical urgency and no timeout; on macOS they carry a "Snooze 1 day" button.
import { markupBody, type Notification, type NotificationAction, type Notifier } from '../core/watch/notify';
import { displayText } from '../shared/untrusted-text';

export interface NotificationLike {
  on(event: 'show', listener: () => void): unknown;
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
  on(
    event: 'action',
    listener: (details: { actionIndex?: number } | undefined, index?: number) => void,
  ): unknown;
  show(): void;
}

/** The subset of Electron's NotificationConstructorOptions Certwatch uses. */
export interface NotificationOptions {
  title: string;
  body: string;
  /** Linux. */
  urgency?: 'normal' | 'critical';
  /** Linux and Windows: 'never' keeps it until dismissed. */
  timeoutType?: 'default' | 'never';
  /** macOS: buttons; a click on the notification itself is 'open'. */
  actions?: { type: 'button'; text: string }[];
}

export interface NotificationClass {
  new (options: NotificationOptions): NotificationLike;
  isSupported(): boolean;
}

const BUTTONS: Partial<Record<NotificationAction, string>> = { 'snooze-1d': 'Snooze 1 day' };

/** Electron's options for one notification on this platform. */
export function nativeOptions(n: Notification, platform: NodeJS.Platform): NotificationOptions {
  // Linux desktops may read the body as markup (libnotify); elsewhere it is plain text.
  const body =
    platform === 'linux'
      ? markupBody(n.body)
      : n.body
          .split('\n')
          .map((l) => displayText(l, 600))
          .join('\n');
  const options: NotificationOptions = { title: displayText(n.title), body };
  if (n.urgency === 'critical') {
    if (platform === 'linux') options.urgency = 'critical';
    if (platform === 'linux' || platform === 'win32') options.timeoutType = 'never';
  }
  const buttons = (n.actions ?? []).flatMap((a) => (BUTTONS[a] ? [BUTTONS[a]] : []));
  if (platform === 'darwin' && buttons.length)
    options.actions = buttons.map((text) => ({ type: 'button', text }));
  return options;
}

export interface AppNotifierDeps {
  Notification: NotificationClass;
  /** node-notifier, for desktops where Notification.isSupported() is false or the OS refuses Electron's. */
  fallback: Notifier;
  /**
   * Called once per kind of trouble (degraded to the fallback, or blocked altogether) with a sentence for the
   * tray and the window.
   */
  onNotice?: (notice: string) => void;
  /** The first entry the notification is about, or undefined for one about the app itself. */
  onClick: (entryId: string | undefined) => void;
  /** A click on a summary that left entries out ("…and 2 more"): the window filtered to them. */
  onOpenEntries?: (entryIds: string[]) => void;
  /** A button: 'snooze-1d' snoozes the entries the notification named. */
  onAction?: (action: NotificationAction, entryIds: string[]) => void;
  platform?: NodeJS.Platform;
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
      const platform = deps.platform ?? process.platform;
      const options = nativeOptions(n, platform);
      const note = new deps.Notification(options);
      const buttons = (n.actions ?? []).filter((a) => BUTTONS[a]);
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
        if (n.moreEntryIds?.length && deps.onOpenEntries)
          deps.onOpenEntries([...n.entryIds, ...n.moreEntryIds]);
        else deps.onClick(n.entryIds[0]);
      });
      note.on('action', (details, index) => {
        live.delete(note);
        const action = options.actions ? buttons[details?.actionIndex ?? index ?? -1] : undefined;
        if (action) deps.onAction?.(action, n.entryIds);
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

  const told = new Set<string>();
  const tell = (kind: string, notice: string) => {
    if (told.has(kind)) return;
    told.add(kind);
    log(notice);
    deps.onNotice?.(notice);
  };
  // Once the OS refused Electron's notification and the helper delivered, the helper carries the rest.
  let viaFallback = false;
  const clip = (text: string | undefined) => displayText(text ?? 'no reason given', 120);

  const blocked = (nativeError: string | undefined, helperError: string | undefined) =>
    tell(
      'blocked',
      `Notifications are blocked: ${nativeError ? `the system refused them (${clip(nativeError)}) and ` : ''}node-notifier's helper failed too (${clip(helperError)}). Alerts show only here and in the log until this is fixed.`,
    );

  /** The helper, after Electron's Notification could not be used (`why` undefined: not supported here). */
  const fallback = async (n: Notification, why: string | undefined) => {
    const out = await deps.fallback.notify(n);
    if (!out.delivered) {
      blocked(why, out.error);
      return out;
    }
    viaFallback = true;
    tell(
      'degraded',
      why
        ? `The system refused Certwatch's notifications (${clip(why)}); they now go through node-notifier's helper instead, which may look different.`
        : "Electron cannot show notifications on this desktop; they go through node-notifier's helper instead.",
    );
    return out;
  };

  return {
    notify: async (n) => {
      if (!deps.Notification.isSupported()) return fallback(n, undefined);
      if (viaFallback) {
        const out = await deps.fallback.notify(n);
        if (out.delivered) return out;
        // The helper stopped working: Electron's Notification may work again (permission granted meanwhile).
        viaFallback = false;
        const again = await native(n);
        if (!again.delivered) blocked(again.error, out.error);
        return again;
      }
      const out = await native(n);
      return out.delivered ? out : fallback(n, out.error);
    },
  };
}
