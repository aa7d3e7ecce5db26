// Decides trust the way a client does: builds the path from the leaf through the sent certificates
// to a trusted root (Node's bundled roots, the OS store where Node exposes it, and the user's own CAs).
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import type { X509Certificate } from 'node:crypto';
import { certsFromPem, isSelfSigned, safeVerify } from './certinfo';

export interface TrustStore {
  /** Trusted certificates with this subject (as Node formats names). */
  bySubject(subject: string): X509Certificate[];
  isTrusted(cert: X509Certificate): boolean;
  size: number;
}

export function createTrustStore(pems: string[]): TrustStore {
  const index = new Map<string, X509Certificate[]>();
  const fingerprints = new Set<string>();
  const keys = new Set<string>();
  for (const pem of pems) {
    for (const cert of safeParse(pem)) {
      if (fingerprints.has(cert.fingerprint256)) continue;
      fingerprints.add(cert.fingerprint256);
      keys.add(anchorKey(cert));
      index.set(cert.subject, [...(index.get(cert.subject) ?? []), cert]);
    }
  }
  return {
    bySubject: (subject) => index.get(subject) ?? [],
    // A re-issued root with the same name and key is the same trust anchor (RFC 5280 trust anchors are name+key).
    // Exporting the key is the costly part: only a certificate named like a trusted one can match on it.
    isTrusted: (cert) =>
      fingerprints.has(cert.fingerprint256) || (index.has(cert.subject) && keys.has(anchorKey(cert))),
    size: fingerprints.size,
  };
}

function anchorKey(cert: X509Certificate): string {
  return `${cert.subject}|${cert.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
}

function safeParse(pem: string): X509Certificate[] {
  try {
    return certsFromPem(pem);
  } catch {
    return [];
  }
}

type CaSource = (type: 'bundled' | 'system') => string[];

/** Node 22.15+/23.5+ (and so Electron) can read the OS store; Node 20 only has its bundled roots. */
function systemRoots(): string[] {
  const get = (tls as unknown as { getCACertificates?: CaSource }).getCACertificates;
  if (!get) return [];
  try {
    return get('system');
  } catch {
    return [];
  }
}

let defaultStore: TrustStore | undefined;

export function defaultTrustStore(): TrustStore {
  defaultStore ??= createTrustStore([...tls.rootCertificates, ...systemRoots()]);
  return defaultStore;
}

/** The default roots plus a user CA bundle (internal PKI). Throws a clear error when the file is unusable. */
export function trustStoreWithBundle(path: string | undefined): TrustStore {
  if (!path) return defaultTrustStore();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the CA bundle ${path}: ${(error as Error).message}`, { cause: error });
  }
  const extra = safeParse(text);
  if (!extra.length) throw new Error(`The CA bundle ${path} contains no PEM certificates.`);
  return createTrustStore([...tls.rootCertificates, ...systemRoots(), text]);
}

export type PathEnd = 'trusted' | 'self-signed' | 'untrusted-root' | 'incomplete';

export interface CertPath {
  /** Leaf first, then each issuer; trust-store certificates that completed it are flagged. */
  certs: { cert: X509Certificate; fromTrustStore: boolean; sentIndex: number; fetched?: boolean }[];
  end: PathEnd;
  /** Sent certificates that are not on the path (superfluous or cross-signed extras). */
  unused: number[];
}

/**
 * Path building prefers a trusted issuer over a sent one, as modern clients do, so an expired
 * cross-signed root the server still sends (AddTrust, 2020) does not decide the verdict.
 */
export function buildPath(
  sent: X509Certificate[],
  trust: TrustStore,
  now: number,
  /** Issuers fetched through caIssuers (aia-fetch.ts), used only where no sent certificate fits. */
  fetched: X509Certificate[] = [],
): CertPath {
  const leaf = sent[0]!;
  const certs: CertPath['certs'] = [{ cert: leaf, fromTrustStore: false, sentIndex: 0 }];
  const used = new Set([0]);
  let current = leaf;
  let end: PathEnd = 'incomplete';
  for (let depth = 0; depth < 10; depth++) {
    if (trust.isTrusted(current)) {
      end = 'trusted';
      break;
    }
    const anchor = pickIssuer(current, trust.bySubject(current.issuer), now);
    if (anchor) {
      // A root the server also sends counts as sent (and gets a note), not as added from the store.
      const sentIndex = sent.findIndex((c, i) => !used.has(i) && c.fingerprint256 === anchor.fingerprint256);
      if (sentIndex >= 0) used.add(sentIndex);
      certs.push({ cert: anchor, fromTrustStore: sentIndex < 0, sentIndex });
      end = 'trusted';
      break;
    }
    if (isSelfSigned(current)) {
      end = depth === 0 ? 'self-signed' : 'untrusted-root';
      break;
    }
    const candidates = sent.map((cert, i) => ({ cert, i })).filter(({ i }) => !used.has(i));
    const next = pickIssuer(
      current,
      candidates.map((c) => c.cert),
      now,
    );
    if (!next) {
      const found = pickIssuer(
        current,
        fetched.filter((f) => !certs.some((c) => c.cert.fingerprint256 === f.fingerprint256)),
        now,
      );
      if (!found) break;
      certs.push({ cert: found, fromTrustStore: false, sentIndex: -1, fetched: true });
      current = found;
      continue;
    }
    const index = candidates.find((c) => c.cert === next)!.i;
    used.add(index);
    certs.push({ cert: next, fromTrustStore: false, sentIndex: index });
    current = next;
  }
  const unused = sent.map((_, i) => i).filter((i) => !used.has(i));
  return { certs, end, unused };
}

/** Among certificates that really signed `cert`, prefer one valid now, then the longest-lived. */
function pickIssuer(
  cert: X509Certificate,
  candidates: X509Certificate[],
  now: number,
): X509Certificate | undefined {
  let issuers = candidates.filter((c) => c.subject === cert.issuer && safeVerify(cert, c));
  // checkIssued also refuses an issuer without keyCertSign; one whose key made the signature is still the
  // issuer a client finds, and path-validation.ts names what is wrong with it instead of "not sent".
  if (!issuers.length) issuers = candidates.filter((c) => c.subject === cert.issuer && signedBy(cert, c));
  const validNow = (c: X509Certificate) => Date.parse(c.validFrom) <= now && now <= Date.parse(c.validTo);
  issuers.sort(
    (a, b) => Number(validNow(b)) - Number(validNow(a)) || Date.parse(b.validTo) - Date.parse(a.validTo),
  );
  return issuers[0];
}

function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}
