// Checks one target end to end: resolve every address, handshake with each under one deadline,
// judge each endpoint, then combine them into a single result. Never throws.
import pLimit from 'p-limit';
import { handshake } from './handshake';
import { resolveAll, systemLookup, type Lookup } from './resolve';
import { defaultTrustStore, type TrustStore } from './trust';
import { judge } from './verdict';
import { serverName, formatHostPort } from './target';
import { statusRank, worstStatus } from './status';
import { DEFAULT_THRESHOLDS } from './types';
import type { EndpointResult, Note, Problem, ProbeResult, Target, Thresholds } from './types';

export interface ProbeOptions {
  thresholds?: Thresholds;
  /** Total time allowed per target, DNS included. */
  timeoutMs?: number;
  lookup?: Lookup;
  trust?: TrustStore;
  now?: () => number;
  /** Addresses probed per name (a round-robin name can have dozens). */
  maxAddresses?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

export async function probe(target: Target, options: ProbeOptions = {}): Promise<ProbeResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const startedMono = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const base = {
    target: target.input,
    host: target.host,
    port: target.port,
    ...(target.sni ? { sni: target.sni } : {}),
    ...(target.starttls ? { starttls: target.starttls } : {}),
    checkedAt: new Date(started).toISOString(),
  };
  const finish = (endpoints: EndpointResult[], problems: Problem[] = []): ProbeResult => ({
    ...base,
    ...combine(target, endpoints, problems),
    durationMs: Math.round(performance.now() - startedMono),
  });

  let addresses;
  try {
    addresses = await raceSignal(
      resolveAll(target.host, options.lookup ?? systemLookup, options.maxAddresses ?? 16),
      signal,
    );
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = signal.aborted
      ? `The name ${target.host} did not resolve within ${timeoutMs / 1000} s.`
      : `The name ${target.host} could not be resolved (${code ?? (error as Error).message}); check the spelling, VPN or DNS.`;
    return finish([], [{ code: signal.aborted ? 'TIMEOUT' : 'DNS', message }]);
  }

  const name = serverName(target);
  const checkedName = name ?? target.host;
  const trust = options.trust ?? defaultTrustStore();
  const endpoints = await Promise.all(
    addresses.map(async ({ address, family }): Promise<EndpointResult> => {
      const t0 = performance.now();
      const hs = await handshake({
        address,
        family,
        port: target.port,
        servername: name,
        starttls: target.starttls,
        signal,
        timeoutSeconds: timeoutMs / 1000,
      });
      const durationMs = Math.round(performance.now() - t0);
      if (!hs.ok) {
        return {
          address,
          family,
          status: 'error',
          daysLeft: null,
          notAfter: null,
          chainEarliestNotAfter: null,
          fingerprint256: null,
          problems: [{ code: hs.code, message: hs.message }],
          notes: [],
          chain: [],
          tls: null,
          durationMs,
        };
      }
      const verdict = judge({
        sent: hs.certs,
        checkedName,
        trust,
        thresholds: options.thresholds ?? DEFAULT_THRESHOLDS,
        now: now(),
      });
      return { address, family, ...verdict, tls: hs.tls, durationMs };
    }),
  );
  return finish(endpoints);
}

function raceSignal<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new Error('timeout'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

type Combined = Omit<
  ProbeResult,
  'target' | 'host' | 'port' | 'sni' | 'starttls' | 'checkedAt' | 'durationMs'
>;

/** Several endpoints make one answer: the worst status, the soonest expiry, and any disagreement. */
function combine(target: Target, endpoints: EndpointResult[], extra: Problem[]): Combined {
  const problems: Problem[] = [...extra];
  const notes: Note[] = [];
  const multi = endpoints.length > 1;
  const seen = new Set<string>();
  for (const ep of endpoints) {
    for (const p of ep.problems) {
      const onAll = endpoints.every((o) =>
        o.problems.some((q) => q.code === p.code && q.message === p.message),
      );
      const message = multi && !onAll ? `${ep.address}: ${p.message}` : p.message;
      if (!seen.has(p.code + message)) problems.push({ code: p.code, message });
      seen.add(p.code + message);
    }
    for (const n of ep.notes)
      if (!notes.some((m) => m.code === n.code && m.message === n.message)) notes.push(n);
  }
  const served = endpoints.filter((e) => e.fingerprint256);
  const distinct = new Set(served.map((e) => e.fingerprint256));
  if (distinct.size > 1) {
    const detail = served
      .map((e) => `${e.address} serves one expiring ${e.notAfter?.slice(0, 10)}`)
      .join('; ');
    problems.push({
      code: 'ENDPOINT_MISMATCH',
      message: `The addresses behind ${formatHostPort(target.host, target.port)} serve different certificates (${detail}); a node may have missed a renewal.`,
    });
  }
  const rep = [...endpoints].sort(
    (a, b) =>
      statusRank(b.status) - statusRank(a.status) || (a.notAfter ?? '9').localeCompare(b.notAfter ?? '9'),
  )[0];
  const min = (values: (string | null)[]) => values.filter((v): v is string => !!v).sort()[0] ?? null;
  const days = served.map((e) => e.daysLeft!).filter((d) => d !== null);
  const statuses = endpoints.map((e) => e.status);
  if (distinct.size > 1) statuses.push('warning');
  if (extra.length || !endpoints.length) statuses.push('error');
  return {
    status: worstStatus(statuses, 'error'),
    daysLeft: days.length ? Math.min(...days) : null,
    notAfter: min(served.map((e) => e.notAfter)),
    chainEarliestNotAfter: min(served.map((e) => e.chainEarliestNotAfter)),
    problems,
    notes,
    endpoints,
    chain: rep?.chain ?? [],
    tls: rep?.tls ?? null,
  };
}

export interface ProbeManyOptions extends ProbeOptions {
  concurrency?: number;
  /** Called as each target finishes, for streaming output. */
  onResult?(result: ProbeResult, index: number): void;
}

/** Probes many targets with a concurrency limit; each target's deadline starts when its turn does. */
export async function probeMany(targets: Target[], options: ProbeManyOptions = {}): Promise<ProbeResult[]> {
  const limit = pLimit(Math.max(1, options.concurrency ?? 32));
  return Promise.all(
    targets.map((t, i) =>
      limit(async () => {
        const r = await probe(t, options);
        options.onResult?.(r, i);
        return r;
      }),
    ),
  );
}
