// Each certificate parsed by PKI.js once, by fingerprint, for both readers: the signature check (signature.ts)
// and the RFC 5280 pass (pkix-check.ts). A new leaf used to be parsed by each; an intermediate or root serves
// every path it is on. PKI.js only adds lazily computed TBS bytes to a certificate it works with, so sharing the
// object changes no answer.
import type { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** Bounded: a watchlist's distinct certificates, plus room for their issuers. */
const LIMIT = 4000;
const parsed = new Map<string, pkijs.Certificate>();

/** The certificate as PKI.js reads it. Throws when PKI.js cannot read it (callers turn that into an answer). */
export function pkijsCertificate(cert: X509Certificate): pkijs.Certificate {
  const hit = parsed.get(cert.fingerprint256);
  if (hit) return hit;
  const asn = asn1js.fromBER(new Uint8Array(cert.raw));
  if (asn.offset === -1) throw new Error(`not DER: ${asn.result.error}`);
  const out = new pkijs.Certificate({ schema: asn.result });
  if (parsed.size >= LIMIT) parsed.delete(parsed.keys().next().value as string);
  parsed.set(cert.fingerprint256, out);
  return out;
}
