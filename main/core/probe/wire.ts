// How a result crosses from a worker thread (pool.ts): each certificate description (CertInfo, with its PEM) is sent
// in full the first time and as a reference afterwards, since a list's results repeat the same intermediates and
// roots (and a watchlist's the same leaves). Both sides remember the same descriptions: the port keeps messages in
// order, and both forget the oldest first at the same size.
import type { CertInfo, ProbeResult } from '../../shared/types';

/** A certificate as sent: in full, or the key of one sent before on this port. */
export type WireCert = CertInfo | { ref: string };

export type WireResult = Omit<ProbeResult, 'chain' | 'endpoints'> & {
  chain: WireCert[];
  endpoints: (Omit<ProbeResult['endpoints'][number], 'chain'> & { chain: WireCert[] })[];
};

const REMEMBERED = 1024;

const keyOf = (c: CertInfo) => `${c.fingerprint256}|${c.role}|${c.fromTrustStore}`;

/** The same FIFO on both sides: insert order decides what is forgotten. */
function remember<T>(map: Map<string, T>, key: string, value: T): void {
  if (map.size >= REMEMBERED) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

/** The worker's side. */
export function certPacker(): (result: ProbeResult) => WireResult {
  const sent = new Map<string, true>();
  const pack = (c: CertInfo): WireCert => {
    const key = keyOf(c);
    if (sent.has(key)) return { ref: key };
    remember(sent, key, true);
    return c;
  };
  // The top-level chain first, then each endpoint's: unpack walks in the same order.
  return (result) => ({
    ...result,
    chain: result.chain.map(pack),
    endpoints: result.endpoints.map((e) => ({ ...e, chain: e.chain.map(pack) })),
  });
}

/** The main thread's side, one per worker; every result gets its own copies. */
export function certUnpacker(): (wire: WireResult) => ProbeResult {
  const known = new Map<string, CertInfo>();
  const unpack = (c: WireCert): CertInfo => {
    if ('ref' in c) {
      const hit = known.get(c.ref);
      if (!hit) throw new Error(`worker referred to a certificate never sent (${c.ref})`);
      return { ...hit, sans: [...hit.sans], ocspUrls: [...hit.ocspUrls], crlUrls: [...hit.crlUrls] };
    }
    remember(known, keyOf(c), c);
    return { ...c, sans: [...c.sans], ocspUrls: [...c.ocspUrls], crlUrls: [...c.crlUrls] };
  };
  return (wire) => ({
    ...wire,
    chain: wire.chain.map(unpack),
    endpoints: wire.endpoints.map((e) => ({ ...e, chain: e.chain.map(unpack) })),
  });
}
