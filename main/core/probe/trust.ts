// Decides trust the way a client does: builds the path from the leaf through the sent certificates
// to a trusted root (Node's bundled roots, the OS store where Node exposes it, and the user's own CAs).
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { isSelfSigned, safeVerify, spkiDer } from './certinfo';
import { checkSignature } from './signature';
import { nameKey } from './name-key';

export interface TrustStore {
  /** Trusted certificates with this subject (as Node formats names). Parses every anchor on first use. */
  bySubject(subject: string): X509Certificate[];
  /** Trusted certificates whose subject is `cert`'s issuer; parses only the anchors named alike. */
  issuersOf(cert: X509Certificate): X509Certificate[];
  isTrusted(cert: X509Certificate): boolean;
  /** How many distinct anchors the sources hold (read on demand: parses every anchor). */
  readonly size: number;
  /** Certificates in the sources that this runtime cannot parse, left out (shown by `certwatch doctor`). */
  readonly skipped: number;
}

/** One PEM block of the sources, parsed only when a lookup needs it (null: this runtime cannot parse it). */
interface Anchor {
  block: string;
  /** How often the sources hold this very block (each unparseable copy counts as skipped, as before). */
  copies: number;
  cert?: X509Certificate | null;
}

/**
 * The store parses lazily: building it only splits the PEM text and reads each anchor's subject name from its
 * DER (name-key.ts), so a check parses the few roots named like its chain, not the ~300 of Node and the OS.
 * Every answer is the one a store of all parsed anchors gives: candidates are narrowed by a key that names
 * printed alike always share, then compared by Node's own subject text as before.
 */
export function createTrustStore(pems: string[]): TrustStore {
  const anchors: Anchor[] = [];
  const byBody = new Map<string, Anchor>();
  for (const pem of pems) {
    for (const block of pem.match(PEM_BLOCK) ?? []) {
      // The same root from Node and from the OS: parsed once.
      const body = block.replace(/\s+/g, '');
      const seen = byBody.get(body);
      if (seen) seen.copies++;
      else {
        const anchor = { block, copies: 1 };
        byBody.set(body, anchor);
        anchors.push(anchor);
      }
    }
  }
  // Anchors by subject key, in source order; anchors whose name has no key are candidates for every lookup.
  let byKey: Map<string, number[]> | undefined;
  const unkeyed: number[] = [];
  const keyIndex = () => {
    if (byKey) return byKey;
    byKey = new Map();
    anchors.forEach((anchor, i) => {
      const der = derOf(anchor.block);
      const key = der && nameKey(der, 'subject');
      if (key === null) unkeyed.push(i);
      else if (byKey!.has(key)) byKey!.get(key)!.push(i);
      else byKey!.set(key, [i]);
    });
    return byKey;
  };
  const parsed = (anchor: Anchor): X509Certificate | null => {
    if (anchor.cert === undefined) {
      try {
        anchor.cert = new X509Certificate(anchor.block);
      } catch {
        anchor.cert = null;
      }
    }
    return anchor.cert;
  };
  /** Distinct parsed anchors with this exact subject text, in source order (what the full index holds). */
  const withSubject = (indices: Iterable<number>, subject: string): X509Certificate[] => {
    const out: X509Certificate[] = [];
    const fingerprints = new Set<string>();
    for (const i of [...indices].sort((a, b) => a - b)) {
      const cert = parsed(anchors[i]!);
      if (!cert || cert.subject !== subject || fingerprints.has(cert.fingerprint256)) continue;
      fingerprints.add(cert.fingerprint256);
      out.push(cert);
    }
    return out;
  };
  const named = (cert: X509Certificate, which: 'issuer' | 'subject'): X509Certificate[] => {
    const subject = which === 'issuer' ? cert.issuer : cert.subject;
    const key = nameKey(cert.raw, which);
    if (key === null) return withSubject(anchors.keys(), subject);
    return withSubject([...(keyIndex().get(key) ?? []), ...unkeyed], subject);
  };
  let full: { index: Map<string, X509Certificate[]>; size: number; skipped: number } | undefined;
  const everything = () => {
    if (full) return full;
    const index = new Map<string, X509Certificate[]>();
    const fingerprints = new Set<string>();
    let skipped = 0;
    for (const anchor of anchors) {
      const cert = parsed(anchor);
      if (!cert) skipped += anchor.copies;
      else if (!fingerprints.has(cert.fingerprint256)) {
        fingerprints.add(cert.fingerprint256);
        index.set(cert.subject, [...(index.get(cert.subject) ?? []), cert]);
      }
    }
    full = { index, size: fingerprints.size, skipped };
    return full;
  };
  // Keys are read lazily (and remembered): only a certificate named like a trusted one ever needs its key compared.
  const keyOf = new Map<string, string | null>();
  const cachedKey = (cert: X509Certificate) => {
    if (!keyOf.has(cert.fingerprint256)) {
      let key: string | null;
      try {
        key = anchorKey(cert);
      } catch {
        key = null; // A key the ASN.1 library cannot read matches nothing.
      }
      keyOf.set(cert.fingerprint256, key);
    }
    return keyOf.get(cert.fingerprint256) ?? null;
  };
  return {
    bySubject: (subject) => everything().index.get(subject) ?? [],
    issuersOf: (cert) => named(cert, 'issuer'),
    // A re-issued root with the same name and key is the same trust anchor (RFC 5280 trust anchors are name+key).
    isTrusted: (cert) => {
      const same = named(cert, 'subject');
      if (!same.length) return false;
      if (same.some((anchor) => anchor.fingerprint256 === cert.fingerprint256)) return true;
      const key = cachedKey(cert);
      return key !== null && same.some((anchor) => cachedKey(anchor) === key);
    },
    get size() {
      return everything().size;
    },
    get skipped() {
      return everything().skipped;
    },
  };
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The DER inside one PEM block, or null when it holds more than base64 (then it is compared with every lookup). */
function derOf(block: string): Uint8Array | null {
  const body = block.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '');
  return /^[A-Za-z0-9+/=\s]*$/.test(body) ? Buffer.from(body, 'base64') : null;
}

/** Name and key; the key is read from the ASN.1 so keys BoringSSL cannot load still compare. */
function anchorKey(cert: X509Certificate): string {
  return `${cert.subject}|${spkiDer(cert).toString('base64')}`;
}

/**
 * Each PEM block on its own: one certificate this runtime cannot parse (an OS store or a --ca bundle may hold
 * Ed448, brainpool or malformed ones) is skipped and counted, never allowed to take the others down.
 */
function parseAnchors(text: string): { certs: X509Certificate[]; skipped: number } {
  const blocks = text.match(PEM_BLOCK) ?? [];
  const certs: X509Certificate[] = [];
  let skipped = 0;
  for (const block of blocks) {
    try {
      certs.push(new X509Certificate(block));
    } catch {
      skipped++;
    }
  }
  return { certs, skipped };
}

type CaSource = (type: 'bundled' | 'system') => string[];

/**
 * The OS bundle files of the common Linux distributions (the list Go's crypto/x509 reads). On a runtime without
 * `tls.getCACertificates` (Node before 22.15/23.5) the first one present gives the CLI the roots the app sees.
 */
export const LINUX_CA_FILES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

export interface SystemRoots {
  pems: string[];
  /** Where they came from: 'runtime' (its own OS store reader), a bundle file's path, or null (none). */
  source: string | null;
}

/**
 * The OS store. Node 22.15+/23.5+ and Electron read it themselves (`getCACertificates('system')`: the macOS
 * keychain, the Windows store, OpenSSL's directory on Linux); older Node gets the distribution's bundle file, so
 * the CLI and the app trust the same roots on Linux. Node 20 on macOS/Windows has only its bundled roots.
 */
export function systemRoots(
  get: CaSource | null = (tls as unknown as { getCACertificates?: CaSource }).getCACertificates ?? null,
  files: readonly string[] = LINUX_CA_FILES,
): SystemRoots {
  if (get) {
    try {
      return { pems: get('system'), source: 'runtime' };
    } catch {
      return { pems: [], source: null };
    }
  }
  for (const file of files) {
    try {
      return { pems: [readFileSync(file, 'utf8')], source: file };
    } catch {
      // Not this distribution's path.
    }
  }
  return { pems: [], source: null };
}

let defaultStore: TrustStore | undefined;

export function defaultTrustStore(): TrustStore {
  defaultStore ??= createTrustStore([...tls.rootCertificates, ...systemRoots().pems]);
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
  const extra = parseAnchors(text);
  if (!extra.certs.length && extra.skipped)
    throw new Error(
      `The CA bundle ${path} holds ${extra.skipped} certificate(s), none of which this build of Certwatch can read.`,
    );
  if (!extra.certs.length) throw new Error(`The CA bundle ${path} contains no PEM certificates.`);
  return createTrustStore([...tls.rootCertificates, ...systemRoots().pems, text]);
}

export type PathEnd = 'trusted' | 'self-signed' | 'untrusted-root' | 'incomplete';

export interface CertPath {
  /** Leaf first, then each issuer; trust-store certificates that completed it are flagged. */
  certs: { cert: X509Certificate; fromTrustStore: boolean; sentIndex: number; fetched?: boolean }[];
  end: PathEnd;
  /** Sent certificates that are not on the path (superfluous or cross-signed extras). */
  unused: number[];
  /**
   * Positions in `certs` whose signature by the next certificate this runtime cannot check (an issuer key
   * BoringSSL cannot read). The link is kept so the verdict can say so, instead of calling the chain incomplete.
   */
  unchecked: number[];
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
  const unchecked: number[] = [];
  for (let depth = 0; depth < 10; depth++) {
    if (trust.isTrusted(current)) {
      end = 'trusted';
      break;
    }
    const picked = pickIssuer(current, trust.issuersOf(current), now);
    if (picked) {
      const anchor = picked.cert;
      if (!picked.checked) unchecked.push(certs.length - 1);
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
    const found = pickIssuer(
      current,
      candidates.map((c) => c.cert),
      now,
    );
    if (!found) {
      const fetchedIssuer = pickIssuer(
        current,
        fetched.filter((f) => !certs.some((c) => c.cert.fingerprint256 === f.fingerprint256)),
        now,
      );
      if (!fetchedIssuer) break;
      if (!fetchedIssuer.checked) unchecked.push(certs.length - 1);
      certs.push({ cert: fetchedIssuer.cert, fromTrustStore: false, sentIndex: -1, fetched: true });
      current = fetchedIssuer.cert;
      continue;
    }
    const next = found.cert;
    if (!found.checked) unchecked.push(certs.length - 1);
    const index = candidates.find((c) => c.cert === next)!.i;
    used.add(index);
    certs.push({ cert: next, fromTrustStore: false, sentIndex: index });
    current = next;
  }
  const unused = sent.map((_, i) => i).filter((i) => !used.has(i));
  return { certs, end, unused, unchecked };
}

/**
 * Among certificates that really signed `cert`, prefer one valid now, then the longest-lived. Only when none can be
 * confirmed, a same-named certificate whose signature this runtime cannot check is taken (checked: false).
 */
function pickIssuer(
  cert: X509Certificate,
  candidates: X509Certificate[],
  now: number,
): { cert: X509Certificate; checked: boolean } | undefined {
  const named = candidates.filter((c) => c.subject === cert.issuer);
  const validNow = (c: X509Certificate) => Date.parse(c.validFrom) <= now && now <= Date.parse(c.validTo);
  const best = (list: X509Certificate[]) =>
    list.sort(
      (a, b) => Number(validNow(b)) - Number(validNow(a)) || Date.parse(b.validTo) - Date.parse(a.validTo),
    )[0];
  const verified = best(named.filter((c) => safeVerify(cert, c)));
  if (verified) return { cert: verified, checked: true };
  // checkIssued also refuses an issuer without keyCertSign; one whose key made the signature is still the
  // issuer a client finds, and path-validation.ts names what is wrong with it instead of "not sent".
  const signer = best(named.filter((c) => signedBy(cert, c)));
  if (signer) return { cert: signer, checked: true };
  const unverifiable = best(named.filter((c) => safeVerify(cert, c, true)));
  return unverifiable ? { cert: unverifiable, checked: false } : undefined;
}

function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return checkSignature(cert, issuer) === 'valid';
  } catch {
    return false;
  }
}
