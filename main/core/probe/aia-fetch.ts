// Finds an issuer the server did not send, the way Chrome and Windows do: through the caIssuers URL in the
// certificate's Authority Information Access. Plain HTTP, a size cap, the target's deadline, a bounded number of
// fetches per path and a cache per URL, so a watchlist of sites under one CA fetches its intermediate once.
import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import * as px from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { id_pe_authorityInfoAccess } from '@peculiar/asn1-x509';
import { asnCertificate, CertExtensions } from './cert-extensions';
import { certsFromPem } from './certinfo';
import type { CertPath, TrustStore } from './trust';
import { buildPathOnce } from './path-memo';
import type { Fetcher } from './revocation/http';

/** An issuer certificate is about a kilobyte; a PKCS#7 bundle a few. Anything larger is not one. */
export const MAX_AIA_BYTES = 64 * 1024;
/** Issuers fetched per path: intermediate, maybe a cross-sign, maybe the root. */
export const MAX_AIA_FETCHES = 3;
const CACHE_LIMIT = 512;
const CACHE_TTL_MS = 24 * 3_600_000;
/** A URL that failed is not asked again for a while (every check of every site under that CA would). */
const FAILURE_TTL_MS = 10 * 60_000;

export interface IssuerCache {
  get(url: string, now: number): X509Certificate[] | Error | undefined;
  set(url: string, value: X509Certificate[] | Error, now: number): void;
}

export function createIssuerCache(): IssuerCache {
  const entries = new Map<string, { value: X509Certificate[] | Error; expires: number }>();
  return {
    get(url, now) {
      const hit = entries.get(url);
      if (!hit) return undefined;
      if (hit.expires <= now) {
        entries.delete(url);
        return undefined;
      }
      return hit.value;
    },
    set(url, value, now) {
      if (entries.size >= CACHE_LIMIT) entries.delete(entries.keys().next().value as string);
      entries.set(url, { value, expires: now + (value instanceof Error ? FAILURE_TTL_MS : CACHE_TTL_MS) });
    },
  };
}

export const sharedIssuerCache = createIssuerCache();

export interface AiaOptions {
  fetcher: Fetcher;
  signal: AbortSignal;
  now: number;
  cache?: IssuerCache;
  maxFetches?: number;
}

export interface FetchedIssuer {
  cert: X509Certificate;
  url: string;
}

/** caIssuers URLs (http only: RFC 5280 §4.2.2.1 says issuers are published over HTTP or LDAP). */
export function caIssuersUrls(cert: X509Certificate): string[] {
  try {
    const aia = new CertExtensions(asnCertificate(cert)).get(
      px.AuthorityInfoAccessExtension,
      id_pe_authorityInfoAccess,
    );
    return (aia?.caIssuers ?? [])
      .filter((n) => n.type === 'url' && /^http:\/\//i.test(n.value))
      .map((n) => n.value);
  } catch {
    return [];
  }
}

/** DER, PEM or a PKCS#7 certs-only bundle (.p7c), as CAs publish them; anything else gives none. */
export function parseIssuerBody(body: Buffer): X509Certificate[] {
  const text = body.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    try {
      return certsFromPem(text);
    } catch {
      return [];
    }
  }
  try {
    return [new X509Certificate(body)];
  } catch {
    // not a single DER certificate: try PKCS#7
  }
  try {
    const asn = asn1js.fromBER(new Uint8Array(body));
    if (asn.offset === -1) return [];
    const content = new pkijs.ContentInfo({ schema: asn.result });
    const signed = new pkijs.SignedData({ schema: content.content });
    return (signed.certificates ?? []).flatMap((c) =>
      c instanceof pkijs.Certificate ? [new X509Certificate(Buffer.from(c.toSchema().toBER(false)))] : [],
    );
  } catch {
    return [];
  }
}

/**
 * Fetches the missing issuers of the path built from what the server sent, until the path reaches the trust
 * store or a root, or the budget runs out. Never throws: a failed fetch just leaves the path incomplete.
 */
export async function fetchMissingIssuers(
  sent: X509Certificate[],
  trust: TrustStore,
  options: AiaOptions,
): Promise<FetchedIssuer[]> {
  return (await fetchIssuersAndPath(sent, trust, options)).fetched;
}

/**
 * The same, and the path built from `sent` and every issuer fetched at `options.now`, so the verdict does not
 * build it a second time (verdict.ts takes it as `path`).
 */
export async function fetchIssuersAndPath(
  sent: X509Certificate[],
  trust: TrustStore,
  options: AiaOptions,
): Promise<{ fetched: FetchedIssuer[]; path: CertPath }> {
  const cache = options.cache ?? sharedIssuerCache;
  const fetched: FetchedIssuer[] = [];
  const tried = new Set<string>();
  let budget = options.maxFetches ?? MAX_AIA_FETCHES;
  /** The path with the issuers fetched so far; stale once another one is added. */
  let path: CertPath | undefined;
  const current = () =>
    (path ??= buildPathOnce(
      sent,
      trust,
      options.now,
      fetched.map((f) => f.cert),
    ));
  while (budget > 0 && !options.signal.aborted) {
    if (current().end !== 'incomplete') break;
    const last = current().certs[current().certs.length - 1]!.cert;
    const url = caIssuersUrls(last).find((u) => !tried.has(u));
    if (!url) break;
    tried.add(url);
    let certs = cache.get(url, options.now);
    if (!certs) {
      budget--;
      try {
        const response = await options.fetcher({
          url,
          signal: options.signal,
          maxBytes: MAX_AIA_BYTES,
        });
        certs =
          response.status === 200 ? parseIssuerBody(response.body) : new Error(`HTTP ${response.status}`);
      } catch (error) {
        certs = error instanceof Error ? error : new Error(String(error));
      }
      cache.set(url, certs, options.now);
    }
    if (certs instanceof Error) continue;
    const known = new Set([...sent, ...fetched.map((f) => f.cert)].map((c) => c.fingerprint256));
    for (const cert of certs)
      if (!known.has(cert.fingerprint256)) {
        fetched.push({ cert, url });
        path = undefined;
      }
  }
  return { fetched, path: current() };
}
