// `certwatch watch`: the tray app's watch engine without the tray, for servers, cron and CI. It checks on
// schedule, sends native notifications and logs one line per check until SIGINT/SIGTERM (or once, with --once).
import type { Command } from 'commander';
import { nagiosExitCode } from '../core/status';
import { trustStoreWithBundle } from '../core/trust';
import type { Settings } from '../core/model';
import type { Watcher } from '../core/watcher';
import { addHint, openEngine, storeOption } from './engine';
import type { CliIo } from './io';
import { integer, UsageError } from './options';

export interface WatchOptions {
  store?: string;
  once?: boolean;
  concurrency?: number;
  quiet?: boolean;
  ca?: string;
}

/** How often a long-running watch looks for entries another process (`certwatch add`, the app) changed. */
const RESCAN_MS = 2000;

export function registerWatch(program: Command, io: CliIo, setCode: (code: number) => void): void {
  program
    .command('watch')
    .description(
      'Check the watchlist on schedule and send native notifications until stopped; with --once, check everything once and exit with the worst status (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).',
    )
    .addOption(storeOption())
    .option('--once', 'check every entry once, send the notifications due, and exit with the worst status')
    .option('--concurrency <n>', 'checks at once (default: the setting, 16)', integer(1, 256))
    .option('--ca <file>', 'also trust the CAs in this PEM bundle, instead of the CA bundle setting')
    .option('--quiet', 'print nothing but problems (no line per check)')
    .addHelpText(
      'after',
      `
Examples:
  certwatch watch                                  # until Ctrl-C; run it from systemd or a login item
  certwatch watch --once --quiet || mail-admin     # from cron: exit 1 warning, 2 critical, 3 unreachable`,
    )
    .action(async (opts: WatchOptions) => setCode(await runWatch(opts, io)));
}

export async function runWatch(opts: WatchOptions, io: CliIo): Promise<number> {
  const overrides: Partial<Settings> = {};
  if (opts.concurrency) overrides.concurrency = opts.concurrency;
  if (opts.ca) {
    try {
      trustStoreWithBundle(opts.ca);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    overrides.caBundlePath = opts.ca;
  }
  const stamp = (line: string) => `${new Date().toISOString()} ${line}\n`;
  const { store, watcher } = await openEngine(
    {
      store: opts.store,
      notifier: (await import('./notifier')).nodeNotifier((line) => io.stderr(stamp(line))),
      // --quiet still reports a team channel that failed: a silently undelivered alert is worse than noise.
      log: opts.quiet
        ? (line) => void (/^channel .*: not delivered/.test(line) && io.stderr(stamp(line)))
        : (line) => io.stdout(stamp(line)),
      overrides,
      rescanMs: RESCAN_MS,
    },
    io,
  );
  const doc = store.get();
  if (!doc.entries.length) {
    io.stderr(
      `certwatch: the watchlist in ${store.path} is empty. Add certificates to watch with\n  ${addHint(opts.store)}\n`,
    );
  }
  if (opts.once) return once(watcher);

  const signal = io.stopSignal ?? processStopSignal();
  watcher.start();
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await watcher.stop();
  if (!opts.quiet) io.stdout(stamp('stopped'));
  return 0;
}

/** Checks every enabled entry once, then stops, which sends whatever notification is still grouping. */
async function once(watcher: Watcher): Promise<number> {
  watcher.start();
  await watcher.checkAll();
  await watcher.stop();
  const enabled = watcher.state().entries.filter((e) => e.enabled);
  return nagiosExitCode(enabled.map((e) => (e.status === 'pending' ? 'error' : e.status)));
}

/** The first Ctrl-C or `systemctl stop` stops cleanly; a second one ends the process at once. */
function processStopSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return controller.signal;
}
