// Spreads a long list of checks over worker threads, so the handshakes and verdicts of a big watchlist use every
// core. The scheduler (concurrency, parking, maxOpen, onResult) stays in this thread and each worker runs the very
// same probe(); names are resolved here (a worker asks for each lookup), so an injected resolver keeps working.
// A short list, or collaborators that cannot cross to a thread (a clock, a fetcher, caches), stay in-process.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { probe, probeMany, scheduleMany, type ProbeManyOptions, type ProbeOptions } from './probe';
import { systemLookup, type Lookup, type ResolvedAddress } from './resolve';
import type { ProbeResult, Target } from '../../shared/types';
import { certUnpacker, type WireResult } from './wire';

/**
 * How each worker builds the trust store the caller's `trust` was built from (a store holds functions, which
 * cannot cross to a thread): the default roots plus an optional CA bundle file (`trustStoreWithBundle`), or the
 * PEM texts given to `createTrustStore`.
 */
export type TrustSource = { bundle?: string } | { pems: string[] };

/** The options a worker's probe() gets: plain data only. */
export type WorkerProbeOptions = Pick<
  ProbeOptions,
  | 'thresholds'
  | 'timeoutMs'
  | 'maxAddresses'
  | 'checkRevocation'
  | 'revocationTimeoutMs'
  | 'proxy'
  | 'fetchIssuers'
>;

export interface WorkerInit {
  options: WorkerProbeOptions;
  trust: TrustSource;
}

export type ToWorker =
  | { type: 'probe'; id: number; target: Target }
  | { type: 'lookup'; id: number; addresses?: ResolvedAddress[]; error?: { message: string; code?: string } };

export type FromWorker =
  | { type: 'result'; id: number; result: WireResult }
  /** probe() threw (it never should): the target is checked again in this thread, where it throws as before. */
  | { type: 'failed'; id: number }
  /** A name to resolve for the check `target` (its id), answered with the same `id`. */
  | { type: 'lookup'; id: number; host: string; target: number };

export interface ParallelOptions extends ProbeManyOptions {
  /** Where the workers get `trust` from; required when `trust` is given, else the list stays in-process. */
  trustSource?: TrustSource;
  /** Worker threads; default one per core. Fewer than 2 cores: in-process. */
  threads?: number;
  /** Shorter lists stay in-process: starting threads costs more than they save. Default 500. */
  minTargets?: number;
  /** The bundled worker (probe-worker.mjs); by default found next to this bundle. */
  workerScript?: string;
}

/**
 * A worker costs ~0.3 s of CPU to load the probe's modules (measured on 2 cores), and each check in a worker
 * ~0.3 ms more than in this thread (the port, a second resolver hop, its own garbage). In one thread a check
 * costs ~1.5 ms, spread over k workers ~1.8 ms ÷ k of wall time, so k = 2 workers pay for their start from
 * 0.3 s ÷ (1.5 − 0.9) ms ≈ 500 checks; with more cores, sooner.
 */
export const DEFAULT_MIN_TARGETS = 500;

/** Why a list stays in this thread, or the workers to spread it over. */
export function workerPlan(
  /** The list, or how many checks it holds. */
  targets: readonly Target[] | number,
  options: ParallelOptions,
): { threads: number; script: string; trust: TrustSource } | { inProcess: string } {
  const threads = Math.floor(options.threads ?? availableParallelism());
  if (threads < 2) return { inProcess: 'fewer than 2 threads' };
  const count = typeof targets === 'number' ? targets : targets.length;
  if (count < (options.minTargets ?? DEFAULT_MIN_TARGETS)) return { inProcess: 'short list' };
  const cannotCross = (['now', 'fetcher', 'crlCache', 'issuerCache'] as const).filter((k) => options[k]);
  if (cannotCross.length) return { inProcess: `${cannotCross.join(', ')} cannot cross to a thread` };
  if (options.trust && !options.trustSource) return { inProcess: 'trust without trustSource' };
  const script = options.workerScript ?? defaultWorkerScript();
  if (!script || !existsSync(script)) return { inProcess: 'no worker bundle' };
  return { threads, script, trust: options.trustSource ?? {} };
}

/** probe-worker.mjs next to the bundle this module is in (dist/cli/, or its chunks/ folder). */
function defaultWorkerScript(): string | undefined {
  for (const relative of ['./probe-worker.mjs', '../probe-worker.mjs']) {
    try {
      const path = fileURLToPath(new URL(relative, import.meta.url));
      if (existsSync(path)) return path;
    } catch {
      // Not a file: URL (a bundle loaded some other way): no workers.
    }
  }
  return undefined;
}

/**
 * probeMany, spread over worker threads when the list is long enough (workerPlan); same results, same order,
 * same scheduling. The workers stay a few seconds after a list (a watcher's next round, a second list) and then
 * stop; they never keep the process alive while idle.
 */
export async function probeManyParallel(
  targets: Target[],
  options: ParallelOptions = {},
): Promise<ProbeResult[]> {
  const plan = workerPlan(targets, options);
  if ('inProcess' in plan) return probeMany(targets, options);
  const pool = sharedPool(plan.script, plan.threads, { options: workerOptions(options), trust: plan.trust });
  const lookup = options.lookup ?? systemLookup;
  const run = pool.begin(lookup, (t) => probe(t, options));
  try {
    return await scheduleMany(targets, options, (t) => pool.check(t, run));
  } finally {
    pool.end(run);
  }
}

/**
 * For a scheduler of its own (the watcher): checks handed over one at a time, on the shared workers when a round
 * of `roundSize` checks is long enough (workerPlan), else in this thread. `release()` when the round is done, so
 * idle workers can stop.
 */
export function parallelProber(
  roundSize: number,
  options: ParallelOptions = {},
): { check(target: Target): Promise<ProbeResult>; release(): void } {
  const plan = workerPlan(roundSize, options);
  if ('inProcess' in plan) return { check: (t) => probe(t, options), release: () => undefined };
  const pool = sharedPool(plan.script, plan.threads, { options: workerOptions(options), trust: plan.trust });
  const run = pool.begin(options.lookup ?? systemLookup, (t) => probe(t, options));
  let released = false;
  return {
    check: (t) => (released ? probe(t, options) : pool.check(t, run)),
    release() {
      if (released) return;
      released = true;
      pool.end(run);
    },
  };
}

/** What the workers have done in this process so far (for tests and `certwatch doctor`-style reports). */
/**
 * Counters for tests and the bench: checks handed to a worker, results a worker sent back, and checks that fell
 * back to this thread (a worker that could not load or died), since the fallback gives the same results.
 */
export const poolStats = { threadsStarted: 0, checksInWorkers: 0, resultsFromWorkers: 0, fellBack: 0 };

/** How long idle workers wait for another list before they stop. */
export const POOL_IDLE_MS = 5_000;

let current: { key: string; pool: ProbePool } | undefined;

/** One pool at a time: the same workers for lists with the same settings, new ones when they change. */
function sharedPool(script: string, threads: number, init: WorkerInit): ProbePool {
  const key = JSON.stringify([script, threads, init]);
  if (current?.key === key && !current.pool.closed) return current.pool;
  const previous = current?.pool;
  const pool = new ProbePool(script, threads, init, () => {
    if (current?.pool === pool) current = undefined;
  });
  current = { key, pool };
  previous?.retire();
  return pool;
}

function workerOptions(options: ProbeOptions): WorkerProbeOptions {
  const out: WorkerProbeOptions = {};
  if (options.thresholds) out.thresholds = options.thresholds;
  if (options.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  if (options.maxAddresses !== undefined) out.maxAddresses = options.maxAddresses;
  if (options.checkRevocation !== undefined) out.checkRevocation = options.checkRevocation;
  if (options.revocationTimeoutMs !== undefined) out.revocationTimeoutMs = options.revocationTimeoutMs;
  if (options.proxy) out.proxy = options.proxy;
  if (options.fetchIssuers !== undefined) out.fetchIssuers = options.fetchIssuers;
  return out;
}

/** One list's collaborators: where its names are resolved, where a check goes when its worker fails. */
interface Run {
  lookup: Lookup;
  inProcess(target: Target): Promise<ProbeResult>;
}

interface Pending {
  target: Target;
  run: Run;
  resolve(result: ProbeResult): void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
  dead: boolean;
  unpack: (wire: WireResult) => ProbeResult;
}

/** Worker threads running probe(); each check goes to the one with the fewest checks in flight. */
class ProbePool {
  private readonly threads: Thread[] = [];
  private nextId = 0;
  private readonly runs = new Set<Run>();
  private idleTimer: NodeJS.Timeout | undefined;
  closed = false;

  constructor(
    script: string,
    count: number,
    init: WorkerInit,
    private readonly onClose: () => void,
  ) {
    for (let i = 0; i < count; i++) this.threads.push(this.start(script, init));
  }

  private start(script: string, init: WorkerInit): Thread {
    const worker = new Worker(script, { workerData: init });
    poolStats.threadsStarted++;
    const thread: Thread = { worker, pending: new Map(), dead: false, unpack: certUnpacker() };
    worker.on('message', (message: FromWorker) => this.onMessage(thread, message));
    // A worker that cannot start or dies: its checks run here instead (each with a fresh deadline).
    const fail = () => {
      if (thread.dead) return;
      thread.dead = true;
      const left = [...thread.pending.values()];
      thread.pending.clear();
      poolStats.fellBack += left.length;
      for (const p of left) void p.run.inProcess(p.target).then(p.resolve);
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return thread;
  }

  /** A list starts: the workers keep the process alive until it ends. */
  begin(lookup: Lookup, inProcess: Run['inProcess']): Run {
    const run: Run = { lookup, inProcess };
    this.runs.add(run);
    clearTimeout(this.idleTimer);
    for (const t of this.threads) t.worker.ref();
    return run;
  }

  end(run: Run): void {
    this.runs.delete(run);
    if (this.runs.size) return;
    if (this.closed) return this.terminate();
    for (const t of this.threads) t.worker.unref();
    this.idleTimer = setTimeout(() => this.retire(), POOL_IDLE_MS).unref();
  }

  /** No new lists; the workers stop now, or when the lists still on them end. */
  retire(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    if (!this.runs.size) this.terminate();
  }

  private terminate(): void {
    for (const t of this.threads) {
      t.dead = true;
      void t.worker.terminate();
    }
  }

  private onMessage(thread: Thread, message: FromWorker): void {
    if (message.type === 'lookup') {
      const answer = (reply: Omit<Extract<ToWorker, { type: 'lookup' }>, 'type' | 'id'>) =>
        thread.worker.postMessage({ type: 'lookup', id: message.id, ...reply } satisfies ToWorker);
      const asking = thread.pending.get(message.target);
      const lookup = asking?.run.lookup ?? systemLookup;
      lookup(message.host).then(
        (addresses) => answer({ addresses }),
        (error: unknown) => {
          const code = (error as { code?: unknown }).code;
          answer({
            error: {
              message: error instanceof Error ? error.message : String(error),
              ...(typeof code === 'string' ? { code } : {}),
            },
          });
        },
      );
      return;
    }
    const pending = thread.pending.get(message.id);
    if (!pending) return;
    thread.pending.delete(message.id);
    let result: ProbeResult | undefined;
    try {
      if (message.type === 'result') result = thread.unpack(message.result);
    } catch {
      result = undefined; // out of step with the worker (never expected): check it here instead
    }
    if (result) {
      poolStats.resultsFromWorkers++;
      pending.resolve(result);
    } else {
      poolStats.fellBack++;
      void pending.run.inProcess(pending.target).then(pending.resolve);
    }
  }

  check(target: Target, run: Run): Promise<ProbeResult> {
    const live = this.threads.filter((t) => !t.dead);
    if (!live.length) {
      poolStats.fellBack++;
      return run.inProcess(target);
    }
    const thread = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    poolStats.checksInWorkers++;
    return new Promise<ProbeResult>((resolve) => {
      thread.pending.set(id, { target, run, resolve });
      thread.worker.postMessage({ type: 'probe', id, target } satisfies ToWorker);
    });
  }
}
