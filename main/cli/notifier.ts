// Native notifications for the headless watcher through node-notifier (notify-send on Linux,
// Notification Center on macOS, toasts on Windows).
import notifier from 'node-notifier';
import type { Notifier } from '../core/notify';

export function nodeNotifier(log: (line: string) => void): Notifier {
  return {
    notify: (n) =>
      new Promise((resolve) => {
        // appID names the sender on Windows; notify-send (Linux) takes `app-name`, which the typings lack.
        const options = {
          title: n.title,
          message: n.body,
          appID: 'Certwatch',
          'app-name': 'Certwatch',
          wait: false,
        };
        notifier.notify(options, (error) => {
          if (error) {
            // A failed notification is logged, never swallowed: the user must learn alerts are not reaching them.
            log(`notification failed: ${error.message}`);
            resolve({ delivered: false, error: error.message });
          } else resolve({ delivered: true });
        });
      }),
  };
}
