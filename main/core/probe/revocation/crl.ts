// CRLs (RFC 5280): downloads the issuer's list once and keeps it until its nextUpdate, checks it is signed
// by the issuer and current, then looks the leaf's serial number up in it.
import 'reflect-metadata';
import type { X509Certificate } from 'node:crypto';
import * as px from '@peculiar/x509';
import { CLOCK_SKEW_MS } from './ocsp';
import { reasonName } from './reasons';
import type { Fetcher } from './http';

/** Public CAs' CRLs are kilobytes to a few MB; anything larger is someone else's file. */
export const MAX_CRL_BYTES = 20 * 1024 * 1024;

interface CachedCrl {
  crl: px.X509Crl;
  /** Issuers (by fingerprint) whose key verified this CRL, so a large list is verified once. */
  verifiedBy: Set<string>;
}

/** CRLs by URL while they are current, and one shared download per URL while it is in flight. */
export interface CrlCache {
  get(url: string, now: number, download: () => Promise<px.X509Crl>): Promise<CachedCrl>;
}

/** Bounded (least recently used goes first); a CRL without nextUpdate is not kept. */
export function createCrlCache(limit = 32): CrlCache {
  const entries = new Map<string, CachedCrl>();
  const inFlight = new Map<string, Promise<CachedCrl>>();
  return {
    get(url, now, download) {
      const hit = entries.get(url);
      const next = hit?.crl.nextUpdate?.getTime();
      if (hit && next !== undefined && now < next) {
        entries.delete(url);
        entries.set(url, hit);
        return Promise.resolve(hit);
      }
      entries.delete(url);
      let pending = inFlight.get(url);
      if (!pending) {
        pending = download().then((crl) => {
          const entry: CachedCrl = { crl, verifiedBy: new Set() };
          const nextUpdate = crl.nextUpdate?.getTime();
          if (nextUpdate !== undefined && nextUpdate > now) {
            entries.set(url, entry);
            if (entries.size > limit) entries.delete(entries.keys().next().value as string);
          }
          return entry;
        });
        const shared = pending;
        inFlight.set(url, shared);
        void shared.then(
          () => inFlight.delete(url),
          () => inFlight.delete(url),
        );
      }
      return pending;
    },
  };
}

/** Shared by every probe in the process: one CRL serves every certificate of that CA. */
export const sharedCrlCache = createCrlCache();

export type CrlAnswer =
  | {
      ok: true;
      status: 'good' | 'revoked';
      revokedAt?: string;
      reason?: string;
      thisUpdate: string;
      nextUpdate?: string;
    }
  /** `why` completes "the CRL at URL …". */
  | { ok: false; why: string };

export interface CrlCheck {
  leaf: X509Certificate;
  issuer: X509Certificate;
  url: string;
  fetcher: Fetcher;
  signal: AbortSignal;
  now: number;
  cache: CrlCache;
}

export async function checkCrl(check: CrlCheck): Promise<CrlAnswer> {
  const { leaf, issuer, url, now } = check;
  let entry: CachedCrl;
  try {
    entry = await check.cache.get(url, now, async () => {
      const response = await check.fetcher({ url, signal: check.signal, maxBytes: MAX_CRL_BYTES });
      if (response.status !== 200) throw new CrlError(`answered HTTP ${response.status}`);
      try {
        return new px.X509Crl(new Uint8Array(response.body));
      } catch {
        throw new CrlError('is not a CRL (it could not be decoded)');
      }
    });
  } catch (error) {
    if (error instanceof CrlError) return { ok: false, why: error.message };
    throw error;
  }
  const { crl } = entry;
  if (!entry.verifiedBy.has(issuer.fingerprint256)) {
    const issuerCert = new px.X509Certificate(issuer.raw);
    let valid = false;
    try {
      valid = crl.issuer === issuerCert.subject && (await crl.verify({ publicKey: issuerCert }));
    } catch {
      valid = false;
    }
    if (!valid) return { ok: false, why: 'is not signed by the issuer of the certificate' };
    entry.verifiedBy.add(issuer.fingerprint256);
  }
  const thisUpdate = crl.thisUpdate;
  const nextUpdate = crl.nextUpdate;
  if (thisUpdate.getTime() > now + CLOCK_SKEW_MS)
    return { ok: false, why: "is dated in the future; check this computer's clock" };
  if (nextUpdate && nextUpdate.getTime() < now - CLOCK_SKEW_MS)
    return { ok: false, why: `is stale (it was valid until ${nextUpdate.toISOString().slice(0, 10)})` };
  const window = {
    thisUpdate: thisUpdate.toISOString(),
    ...(nextUpdate ? { nextUpdate: nextUpdate.toISOString() } : {}),
  };
  const revoked = crl.findRevoked(leaf.serialNumber);
  if (!revoked) return { ok: true, status: 'good', ...window };
  const reason = reasonName(revoked.reason);
  return {
    ok: true,
    status: 'revoked',
    revokedAt: revoked.revocationDate.toISOString(),
    ...(reason ? { reason } : {}),
    ...window,
  };
}

class CrlError extends Error {}
