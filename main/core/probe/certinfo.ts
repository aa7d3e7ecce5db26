// Describes one certificate for people and for JSON: names, dates, key, signature, revocation URLs.
// Node's X509Certificate gives keys and fingerprints; @peculiar/x509 reads the extensions Node does not expose.
import 'reflect-metadata';
import { X509Certificate as NodeCert } from 'node:crypto';
import * as px from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  Certificate,
  id_ce_basicConstraints,
  id_ce_cRLDistributionPoints,
  id_ce_subjectAltName,
  id_pe_authorityInfoAccess,
} from '@peculiar/asn1-x509';
import { asnCertificate, CertExtensions } from './cert-extensions';
import { checkSignature } from './signature';
import type { CertInfo, CertRole } from '../../shared/types';

/** Signature algorithm OIDs, named as OpenSSL and browsers show them. */
const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
};

const CURVE_BITS: Record<string, number> = {
  prime192v1: 192,
  secp224r1: 224,
  prime256v1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp256k1: 256,
};

export interface ParsedCert {
  node: NodeCert;
  info: Omit<CertInfo, 'role' | 'fromTrustStore'>;
  notBefore: number;
  notAfter: number;
}

const cache = new Map<string, ParsedCert>();
const CACHE_LIMIT = 2000;

/** Parsing is cached by fingerprint: a watchlist re-checks the same certificates all day. */
export function parseCert(node: NodeCert): ParsedCert {
  const hit = cache.get(node.fingerprint256);
  if (hit) return hit;
  const parsed = parseUncached(node);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(node.fingerprint256, parsed);
  return parsed;
}

function parseUncached(node: NodeCert): ParsedCert {
  // One ASN.1 parse serves every reading (px reads the same parsed structure it would have parsed itself).
  const asn = asnCertificate(node);
  const cert = new px.X509Certificate(asn);
  const exts = new CertExtensions(asn);
  const sigOid = asn.signatureAlgorithm.algorithm;
  const { keyType, keySize, namedCurve } = keyFacts(node, asn);
  const san = exts.get(px.SubjectAlternativeNameExtension, id_ce_subjectAltName);
  const sans = (san?.names.items ?? []).map((n) => `${SAN_PREFIX[n.type] ?? n.type}:${n.value}`);
  const aia = exts.get(px.AuthorityInfoAccessExtension, id_pe_authorityInfoAccess);
  const crl = exts.get(px.CRLDistributionPointsExtension, id_ce_cRLDistributionPoints);
  const crlUrls = (crl?.distributionPoints ?? []).flatMap((dp) =>
    (dp.distributionPoint?.fullName ?? []).flatMap((n) =>
      n.uniformResourceIdentifier ? [n.uniformResourceIdentifier] : [],
    ),
  );
  const notBefore = cert.notBefore.getTime();
  const notAfter = cert.notAfter.getTime();
  const selfSigned = isSelfSigned(node);
  return {
    node,
    notBefore,
    notAfter,
    info: {
      subject: cert.subject,
      issuer: cert.issuer,
      sans,
      serialNumber: node.serialNumber.toUpperCase(),
      notBefore: new Date(notBefore).toISOString(),
      notAfter: new Date(notAfter).toISOString(),
      fingerprint256: node.fingerprint256,
      keyType: keyType === 'ec' && namedCurve ? `EC ${namedCurve}` : keyType.toUpperCase(),
      keySize,
      signatureAlgorithm: SIGNATURE_ALGORITHMS[sigOid] ?? sigOid,
      // From basicConstraints itself: BoringSSL reports `.ca` true for every X.509 v1 certificate.
      isCA: exts.get(px.BasicConstraintsExtension, id_ce_basicConstraints)?.ca ?? false,
      selfSigned,
      ocspUrls: (aia?.ocsp ?? []).filter((n) => n.type === 'url').map((n) => n.value),
      crlUrls,
      pem: node.toString(),
    },
  };
}

const SAN_PREFIX: Record<string, string> = { dns: 'DNS', ip: 'IP', email: 'email', url: 'URI' };

/**
 * True when `issuer` signed `cert`: names chain and the signature checks out. A signature this runtime cannot
 * check counts only when `acceptUncheckable` (see trust.ts: such a link is reported, never silently trusted).
 */
export function safeVerify(cert: NodeCert, issuer: NodeCert, acceptUncheckable = false): boolean {
  try {
    let named: boolean;
    try {
      named = cert.checkIssued(issuer);
    } catch {
      named = cert.issuer === issuer.subject;
    }
    if (!named) return false;
    const result = checkSignature(cert, issuer);
    return result === 'valid' || (acceptUncheckable && result === 'uncheckable');
  } catch {
    return false;
  }
}

/**
 * Self-signed means signed by its own key; key usage is not required (a leaf may lack keyCertSign). A certificate
 * naming itself as issuer whose signature this runtime cannot check counts as self-signed too: either way no
 * client trusts it unless it is an anchor.
 */
export function isSelfSigned(cert: NodeCert): boolean {
  try {
    return cert.subject === cert.issuer && checkSignature(cert, cert) !== 'invalid';
  } catch {
    return false;
  }
}

export function toCertInfo(parsed: ParsedCert, role: CertRole, fromTrustStore: boolean): CertInfo {
  return { role, fromTrustStore, ...parsed.info };
}

/** Splits a PEM bundle into certificates, ignoring anything that is not a certificate block. */
export function certsFromPem(text: string): NodeCert[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new NodeCert(b));
}

/** The key's SubjectPublicKeyInfo as DER, read by the ASN.1 library (Node cannot read every key on BoringSSL). */
export function spkiDer(cert: NodeCert): Buffer {
  const asn = asnCertificate(cert);
  return Buffer.from(AsnConvert.serialize(asn.tbsCertificate.subjectPublicKeyInfo));
}

/** Curve OIDs, named as Node's asymmetricKeyDetails names them. */
const CURVE_NAMES: Record<string, string> = {
  '1.2.840.10045.3.1.1': 'prime192v1',
  '1.3.132.0.33': 'secp224r1',
  '1.2.840.10045.3.1.7': 'prime256v1',
  '1.3.132.0.34': 'secp384r1',
  '1.3.132.0.35': 'secp521r1',
  '1.3.132.0.10': 'secp256k1',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
  '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
  '1.3.36.3.3.2.8.1.1.13': 'brainpoolP512r1',
};

/** Key algorithm OIDs, named as Node's asymmetricKeyType names them. */
const KEY_TYPES: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'rsa',
  '1.2.840.113549.1.1.10': 'rsa-pss',
  '1.2.840.10045.2.1': 'ec',
  '1.2.840.10040.4.1': 'dsa',
  '1.3.101.110': 'x25519',
  '1.3.101.111': 'x448',
  '1.3.101.112': 'ed25519',
  '1.3.101.113': 'ed448',
};

const CURVE_SIZE: Record<string, number> = {
  ...CURVE_BITS,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
};

export interface KeyFacts {
  keyType: string;
  keySize: number | null;
  namedCurve?: string;
}

/** Key type and size from Node where it can read the key, else from the certificate's ASN.1. Never throws. */
export function keyFacts(node: NodeCert, asn?: Certificate): KeyFacts {
  try {
    const key = node.publicKey;
    const details = key.asymmetricKeyDetails ?? {};
    const keyType = key.asymmetricKeyType;
    if (keyType) {
      let keySize: number | null = null;
      if (details.modulusLength) keySize = details.modulusLength;
      else if (details.namedCurve) keySize = CURVE_SIZE[details.namedCurve] ?? null;
      else if (keyType === 'ed25519') keySize = 256;
      else if (keyType === 'ed448') keySize = 456;
      return { keyType, keySize, ...(details.namedCurve ? { namedCurve: details.namedCurve } : {}) };
    }
  } catch {
    // BoringSSL cannot read Ed448, brainpool, secp256k1, P-192 or RSA-PSS keys: read the ASN.1 instead.
  }
  try {
    return keyFactsFromAsn(asn ?? asnCertificate(node));
  } catch {
    return { keyType: 'unknown', keySize: null };
  }
}

/** The same facts from the SubjectPublicKeyInfo alone (exported so tests compare both readings). */
export function keyFactsFromAsn(asn: Certificate): KeyFacts {
  try {
    const spki = asn.tbsCertificate.subjectPublicKeyInfo;
    const oid = spki.algorithm.algorithm;
    const keyType = KEY_TYPES[oid] ?? 'unknown';
    const key = new Uint8Array(spki.subjectPublicKey);
    const params = spki.algorithm.parameters ? new Uint8Array(spki.algorithm.parameters) : undefined;
    if (keyType === 'rsa' || keyType === 'rsa-pss') {
      return { keyType, keySize: bitLength(firstInteger(key)) };
    }
    if (keyType === 'dsa' && params) return { keyType, keySize: bitLength(firstInteger(params)) };
    if (keyType === 'ec' && params && params[0] === 0x06) {
      const curveOid = decodeOid(params.subarray(2, 2 + params[1]!));
      const namedCurve = CURVE_NAMES[curveOid];
      return namedCurve
        ? { keyType, keySize: CURVE_SIZE[namedCurve] ?? null, namedCurve }
        : { keyType, keySize: null };
    }
    if (keyType === 'ed25519') return { keyType, keySize: 256 };
    if (keyType === 'ed448') return { keyType, keySize: 456 };
    return { keyType, keySize: null };
  } catch {
    return { keyType: 'unknown', keySize: null };
  }
}

/** The first INTEGER inside a DER SEQUENCE (RSA modulus, DSA p): only its bytes are needed, for the length. */
function firstInteger(der: Uint8Array): Uint8Array {
  let i = 0;
  const readLength = (): number => {
    const first = der[i++]!;
    if (first < 0x80) return first;
    let len = 0;
    for (let n = first & 0x7f; n > 0; n--) len = len * 256 + der[i++]!;
    return len;
  };
  if (der[i++] !== 0x30) throw new Error('not a SEQUENCE');
  readLength();
  if (der[i++] !== 0x02) throw new Error('not an INTEGER');
  const len = readLength();
  return der.subarray(i, i + len);
}

function bitLength(bytes: Uint8Array): number | null {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return null;
  return (bytes.length - i - 1) * 8 + bytes[i]!.toString(2).length;
}

function decodeOid(bytes: Uint8Array): string {
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift() ?? 0;
  return [
    Math.min(2, Math.floor(first / 40)),
    first - Math.min(2, Math.floor(first / 40)) * 40,
    ...parts,
  ].join('.');
}
