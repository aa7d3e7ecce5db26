// What every bench section shares: options, the certificates, the local server, and where rows go.
import type { BenchPki } from './pki';
import type { ServerPorts } from './server';
import type { Row, Skip } from './report';
import { cpuSecondsOf } from './proc';

export interface BenchOptions {
  /** Sections to run (default all): throughput, scale, idle, window, startup. */
  only: Set<string>;
  /** Seconds per throughput sample of Certwatch and openssl s_time. */
  seconds: number;
  /** Seconds per sample of the slower, process-per-check peers (s_client loop, check_ssl_cert, blackbox). */
  peerSeconds: number;
  /** Per-target timeout in the scale runs, seconds. */
  scaleTimeout: number;
  /** Concurrency used as Certwatch's "high" setting. */
  highConcurrency: number;
  /** Seconds of idle watching measured. */
  idleSeconds: number;
  /** Seconds the watcher settles after its first round before the idle measurement (GC after the burst). */
  idleSettle: number;
  outDir: string;
  /** Keep the work folder (its certificates and stores) for a closer look. */
  keep?: boolean;
  root: string;
}

export interface Context {
  options: BenchOptions;
  pki: BenchPki;
  server: ServerPorts;
  workDir: string;
  rows: Row[];
  skips: Skip[];
  /** Everything measured, for the JSON file. */
  raw: Record<string, unknown>;
  log(line: string): void;
}

/** Runs `fn` and tells how much CPU the bench server used meanwhile. */
export async function withServerCpu<T>(
  ctx: Context,
  fn: () => Promise<T>,
): Promise<{ result: T; serverCpuSeconds: number }> {
  const before = cpuSecondsOf(ctx.server.pid);
  const result = await fn();
  return { result, serverCpuSeconds: cpuSecondsOf(ctx.server.pid) - before };
}
