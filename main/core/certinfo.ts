// Describes one certificate for people and for JSON: names, dates, key, signature, revocation URLs.
// Node's X509Certificate gives keys and fingerprints; @peculiar/x509 reads the extensions Node does not expose.
import 'reflect-metadata';
import { X509Certificate as NodeCert } from 'node:crypto';
import * as px from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import type { CertInfo, CertRole } from './types';

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
  const raw = node.raw;
  const cert = new px.X509Certificate(raw);
  const asn = AsnConvert.parse(raw, Certificate);
  const sigOid = asn.signatureAlgorithm.algorithm;
  const key = node.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const keyType = key.asymmetricKeyType ?? 'unknown';
  let keySize: number | null = null;
  if (details.modulusLength) keySize = details.modulusLength;
  else if (details.namedCurve) keySize = CURVE_BITS[details.namedCurve] ?? null;
  else if (keyType === 'ed25519') keySize = 256;
  else if (keyType === 'ed448') keySize = 456;

  const san = cert.getExtension(px.SubjectAlternativeNameExtension);
  const sans = (san?.names.items ?? []).map((n) => `${SAN_PREFIX[n.type] ?? n.type}:${n.value}`);
  const aia = cert.getExtension(px.AuthorityInfoAccessExtension);
  const crl = cert.getExtension(px.CRLDistributionPointsExtension);
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
      keyType: keyType === 'ec' && details.namedCurve ? `EC ${details.namedCurve}` : keyType.toUpperCase(),
      keySize,
      signatureAlgorithm: SIGNATURE_ALGORITHMS[sigOid] ?? sigOid,
      isCA: node.ca,
      selfSigned,
      ocspUrls: (aia?.ocsp ?? []).filter((n) => n.type === 'url').map((n) => n.value),
      crlUrls,
      pem: node.toString(),
    },
  };
}

const SAN_PREFIX: Record<string, string> = { dns: 'DNS', ip: 'IP', email: 'email', url: 'URI' };

/** True when `issuer` signed `cert`: names chain and the signature checks out. */
export function safeVerify(cert: NodeCert, issuer: NodeCert): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** Self-signed means signed by its own key; key usage is not required (a leaf may lack keyCertSign). */
export function isSelfSigned(cert: NodeCert): boolean {
  try {
    return cert.subject === cert.issuer && cert.verify(cert.publicKey);
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
