// What the watch engine needs from a notification system; the tray app and `certwatch watch`
// each plug in their own (Electron's Notification, node-notifier).

export interface Notification {
  title: string;
  body: string;
  /** Entries the notification is about; a click opens the first one's details. */
  entryIds: string[];
}

export interface Notifier {
  /** Resolves with delivered=false (never rejects) when the OS refused or failed to show it. */
  notify(notification: Notification): Promise<{ delivered: boolean; error?: string }>;
}
