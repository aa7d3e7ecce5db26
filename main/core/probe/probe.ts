// Checks one target: resolve every address (or let the proxy), handshake with each under one deadline, judge
// each, ask about revocation, combine into one result; never throws. Certificate files: see certfile.ts.
import { createHash, type X509Certificate } from 'node:crypto';
import pLimit from 'p-limit';
import { handshake, type HandshakeRequest } from './handshake';
import { resolveAll, systemLookup, type Lookup, type ResolvedAddress } from './resolve';
import { defaultTrustStore, type TrustStore } from './trust';
import { judge } from './verdict';
import { serverName, formatHostPort } from './target';
import { statusRank, worstStatus } from './status';
import { probeFile } from './certfile';
import { parseCert } from './certinfo';
import { proxyFor, type ProxySettings } from './proxy';
import { createHttpFetcher, type Fetcher } from './revocation/http';
import { sharedCrlCache, type CrlCache } from './revocation/crl';
import {
  applyRevocation,
  checkRevocation,
  DEFAULT_REVOCATION_TIMEOUT_MS,
  type RevocationOutcome,
} from './revocation/check';
import { fetchIssuersAndPath, type FetchedIssuer, type IssuerCache } from './aia-fetch';
import type { CertPath } from './trust';
import { buildPathOnce } from './path-memo';
import { applyPkix, pkixValidate } from './pkix-check';
import { DEFAULT_THRESHOLDS } from '../../shared/types';
import type { EndpointResult, Note, Problem, ProbeResult, Target } from '../../shared/types';
import type { ExpiryPolicy } from './expiry-standing';

export interface ProbeOptions {
  /** Status thresholds, with the alert days that set a short-lived certificate's clock (expiry-standing.ts). */
  thresholds?: ExpiryPolicy;
  /** Total time allowed per target, DNS included. */
  timeoutMs?: number;
  lookup?: Lookup;
  trust?: TrustStore;
  now?: () => number;
  /** Addresses probed per name (a round-robin name can have dozens). */
  maxAddresses?: number;
  /** Ask OCSP (stapled, then the responder) and the CRL whether the leaf is revoked. Default true. */
  checkRevocation?: boolean;
  /** Most time revocation may add to a check (never beyond the target's deadline). Default 5 s. */
  revocationTimeoutMs?: number;
  /** HTTP client for OCSP and CRLs; by default node:http through `proxy`, names resolved with `lookup`. */
  fetcher?: Fetcher;
  /** Where downloaded CRLs are kept until their nextUpdate; by default one cache per process. */
  crlCache?: CrlCache;
  /**
   * HTTP CONNECT proxy for direct-TLS targets (and http proxy for OCSP/CRL fetches), with NO_PROXY. Default
   * direct. STARTTLS targets always connect directly: proxies tunnel HTTPS, not mail or database ports.
   */
  proxy?: ProxySettings;
  /** Fetch an issuer the server does not send through its caIssuers URL, as Chrome does. Default true. */
  fetchIssuers?: boolean;
  /** Where fetched issuers are kept; by default one cache per process. */
  issuerCache?: IssuerCache;
}

/** Most time fetching missing issuers may add to a check (never beyond the target's deadline). */
export const DEFAULT_AIA_TIMEOUT_MS = 5_000;

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

  if (target.file) {
    return probeFile(target, {
      now,
      thresholds: options.thresholds ?? DEFAULT_THRESHOLDS,
      signal,
    });
  }

  const lookup = options.lookup ?? systemLookup;
  const proxy = target.starttls ? undefined : proxyFor(options.proxy, 'https', target.host, target.port);
  let addresses: ResolvedAddress[];
  /** Where the TCP connection goes instead of the endpoint itself: the proxy, with the tunnel to open. */
  let viaProxy: Pick<HandshakeRequest, 'address' | 'family' | 'port' | 'tunnel'> | undefined;
  if (proxy) {
    // Through a proxy, DNS is the proxy's job (as in a browser): one endpoint, named by the host itself.
    let proxyAddress: ResolvedAddress;
    try {
      proxyAddress = (await raceSignal(resolveAll(proxy.host, lookup, 1), signal))[0]!;
    } catch {
      const message = signal.aborted
        ? `The proxy host ${proxy.host} did not resolve within ${timeoutMs / 1000} s.`
        : `The proxy host ${proxy.host} (${proxy.url}) could not be resolved; check the proxy setting.`;
      return finish([], [{ code: signal.aborted ? 'TIMEOUT' : 'PROXY_FAILED', message }]);
    }
    addresses = [{ address: target.host, family: target.host.includes(':') ? 6 : 4 }];
    viaProxy = {
      ...proxyAddress,
      port: proxy.port,
      tunnel: { proxy, host: target.host, port: target.port },
    };
  } else {
    try {
      addresses = await raceSignal(resolveAll(target.host, lookup, options.maxAddresses ?? 16), signal);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const message = signal.aborted
        ? `The name ${target.host} did not resolve within ${timeoutMs / 1000} s.`
        : `The name ${target.host} could not be resolved (${code ?? (error as Error).message}); check the spelling, VPN or DNS.`;
      return finish([], [{ code: signal.aborted ? 'TIMEOUT' : 'DNS', message }]);
    }
  }

  const name = serverName(target);
  const checkedName = name ?? target.host;
  const trust = options.trust ?? defaultTrustStore();
  let fetcher = options.fetcher;
  const revocation = revocationChecker(
    options,
    lookup,
    signal,
    () => timeoutMs - (performance.now() - startedMono),
  );
  const endpoints = await Promise.all(
    addresses.map(async ({ address, family }): Promise<EndpointResult> => {
      const t0 = performance.now();
      const via = proxy ? { proxy: proxy.url } : {};
      const hs = await handshake({
        address,
        family,
        port: target.port,
        ...viaProxy,
        servername: name,
        starttls: target.starttls,
        requestOcsp: revocation.enabled,
        signal,
        timeoutSeconds: timeoutMs / 1000,
      });
      if (!hs.ok) {
        return {
          address,
          family,
          ...via,
          status: 'error',
          daysLeft: null,
          notAfter: null,
          chainEarliestNotAfter: null,
          fingerprint256: null,
          problems: [{ code: hs.code, message: hs.message }],
          notes: [],
          chain: [],
          tls: null,
          durationMs: Math.round(performance.now() - t0),
        };
      }
      // One moment for the path and the verdict, so the path built while looking for missing issuers is the
      // one the verdict judges (it is not built twice).
      const at = now();
      const sentPath = options.fetchIssuers === false ? undefined : buildPathOnce(hs.certs, trust, at);
      const { fetched, path }: { fetched: FetchedIssuer[]; path?: CertPath } = !sentPath
        ? { fetched: [] }
        : sentPath.end !== 'incomplete'
          ? { fetched: [], path: sentPath }
          : await fetchIssuersAndPath(hs.certs, trust, {
              fetcher: (fetcher ??= createHttpFetcher({
                lookup,
                ...(options.proxy ? { proxy: options.proxy } : {}),
              })),
              signal: AbortSignal.any([
                signal,
                AbortSignal.timeout(
                  Math.max(
                    0,
                    Math.floor(
                      Math.min(DEFAULT_AIA_TIMEOUT_MS, timeoutMs - (performance.now() - startedMono)),
                    ),
                  ),
                ),
              ]),
              now: at,
              ...(options.issuerCache ? { cache: options.issuerCache } : {}),
            });
      // After a fetch (network time), the verdict is of the moment it is made, as before.
      const judgedAt = fetched.length ? now() : at;
      const { issuer, anchoredPath, ...judgedPath } = judge({
        sent: hs.certs,
        checkedName,
        trust,
        thresholds: options.thresholds ?? DEFAULT_THRESHOLDS,
        now: judgedAt,
        fetched,
        ...(path && judgedAt === at ? { path } : {}),
      });
      const verdict = anchoredPath
        ? applyPkix(judgedPath, await pkixValidate(anchoredPath, judgedAt))
        : judgedPath;
      const outcome = await revocation.check(hs.certs[0]!, issuer, hs.ocspResponse);
      const judged = outcome ? applyRevocation(verdict, outcome) : verdict;
      return {
        address,
        family,
        ...via,
        ...judged,
        tls: hs.tls,
        durationMs: Math.round(performance.now() - t0),
      };
    }),
  );
  return finish(endpoints);
}

/**
 * One revocation check per distinct leaf (and staple) in a target: the addresses of one name usually serve
 * the same certificate. Its budget is the smaller of the revocation cap and what is left of the deadline.
 */
function revocationChecker(
  options: ProbeOptions,
  lookup: Lookup,
  signal: AbortSignal,
  remainingMs: () => number,
) {
  const enabled = options.checkRevocation !== false;
  const now = options.now ?? Date.now;
  let fetcher = options.fetcher;
  const seen = new Map<string, Promise<RevocationOutcome | undefined>>();
  const run = async (leaf: X509Certificate, issuer: X509Certificate, staple?: Buffer) => {
    const info = parseCert(leaf).info;
    // An expired certificate's revocation is moot, and CAs drop it from their lists.
    if (Date.parse(info.notAfter) <= now()) return undefined;
    if (!staple && !info.ocspUrls.length && !info.crlUrls.length) return undefined;
    const budgetMs = Math.max(
      0,
      Math.floor(Math.min(options.revocationTimeoutMs ?? DEFAULT_REVOCATION_TIMEOUT_MS, remainingMs())),
    );
    fetcher ??= createHttpFetcher({ lookup, ...(options.proxy ? { proxy: options.proxy } : {}) });
    try {
      return await checkRevocation(
        { leaf, issuer, ocspUrls: info.ocspUrls, crlUrls: info.crlUrls, ...(staple ? { staple } : {}) },
        {
          fetcher,
          signal: AbortSignal.any([signal, AbortSignal.timeout(budgetMs)]),
          budgetMs,
          now,
          crlCache: options.crlCache ?? sharedCrlCache,
        },
      );
    } catch (error) {
      // Never let a revocation bug cost the check: report it as unavailable.
      return {
        revocation: {
          method: 'ocsp' as const,
          status: 'unavailable' as const,
          checkedAt: new Date(now()).toISOString(),
          message: `Revocation could not be checked: ${(error as Error).message}.`,
        },
        notes: [],
      };
    }
  };
  return {
    enabled,
    check(leaf: X509Certificate, issuer: X509Certificate | undefined, staple?: Buffer) {
      if (!enabled || !issuer) return Promise.resolve(undefined);
      const key = `${leaf.fingerprint256}|${staple ? createHash('sha256').update(staple).digest('hex') : '-'}`;
      let pending = seen.get(key);
      if (!pending) {
        pending = run(leaf, issuer, staple);
        seen.set(key, pending);
      }
      return pending;
    },
  };
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
    ...(rep?.revocation ? { revocation: rep.revocation } : {}),
  };
}

export interface ProbeManyOptions extends ProbeOptions {
  /** Targets being worked on at once (handshakes, verdicts): the CPU-bound part. Default 32. */
  concurrency?: number;
  /**
   * A target still unanswered after this long is waiting on the network, not using the CPU: it gives its slot
   * to the next target and waits on its own deadline. Default 250 ms.
   */
  parkAfterMs?: number;
  /** Targets open at once, parked ones included (sockets, memory). Default 8 × concurrency. */
  maxOpen?: number;
  /** Called as each target finishes, for streaming output. */
  onResult?(result: ProbeResult, index: number): void;
}

export const DEFAULT_CONCURRENCY = 32;

/**
 * Probes many targets with a concurrency limit; each target's deadline starts when its turn does. Hanging
 * targets are parked instead of holding a slot until they time out, so 200 hanging hosts in a list of 2,000 add
 * about one timeout to the total rather than 200 × timeout ÷ concurrency.
 */
export async function probeMany(targets: Target[], options: ProbeManyOptions = {}): Promise<ProbeResult[]> {
  return scheduleMany(targets, options, (t) => probe(t, options));
}

/**
 * probeMany's scheduler with the check itself passed in (in this thread, or in a worker: pool.ts): the
 * concurrency limit, parking after `parkAfterMs`, the `maxOpen` fence and `onResult`, in list order.
 */
export async function scheduleMany(
  targets: Target[],
  options: Pick<ProbeManyOptions, 'concurrency' | 'parkAfterMs' | 'maxOpen' | 'onResult'>,
  check: (target: Target) => Promise<ProbeResult>,
): Promise<ProbeResult[]> {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const active = pLimit(concurrency);
  const open = pLimit(Math.max(concurrency, options.maxOpen ?? concurrency * 8));
  const parkAfterMs = options.parkAfterMs ?? 250;
  return Promise.all(
    targets.map((t, i) =>
      open(async () => {
        let running!: Promise<ProbeResult>;
        await active(async () => {
          running = check(t);
          let timer: NodeJS.Timeout | undefined;
          const parked = new Promise<void>((resolve) => (timer = setTimeout(resolve, parkAfterMs)));
          await Promise.race([running, parked]);
          clearTimeout(timer);
        });
        const r = await running;
        options.onResult?.(r, i);
        return r;
      }),
    ),
  );
}
