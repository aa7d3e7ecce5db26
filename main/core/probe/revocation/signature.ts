// Verifies the signature of a signed ASN.1 structure (OCSP response, CRL) with Node's crypto, which takes
// X.509's DER-encoded ECDSA signatures as they are.
import { verify, type KeyObject } from 'node:crypto';

/** Signature algorithm OID → digest (null: the algorithm hashes itself, as Ed25519 does). */
const DIGESTS: Record<string, string | null> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null,
  '1.3.101.113': null,
};

export function isSupportedSignature(oid: string): boolean {
  return oid in DIGESTS;
}

/** False for a wrong key, a broken signature or an algorithm we do not know (never throws). */
export function verifySigned(
  oid: string,
  signed: ArrayBuffer | Buffer,
  signature: ArrayBuffer | Buffer,
  key: KeyObject,
): boolean {
  if (!isSupportedSignature(oid)) return false;
  try {
    return verify(
      DIGESTS[oid] ?? null,
      Buffer.from(signed as ArrayBuffer),
      key,
      Buffer.from(signature as ArrayBuffer),
    );
  } catch {
    return false;
  }
}
