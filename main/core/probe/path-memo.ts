// buildPath (trust.ts) once per distinct chain: the same certificates with the same trust store give the same path
// for as long as no certificate it could choose between enters or leaves its validity window. Path building
// verifies a signature per link, which is most of a verdict's cost when a watchlist re-checks the same chains.
import type { X509Certificate } from 'node:crypto';
import { buildPath, type CertPath, type TrustStore } from './trust';

interface Entry {
  path: CertPath;
  /** The path holds for `now` in [from, until): no candidate issuer changes validity in between. */
  from: number;
  until: number;
}

const MEMO_LIMIT = 2000;
const memos = new WeakMap<TrustStore, Map<string, Entry>>();

/** The same answer as `buildPath(sent, trust, now, fetched)`, with the sent and fetched certificates' own objects. */
export function buildPathOnce(
  sent: X509Certificate[],
  trust: TrustStore,
  now: number,
  fetched: X509Certificate[] = [],
): CertPath {
  let memo = memos.get(trust);
  if (!memo) memos.set(trust, (memo = new Map()));
  const key = `${sent.map((c) => c.fingerprint256).join(',')}|${fetched.map((c) => c.fingerprint256).join(',')}`;
  const hit = memo.get(key);
  if (hit && hit.from <= now && now < hit.until) return rebind(hit.path, sent, fetched);
  const path = buildPath(sent, trust, now, fetched);
  const window = validityWindow(path, sent, trust, fetched, now);
  if (window) {
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
    memo.set(key, { path, ...window });
  }
  return path;
}

/**
 * Path building depends on the moment only through which candidate issuers are valid now (trust.ts prefers one
 * valid now); the candidates of every certificate on the path are the sent, fetched and trusted certificates
 * named as its issuer. The window is the span around `now` in which none of them changes.
 */
function validityWindow(
  path: CertPath,
  sent: X509Certificate[],
  trust: TrustStore,
  fetched: X509Certificate[],
  now: number,
): { from: number; until: number } | undefined {
  const issuers = new Set(path.certs.map((c) => c.cert.issuer));
  const candidates = [...sent, ...fetched].filter((c) => issuers.has(c.subject));
  // issuersOf, not bySubject: the trust store parses only the anchors named like these issuers (trust.ts).
  for (const c of path.certs) candidates.push(...trust.issuersOf(c.cert));
  let from = -Infinity;
  let until = Infinity;
  for (const c of candidates) {
    const start = Date.parse(c.validFrom);
    // Valid through validTo inclusive (trust.ts compares with <=), so the state changes a millisecond later.
    const end = Date.parse(c.validTo) + 1;
    if (!Number.isFinite(start) || !Number.isFinite(end)) return undefined;
    for (const edge of [start, end]) {
      if (edge <= now) from = Math.max(from, edge);
      else until = Math.min(until, edge);
    }
  }
  return { from, until };
}

/** The remembered path, pointing at this check's own certificate objects (same bytes, found by position). */
function rebind(path: CertPath, sent: X509Certificate[], fetched: X509Certificate[]): CertPath {
  return {
    certs: path.certs.map((c) => ({
      ...c,
      cert:
        c.sentIndex >= 0
          ? sent[c.sentIndex]!
          : c.fetched
            ? (fetched.find((f) => f.fingerprint256 === c.cert.fingerprint256) ?? c.cert)
            : c.cert,
    })),
    end: path.end,
    unused: [...path.unused],
    unchecked: [...path.unchecked],
  };
}
