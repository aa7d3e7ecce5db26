// Native notifications without Electron, for the headless watcher and as the app's fallback: on Linux
// `notify-send` run directly (arguments after `--`, so a label starting with `-` is text, never an option; body
// markup escaped; critical urgency without timeout), elsewhere node-notifier (Notification Center on macOS,
// toasts on Windows).
import { execFile } from 'node:child_process';
import notifier from 'node-notifier';
import { LINE_LIMIT, markupBody, type Notification, type Notifier } from './notify';
import { displayText } from '../../shared/untrusted-text';

const SUMMARY_LIMIT = 200;

/** The notify-send command line for one notification; positional arguments come after `--`. */
export function notifySendArgs(n: Notification): string[] {
  const critical = n.urgency === 'critical';
  return [
    '--app-name=Certwatch',
    `--urgency=${critical ? 'critical' : 'normal'}`,
    // 0 = never expires: an expired or broken certificate stays on screen until dismissed.
    ...(critical ? ['--expire-time=0'] : []),
    '--',
    // The summary is plain text by the spec; it still must not carry control characters.
    displayText(n.title, SUMMARY_LIMIT),
    // notify-send reads C escapes in the body (g_strcompress): `\\` keeps each backslash a backslash, so the
    // visible `\e` of an escape sequence never turns back into the character.
    markupBody(n.body).replace(/\\/g, '\\\\'),
  ];
}

export interface NotifySendDeps {
  log: (line: string) => void;
  /** The program to run; `notify-send` from libnotify-bin by default. */
  command?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs notify-send; it exits once the notification server accepted (or refused) the notification. */
export function notifySendNotifier(deps: NotifySendDeps): Notifier {
  return {
    notify: (n) =>
      new Promise((resolve) => {
        execFile(
          deps.command ?? 'notify-send',
          notifySendArgs(n),
          { timeout: 30_000, env: deps.env ?? process.env },
          (error, _stdout, stderr) => {
            if (!error) return resolve({ delivered: true });
            const reason = displayText(stderr.trim() || error.message, 300);
            // A failed notification is logged, never swallowed: the user must learn alerts are not reaching them.
            deps.log(`notification failed: ${reason}`);
            resolve({ delivered: false, error: reason });
          },
        );
      }),
  };
}

export function nodeNotifier(
  log: (line: string) => void,
  platform: NodeJS.Platform = process.platform,
): Notifier {
  if (platform === 'linux') return notifySendNotifier({ log });
  return {
    notify: (n) =>
      new Promise((resolve) => {
        // appID names the sender on Windows.
        const options = {
          title: displayText(n.title, SUMMARY_LIMIT),
          message: n.body
            .split('\n')
            .map((line) => displayText(line, LINE_LIMIT))
            .join('\n'),
          appID: 'Certwatch',
          wait: false,
        };
        notifier.notify(options, (error) => {
          if (error) {
            log(`notification failed: ${error.message}`);
            resolve({ delivered: false, error: error.message });
          } else resolve({ delivered: true });
        });
      }),
  };
}
