// What the watch engine needs from a notification system; the tray app and `certwatch watch`
// each plug in their own (Electron's Notification, notify-send or node-notifier).
import { notificationMarkupText } from '../../shared/untrusted-text';

/** Buttons a notification may carry where the platform has them. */
export type NotificationAction = 'open' | 'snooze-1d';

export interface Notification {
  title: string;
  body: string;
  /** Entries the notification is about; a click opens the first one's details. */
  entryIds: string[];
  /**
   * `critical` for expired, critical and invalid certificates: the desktop keeps it until dismissed where it
   * can (freedesktop urgency 2, no timeout). Absent means normal.
   */
  urgency?: 'normal' | 'critical';
  /** Entries only counted ("…and 2 more"): a click opens the window filtered to them. */
  moreEntryIds?: string[];
  /** Actions offered where the platform shows buttons (macOS, some Linux desktops). */
  actions?: NotificationAction[];
}

export interface Notifier {
  /** Resolves with delivered=false (never rejects) when the OS refused or failed to show it. */
  notify(notification: Notification): Promise<{ delivered: boolean; error?: string }>;
}

/** Longest line of a notification body; the window shows the rest. */
export const LINE_LIMIT = 600;

/**
 * A body for freedesktop servers, which may read it as a subset of HTML: every line escaped (and control
 * characters made visible), while the line breaks Certwatch puts between lines stay line breaks.
 */
export function markupBody(body: string): string {
  return body
    .split('\n')
    .map((line) => notificationMarkupText(line, LINE_LIMIT))
    .join('\n');
}
