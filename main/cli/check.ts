// `certwatch check`: probe targets once, print a table or JSON, exit with a Nagios-style code.
import { DEFAULT_CONCURRENCY } from '../core/probe/probe';
import { poolStats, probeManyParallel } from '../core/probe/pool';
import { parseTarget, isStarttlsProtocol } from '../core/probe/target';
import { trustStoreWithBundle } from '../core/probe/trust';
import { nagiosExitCode } from '../core/probe/status';
import { systemLookup, type Lookup } from '../core/probe/resolve';
import { proxySettings } from '../core/probe/proxy';
import { DEFAULT_THRESHOLDS, STARTTLS_PROTOCOLS, type Target, type Thresholds } from '../shared/types';
import { isIP } from 'node:net';
import type { CliIo } from './io';
import { toJson, toTable, type CliResult } from './format';
import { UsageError } from './options';
import { toNagios } from './nagios';
import { readTextFile } from './read-text';

export interface CheckOptions {
  json?: boolean;
  /** Nagios/Icinga plugin output (status line, long text, perfdata). */
  nagios?: boolean;
  warn?: number;
  crit?: number;
  ca?: string;
  starttls?: string;
  sni?: string;
  timeout?: number;
  concurrency?: number;
  file?: string;
  resolve?: string[];
  verbose?: boolean;
  /** False with --no-ocsp; revocation is checked unless turned off. */
  ocsp?: boolean;
  proxy?: string;
  /** Accept names without a dot (`intranet`), refused by default as likely typos. */
  allowSingleLabel?: boolean;
}

export async function runCheck(inputs: string[], opts: CheckOptions, io: CliIo): Promise<number> {
  if (opts.starttls && !isStarttlsProtocol(opts.starttls)) {
    throw new UsageError(
      `--starttls "${opts.starttls}" is not supported (choose ${STARTTLS_PROTOCOLS.join(', ')})`,
    );
  }
  if (opts.nagios && opts.json) throw new UsageError('choose --json or --nagios, not both');
  const thresholds: Thresholds = {
    warningDays: opts.warn ?? DEFAULT_THRESHOLDS.warningDays,
    criticalDays: opts.crit ?? DEFAULT_THRESHOLDS.criticalDays,
  };
  if (thresholds.criticalDays > thresholds.warningDays) {
    throw new UsageError(
      `--crit (${thresholds.criticalDays}) must not be larger than --warn (${thresholds.warningDays})`,
    );
  }
  const all = [...inputs];
  if (opts.file) all.push(...(await readTargetFile(opts.file)));
  if (!all.length) throw new UsageError('no targets given: name at least one host, or --file LIST');

  let trust;
  try {
    trust = trustStoreWithBundle(opts.ca);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const lookup = withOverrides(io.lookup ?? systemLookup, opts.resolve ?? []);
  const proxy = proxySettings({ env: io.env, explicit: opts.proxy });
  if (!proxy.ok) throw new UsageError(proxy.error);

  const results: (CliResult | undefined)[] = [];
  const targets: { target: Target; slot: number }[] = [];
  all.forEach((input, slot) => {
    const parsed = parseTarget(input, {
      starttls: opts.starttls as Target['starttls'],
      sni: opts.sni,
      allowSingleLabel: opts.allowSingleLabel,
    });
    if (parsed.ok) targets.push({ target: parsed.target, slot });
    else {
      io.stderr(`certwatch: ${parsed.error}\n`); // parseTarget shows any control character visibly
      results[slot] = {
        target: input,
        status: 'error',
        problems: [{ code: 'BAD_TARGET', message: parsed.error }],
      };
    }
  });

  // A long list is spread over one worker thread per core (pool.ts); one target is checked right here.
  const probed = await probeManyParallel(
    targets.map((t) => t.target),
    {
      thresholds,
      trust,
      trustSource: { bundle: opts.ca },
      lookup,
      timeoutMs: (opts.timeout ?? 10) * 1000,
      concurrency: opts.concurrency ?? DEFAULT_CONCURRENCY,
      checkRevocation: opts.ocsp !== false,
      proxy: proxy.settings,
    },
  );
  probed.forEach((r, i) => (results[targets[i]!.slot] = r));
  const final = results.filter((r): r is CliResult => !!r);
  // For a bug report (and the tests): where the checks ran. Worker threads fall back to this thread silently.
  if (io.env.CERTWATCH_DEBUG && io.env.CERTWATCH_DEBUG !== '0')
    io.stderr(
      `certwatch: ${poolStats.resultsFromWorkers} of ${targets.length} checks answered by ${poolStats.threadsStarted} worker threads, ${poolStats.fellBack} fell back to the main thread\n`,
    );
  io.stdout(
    opts.json
      ? toJson(final)
      : opts.nagios
        ? toNagios(final, thresholds)
        : toTable(final, { color: io.color, verbose: opts.verbose }),
  );
  return nagiosExitCode(final.map((r) => r.status));
}

async function readTargetFile(path: string): Promise<string[]> {
  const text = await readTextFile(path, 'the target list');
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean);
}

/** `--resolve name:addr[,addr]` pins a name to addresses, like curl's --resolve: check a new node before DNS moves. */
export function withOverrides(base: Lookup, specs: string[]): Lookup {
  if (!specs.length) return base;
  const map = new Map<string, string[]>();
  for (const spec of specs) {
    const colon = spec.indexOf(':');
    if (colon <= 0) throw new UsageError(`--resolve "${spec}" must look like NAME:ADDRESS[,ADDRESS]`);
    const name = spec.slice(0, colon).toLowerCase();
    const addresses = spec
      .slice(colon + 1)
      .split(',')
      .map((a) => a.replace(/^\[|\]$/g, ''));
    if (addresses.some((a) => !isIP(a))) {
      throw new UsageError(`--resolve "${spec}": the addresses must be IP addresses`);
    }
    map.set(name, addresses);
  }
  return async (host) => {
    const pinned = map.get(host);
    if (!pinned) return base(host);
    return pinned.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}
