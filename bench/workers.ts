// Measurements that run inside a fresh bench worker process, so each one's CPU time, event-loop load and peak
// memory belong to it alone: Certwatch's probe at a concurrency, a bare Node TLS loop, a watchlist at scale.
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import { DEFAULT_MIN_TARGETS, probeManyParallel, type ParallelOptions } from '../main/core/probe/pool';
import { handshake } from '../main/core/probe/handshake';
import { judge } from '../main/core/probe/verdict';
import { parseTarget } from '../main/core/probe/target';
import { createTrustStore } from '../main/core/probe/trust';
import { DEFAULT_THRESHOLDS, type Target } from '../main/shared/types';
import type { Lookup } from '../main/core/probe/resolve';
import { BENCH_DOMAIN, DISTINCT_LEAVES, distinctName } from './pki';
import { memoryMiB, percentile } from './proc';

/** Bench names go to 127.0.0.1; anything else fails, so nothing ever reaches the machine's resolver. */
export const benchLookup: Lookup = async (host) => {
  if (host === BENCH_DOMAIN || host.endsWith(`.${BENCH_DOMAIN}`))
    return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`${host} is not a bench name`), { code: 'ENOTFOUND' });
};

function target(input: string): Target {
  const parsed = parseTarget(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.target;
}

export interface SampleArgs {
  port: number;
  concurrency: number;
  seconds: number;
  rootsFile: string;
  /** Also time the verdict alone on this chain (once per run is enough). */
  measureJudge?: boolean;
  /** Worker threads for the probe (pool.ts); 0 = all in the main thread. Default: one per core. */
  threads?: number;
  /** Every check a certificate this process has not seen (`d<i>` names, each its own leaf), as distinct sites are. */
  distinct?: boolean;
}

export interface SampleResult {
  handshakes: number;
  failed: number;
  firstFailure?: string;
  seconds: number;
  wallSeconds?: number;
  rate: number;
  /** Handshakes the server answered outside the measured part (warm-up), for its CPU per check. */
  warmupHandshakes: number;
  /** CPU seconds of this process over the sample (user + system). */
  cpuSeconds: number;
  /** Share of the sample the event loop was busy (1 = the single JS thread was the limit). */
  eventLoopUtilization: number;
  latencyP50Ms?: number;
  latencyP99Ms?: number;
  /** CPU cost of the verdict alone (path building, names, dates, keys) on this chain, µs per call. */
  judgeMicros?: number;
  peakRssMiB: number | null;
}

/** Certwatch's probeMany at a concurrency, in batches, for about `seconds`; revocation off (no OCSP/CRL URLs). */
export async function probeSample(args: SampleArgs): Promise<SampleResult> {
  const pems = [readFileSync(args.rootsFile, 'utf8')];
  const trust = createTrustStore(pems);
  const options: ParallelOptions = {
    trustSource: { pems },
    ...(args.threads !== undefined ? { threads: args.threads } : {}),
    concurrency: args.concurrency,
    lookup: benchLookup,
    trust,
    checkRevocation: false,
    timeoutMs: 10_000,
  };
  let seq = 0;
  const name = () => (args.distinct ? distinctName(seq++) : `h${seq++ % 10_000}.${BENCH_DOMAIN}`);
  const list = (n: number) => Array.from({ length: n }, () => target(`${name()}:${args.port}`));
  // Warm-up (JIT, the certificate caches, the server's accept path, the worker threads, which stay for the next
  // list); the second pass's rate sizes the measured list.
  // Long enough to be spread over the workers, as the measured list is.
  const warmup = Math.max(DEFAULT_MIN_TARGETS, args.concurrency * 4);
  await probeManyParallel(list(warmup), options);
  const w0 = performance.now();
  await probeManyParallel(list(warmup), options);
  const warmRate = warmup / ((performance.now() - w0) / 1000);
  let n = Math.max(DEFAULT_MIN_TARGETS, args.concurrency * 4, Math.round(warmRate * args.seconds));
  // Never a leaf twice in one process: the sample stops short of the distinct leaves there are.
  if (args.distinct) n = Math.min(n, DISTINCT_LEAVES - seq);

  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  // One list, as `certwatch check --file` gives it.
  await probeManyParallel(list(n), {
    ...options,
    onResult: (r) => {
      latencies.push(r.durationMs);
      if (r.status === 'ok') ok++;
      else {
        failed++;
        firstFailure ??= `${r.status}: ${r.problems.map((p) => p.message).join(' ')}`;
      }
    },
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);

  // The verdict's own cost, on the chain this server sends.
  const hs = await handshake({
    address: '127.0.0.1',
    family: 4,
    port: args.port,
    servername: `judge.${BENCH_DOMAIN}`,
    signal: AbortSignal.timeout(5000),
    timeoutSeconds: 5,
  });
  let judgeMicros: number | undefined;
  if (hs.ok && args.measureJudge) {
    const rounds = 2000;
    const j0 = performance.now();
    for (let i = 0; i < rounds; i++) {
      judge({
        sent: hs.certs,
        checkedName: `judge.${BENCH_DOMAIN}`,
        trust,
        thresholds: DEFAULT_THRESHOLDS,
        now: Date.now(),
      });
    }
    judgeMicros = ((performance.now() - j0) * 1000) / rounds;
  }
  return {
    handshakes: ok,
    failed,
    ...(firstFailure ? { firstFailure } : {}),
    // The whole run, start-up of the workers to the last result, as for every peer.
    seconds: wall,
    wallSeconds: wall,
    rate: ok / wall,
    warmupHandshakes: 2 * warmup + 1,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    eventLoopUtilization: elu.utilization,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    ...(judgeMicros !== undefined ? { judgeMicros } : {}),
    peakRssMiB: memoryMiB('self', 'VmHWM'),
  };
}

/** One bare handshake with the probe's TLS options: Node's own floor, without Certwatch's logic. */
function bareHandshake(port: number, servername: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      servername,
      rejectUnauthorized: false,
      ciphers: 'DEFAULT:@SECLEVEL=0',
      minVersion: 'TLSv1',
    });
    socket.once('secureConnect', () => {
      const ok = !!socket.getPeerX509Certificate();
      socket.destroy();
      resolve(ok);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** A closed loop of `concurrency` bare TLS handshakes for `seconds`. */
export async function nodeTlsSample(args: SampleArgs): Promise<SampleResult> {
  let ok = 0;
  let failed = 0;
  let seq = 0;
  const worker = async (until: number) => {
    while (performance.now() < until) {
      if (await bareHandshake(args.port, `h${seq++ % 10_000}.${BENCH_DOMAIN}`)) ok++;
      else failed++;
    }
  };
  const loop = (ms: number) =>
    Promise.all(Array.from({ length: args.concurrency }, () => worker(performance.now() + ms)));
  await loop(500);
  const warmupHandshakes = ok + failed;
  ok = 0;
  failed = 0;
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  await loop(args.seconds * 1000);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    handshakes: ok,
    failed,
    seconds,
    rate: ok / seconds,
    warmupHandshakes,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    eventLoopUtilization: performance.eventLoopUtilization(elu0).utilization,
    peakRssMiB: memoryMiB('self', 'VmHWM'),
  };
}

export interface ScaleArgs {
  targets: number;
  /** Every `hangEvery`-th target points at the hung server (10 → 10 % hanging). 0 = none. */
  hangEvery: number;
  /** Leave the hanging targets out (the same list's healthy part only), for the baseline. */
  healthyOnly?: boolean;
  concurrency: number;
  timeoutMs: number;
  ports: { rsa: number; ec: number; hung: number };
  rootsFile: string;
  /** Worker threads (pool.ts); 0 = all in the main thread. Default: one per core. */
  threads?: number;
}

export interface ScaleResult {
  targets: number;
  hanging: number;
  concurrency: number;
  timeoutMs: number;
  totalMs: number;
  statuses: Record<string, number>;
  cpuSeconds: number;
  /** Peak resident memory of the whole process (VmHWM), and what it held before the run. */
  peakRssMiB: number | null;
  rssBeforeMiB: number | null;
}

/** A watchlist of `targets` names (half RSA, half ECDSA, some hanging) checked once as `certwatch check --file` does. */
export async function scaleRun(args: ScaleArgs): Promise<ScaleResult> {
  const pems = [readFileSync(args.rootsFile, 'utf8')];
  const trust = createTrustStore(pems);
  const list: Target[] = [];
  let hanging = 0;
  for (let i = 0; i < args.targets; i++) {
    const hangs = args.hangEvery > 0 && i % args.hangEvery === args.hangEvery - 1;
    if (hangs) hanging++;
    if (hangs && args.healthyOnly) continue;
    const port = hangs ? args.ports.hung : i % 2 ? args.ports.rsa : args.ports.ec;
    list.push(target(`site${i}.${BENCH_DOMAIN}:${port}`));
  }
  const rssBeforeMiB = memoryMiB('self', 'VmRSS');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // As `certwatch check --file` runs it: spread over worker threads (pool.ts).
  const results = await probeManyParallel(list, {
    trustSource: { pems },
    ...(args.threads !== undefined ? { threads: args.threads } : {}),
    concurrency: args.concurrency,
    lookup: benchLookup,
    trust,
    checkRevocation: false,
    timeoutMs: args.timeoutMs,
  });
  const totalMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const statuses: Record<string, number> = {};
  for (const r of results) {
    const key = r.status === 'error' ? `error:${r.problems[0]?.code ?? '?'}` : r.status;
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  return {
    targets: list.length,
    hanging: args.healthyOnly ? 0 : hanging,
    concurrency: args.concurrency,
    timeoutMs: args.timeoutMs,
    totalMs,
    statuses,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: memoryMiB('self', 'VmHWM'),
    rssBeforeMiB,
  };
}
