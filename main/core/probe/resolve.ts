// Finds every address behind a host name the way the user's browser would: the OS resolver
// (dns.lookup honours /etc/hosts, VPN DNS and search domains), all A and AAAA records.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Injected so tests never ask the machine's resolver; rejects with an Error carrying a `code`. */
export type Lookup = (host: string) => Promise<ResolvedAddress[]>;

export const systemLookup: Lookup = async (host) => {
  const records = await dnsLookup(host, { all: true, verbatim: true });
  return records.map((r) => ({ address: r.address, family: r.family === 6 ? 6 : 4 }));
};

/** Addresses to probe: the literal itself for an IP, otherwise every distinct record, capped. */
export async function resolveAll(host: string, lookup: Lookup, max: number): Promise<ResolvedAddress[]> {
  const literal = isIP(host);
  if (literal) return [{ address: host, family: literal === 6 ? 6 : 4 }];
  const seen = new Set<string>();
  const out: ResolvedAddress[] = [];
  for (const r of await lookup(host)) {
    if (seen.has(r.address)) continue;
    seen.add(r.address);
    out.push(r);
    if (out.length >= max) break;
  }
  if (!out.length) throw Object.assign(new Error(`no addresses for ${host}`), { code: 'ENODATA' });
  return out;
}
