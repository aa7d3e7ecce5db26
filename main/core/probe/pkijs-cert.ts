// Each certificate parsed by PKI.js once, by fingerprint, for both readers: the signature check (signature.ts)
// and the RFC 5280 pass (pkix-check.ts). A new leaf used to be parsed by each; an intermediate or root serves
// every path it is on. PKI.js only adds lazily computed TBS bytes to a certificate it works with, so sharing the
// object changes no answer.
import type { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * Least recently used first out, and few: a certificate parsed by PKI.js is about 34 KiB of heap, so keeping a
 * watchlist's every leaf (up to 4,000 here once) held up to 130 MiB in a watcher of distinct sites. What is worth
 * keeping is a verdict's own certificates between its two readers and the intermediates and roots every path
 * shares, which stay recent; a leaf is read again only when its chain's verdict is not remembered (path-memo.ts,
 * pkix-check.ts), which is not the case on a watcher's next round.
 */
export const PKIJS_CACHE_LIMIT = 256;
const parsed = new Map<string, pkijs.Certificate>();

/** The certificate as PKI.js reads it. Throws when PKI.js cannot read it (callers turn that into an answer). */
export function pkijsCertificate(cert: X509Certificate): pkijs.Certificate {
  const key = cert.fingerprint256;
  const hit = parsed.get(key);
  if (hit) {
    parsed.delete(key);
    parsed.set(key, hit);
    return hit;
  }
  const asn = asn1js.fromBER(new Uint8Array(cert.raw));
  if (asn.offset === -1) throw new Error(`not DER: ${asn.result.error}`);
  const out = new pkijs.Certificate({ schema: asn.result });
  if (parsed.size >= PKIJS_CACHE_LIMIT) parsed.delete(parsed.keys().next().value as string);
  parsed.set(key, out);
  return out;
}
