// `certwatch watch`: the tray app's watch engine without the tray, for servers, cron and CI. It checks on
// schedule, sends native notifications and logs one line per check until SIGINT/SIGTERM (or once, with --once).
import type { Command } from 'commander';
import { nagiosExitCode } from '../core/probe/status';
import type { Settings } from '../shared/model';
import type { Watcher } from '../core/watch/watcher';
import { addHint, createOption, openEngine, storeOption } from './engine';
import { EXIT_UNKNOWN, type CliIo } from './io';
import { integer, UsageError } from './options';
import { displayText } from '../shared/untrusted-text';

export interface WatchOptions {
  store?: string;
  once?: boolean;
  concurrency?: number;
  quiet?: boolean;
  ca?: string;
  /** `ADDR:PORT` to serve Prometheus metrics on while watching. */
  metrics?: string;
  /** Allows a --metrics address other computers can reach. */
  metricsAllowRemote?: boolean;
  create?: boolean;
}

/** Longest log line (characters after the time stamp); a longer one ends in an ellipsis. */
const LOG_LINE_LIMIT = 1000;

/** How often a long-running watch looks for entries another process (`certwatch add`, the app) changed. */
const RESCAN_MS = 2000;

export function registerWatch(program: Command, io: CliIo, setCode: (code: number) => void): void {
  program
    .command('watch')
    .description(
      'Check the watchlist on schedule and send native notifications until stopped; with --once, check everything once and exit with the worst status (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).',
    )
    .addOption(storeOption())
    .addOption(createOption())
    .option('--once', 'check every entry once, send the notifications due, and exit with the worst status')
    .option('--concurrency <n>', 'checks at once (default: the setting, 16)', integer(1, 256))
    .option('--ca <file>', 'also trust the CAs in this PEM bundle, instead of the CA bundle setting')
    .option('--quiet', 'print nothing but problems (no line per check)')
    .option(
      '--metrics <addr:port>',
      'serve Prometheus/OpenMetrics metrics at http://ADDR:PORT/metrics while watching (e.g. 127.0.0.1:9793)',
    )
    .option(
      '--metrics-allow-remote',
      'allow a --metrics address other computers can reach (e.g. 0.0.0.0:9793); without it only loopback is accepted',
    )
    .addHelpText(
      'after',
      `
Examples:
  certwatch watch                                  # until Ctrl-C; run it from systemd or a login item
  certwatch watch --once --quiet || mail-admin     # from cron: exit 1 warning, 2 critical, 3 unreachable
  certwatch watch --metrics 127.0.0.1:9793         # for Prometheus: scrape http://127.0.0.1:9793/metrics`,
    )
    .action(async (opts: WatchOptions) => setCode(await runWatch(opts, io)));
}

export async function runWatch(opts: WatchOptions, io: CliIo): Promise<number> {
  const overrides: Partial<Settings> = {};
  if (opts.concurrency) overrides.concurrency = opts.concurrency;
  // The trust store and the metrics endpoint load only here, so `certwatch --help` and `check` never load them.
  const { trustStoreWithBundle } = await import('../core/probe/trust');
  const { metricsListenAddress, startCliMetrics } = await import('./metrics');
  if (opts.ca) {
    try {
      trustStoreWithBundle(opts.ca);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    overrides.caBundlePath = opts.ca;
  }
  const listen = metricsListenAddress(opts);
  if (listen && opts.once)
    throw new UsageError('--metrics serves while watching; it cannot be combined with --once');
  // A log line quotes targets, labels and server-sent names: one visible line each, never a second (fake) line.
  const stamp = (line: string) => `${new Date().toISOString()} ${displayText(line, LOG_LINE_LIMIT)}\n`;
  const { store, watcher, writeFailures } = await openEngine(
    {
      store: opts.store,
      create: opts.create,
      printWriteFailures: true,
      notifier: (await import('../core/watch/desktop-notifier')).nodeNotifier((line) =>
        io.stderr(stamp(line)),
      ),
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
  // Results or alerts that could not be saved would be checked and sent again next time: not a green run.
  if (opts.once) {
    const code = await once(watcher);
    return writeFailures.length ? EXIT_UNKNOWN : code;
  }

  const signal = io.stopSignal ?? processStopSignal();
  const metrics = listen ? await startCliMetrics(listen, store, io, stamp, opts.quiet) : undefined;
  watcher.start();
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await watcher.stop();
  await metrics?.close();
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

/**
 * The first Ctrl-C or `systemctl stop` stops cleanly; a second one ends the process at once. Libraries that clean
 * up on exit (conf's atomic writes via when-exit, the store lock via signal-exit) re-send a signal to the process
 * itself, or end it when their handler is the last one left: so a listener stays in place while stopping, and
 * the copies they send (counted as they go out) are not taken for the user's second signal.
 */
function processStopSignal(): AbortSignal {
  const controller = new AbortController();
  let echoes = 0;
  const kill = process.kill.bind(process);
  process.kill = ((pid: number, signal?: string | number) => {
    if (pid === process.pid && (signal === 'SIGINT' || signal === 'SIGTERM')) echoes++;
    return kill(pid, signal);
  }) as typeof process.kill;
  const again = (signal: NodeJS.Signals) => {
    if (echoes > 0) {
      echoes--;
      return;
    }
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const stop = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.on('SIGINT', again);
    process.on('SIGTERM', again);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return controller.signal;
}
