// Revocation against a real local OCSP responder, real stapling by a TLS server and a real CRL server:
// good, revoked, unknown, badly signed, stale, unreachable and hung, and the CRL cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, type ProbeOptions } from '../../main/core/probe/probe';
import { createTrustStore } from '../../main/core/probe/trust';
import { parseTarget } from '../../main/core/probe/target';
import { createCrlCache } from '../../main/core/probe/revocation/crl';
import type { Lookup } from '../../main/core/probe/resolve';
import type { ProbeResult } from '../../main/shared/types';
import { DAY, makePki, mint, type Minted, type Pki } from '../fixtures/pki';
import { closedPort, startTlsServer, type Running } from '../fixtures/servers';
import {
  CRLReasons,
  certIdFor,
  ocspResponse,
  requestsFor,
  startOcspResponder,
  type OcspResponder,
  type OcspSpec,
} from '../fixtures/ocsp';
import { buildCrl, startCrlServer, type CrlServer } from '../fixtures/crl';

let pki: Pki;
let trust: ReturnType<typeof createTrustStore>;
let responder: OcspResponder;
let crls: CrlServer;
const servers: Running[] = [];
let seq = 0;

beforeAll(async () => {
  pki = await makePki('Revocation Test');
  trust = createTrustStore([pki.root.pem]);
  responder = await startOcspResponder();
  crls = await startCrlServer();
});
afterAll(async () => {
  await Promise.all([...servers.map((s) => s.close()), responder.close(), crls.close()]);
});

const NAME = 'site.example.test';
const lookup: Lookup = async (host) => {
  if (host === NAME) return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

async function serve(chain: Minted[], staple?: Buffer): Promise<Running> {
  const s = await startTlsServer({ chain, ...(staple ? { ocspStaple: staple } : {}) });
  servers.push(s);
  return s;
}

async function check(chain: Minted[], opts: ProbeOptions & { staple?: Buffer } = {}): Promise<ProbeResult> {
  const { staple, ...options } = opts;
  const s = await serve(chain, staple);
  const parsed = parseTarget(`${NAME}:${s.port}`);
  if (!parsed.ok) throw new Error(parsed.error);
  return probe(parsed.target, { trust, lookup, timeoutMs: 8000, crlCache: createCrlCache(), ...options });
}

/** A leaf whose AIA names the local responder, answered as `spec` says. */
async function ocspLeaf(spec: OcspSpec | { hang: true } | { httpStatus: number }, url = responder.url) {
  const leaf = await pki.leaf({
    cn: NAME,
    ocspUrl: url,
    serial: `0a${(++seq).toString(16).padStart(6, '0')}`,
  });
  responder.set(leaf, pki.intermediate, spec);
  return leaf;
}

/** CRLs carry UTCTime, whole seconds. */
const wholeSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);
const codes = (r: ProbeResult) => r.problems.map((p) => p.code);
const noteCodes = (r: ProbeResult) => r.notes.map((n) => n.code);

describe('OCSP from the responder the certificate names', () => {
  it('good: the check stays ok and says who answered', async () => {
    const leaf = await ocspLeaf({ status: 'good' });
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('ok');
    expect(r.problems).toEqual([]);
    expect(r.notes).toEqual([]);
    expect(r.revocation).toMatchObject({ method: 'ocsp', status: 'good', responderUrl: responder.url });
    expect(Date.parse(r.revocation!.nextUpdate!)).toBeGreaterThan(Date.now());
    expect(r.endpoints[0]!.revocation).toEqual(r.revocation);
    expect(requestsFor(responder, leaf)).toBe(1);
  });

  it('revoked: invalid, with the revocation date and reason, within the usual timeout', async () => {
    const revokedAt = new Date(Date.now() - 2 * DAY);
    const leaf = await ocspLeaf({ status: 'revoked', revokedAt, reason: CRLReasons.keyCompromise });
    const t0 = Date.now();
    const r = await check([leaf, pki.intermediate]);
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(r.status).toBe('invalid');
    expect(codes(r)).toEqual(['REVOKED']);
    expect(r.problems[0]!.message).toBe(
      `The issuer revoked this certificate on ${revokedAt.toISOString().slice(0, 10)} (key compromise); clients that check revocation refuse it.`,
    );
    expect(r.revocation).toMatchObject({
      method: 'ocsp',
      status: 'revoked',
      revokedAt: revokedAt.toISOString(),
      reason: 'keyCompromise',
    });
  });

  it('unknown: the status stays ok and a note says the responder does not know it', async () => {
    const leaf = await ocspLeaf({ status: 'unknown' });
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('ok');
    expect(r.revocation).toMatchObject({ method: 'ocsp', status: 'unknown' });
    expect(noteCodes(r)).toEqual(['REVOCATION_UNKNOWN']);
  });

  it('a response not signed by the issuer is not believed, even when it says revoked', async () => {
    const impostor = await mint({ cn: 'Revocation Test Intermediate CA', ca: true });
    const leaf = await ocspLeaf({ status: 'revoked', signer: impostor });
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('ok');
    expect(r.revocation).toMatchObject({ status: 'unavailable', method: 'ocsp' });
    expect(noteCodes(r)).toEqual(['OCSP_UNAVAILABLE']);
    expect(r.notes[0]!.message).toMatch(/not signed by the issuer or a responder it authorised/);
  });

  it('a corrupted signature is rejected', async () => {
    const leaf = await ocspLeaf({ status: 'good', badSignature: true });
    const r = await check([leaf, pki.intermediate]);
    expect(r.revocation?.status).toBe('unavailable');
    expect(r.revocation?.message).toMatch(/not signed by the issuer/);
  });

  it('a delegated responder certificate (id-kp-OCSPSigning, issued by the CA) is accepted', async () => {
    const delegate = await mint({
      cn: 'Revocation Test OCSP Responder',
      issuer: pki.intermediate,
      extendedKeyUsages: ['1.3.6.1.5.5.7.3.9'],
    });
    const leaf = await ocspLeaf({ status: 'revoked', signer: delegate, reason: CRLReasons.superseded });
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('invalid');
    expect(r.revocation).toMatchObject({ status: 'revoked', reason: 'superseded' });
  });

  it('a certificate of the CA without OCSP signing rights cannot answer for it', async () => {
    const other = await mint({ cn: 'Some Server', issuer: pki.intermediate });
    const leaf = await ocspLeaf({ status: 'revoked', signer: other });
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('ok');
    expect(r.revocation?.status).toBe('unavailable');
  });

  it('a stale response (nextUpdate passed) is not used', async () => {
    const leaf = await ocspLeaf({
      status: 'revoked',
      thisUpdate: new Date(Date.now() - 10 * DAY),
      nextUpdate: new Date(Date.now() - 3 * DAY),
    });
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('ok');
    expect(r.revocation).toMatchObject({ status: 'unavailable' });
    expect(r.notes[0]!.message).toMatch(/sent a response that is stale \(it was valid until/);
  });

  it('an error status from the responder (tryLater) is a soft failure', async () => {
    const leaf = await ocspLeaf({ status: 'good', errorStatus: 3 });
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('ok');
    expect(r.revocation?.message).toMatch(/is an error \(tryLater\)/);
  });

  it('an HTTP error from the responder is a soft failure', async () => {
    const leaf = await ocspLeaf({ httpStatus: 503 });
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('ok');
    expect(r.revocation?.message).toMatch(/answered HTTP 503/);
  });

  it('an unreachable responder never turns a good certificate into an error', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const leaf = await pki.leaf({ cn: NAME, ocspUrl: url });
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('ok');
    expect(r.problems).toEqual([]);
    expect(r.revocation).toMatchObject({ method: 'ocsp', status: 'unavailable', responderUrl: url });
    expect(r.notes).toEqual([
      {
        code: 'OCSP_UNAVAILABLE',
        message: `Revocation could not be checked with OCSP: the responder at ${url} refused the connection. Clients carry on in this case.`,
      },
    ]);
  });

  it('a responder whose name does not resolve is unavailable too', async () => {
    const leaf = await pki.leaf({ cn: NAME, ocspUrl: 'http://ocsp.nowhere.example.test/' });
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('ok');
    expect(r.revocation?.message).toMatch(/could not be resolved/);
  });

  it('a hung responder costs at most the revocation cap, not the whole timeout', async () => {
    const leaf = await ocspLeaf({ hang: true });
    const t0 = performance.now();
    const r = await check([leaf, pki.intermediate], { timeoutMs: 20_000, revocationTimeoutMs: 800 });
    const took = performance.now() - t0;
    expect(took).toBeLessThan(3000);
    expect(r.status).toBe('ok');
    expect(r.revocation).toMatchObject({ status: 'unavailable' });
    expect(r.revocation?.message).toMatch(/did not answer within 0\.8 s/);
  });

  it('is skipped when turned off: no request, no revocation field', async () => {
    const leaf = await ocspLeaf({ status: 'revoked' });
    const r = await check([leaf, pki.intermediate], { checkRevocation: false });
    expect(r.status).toBe('ok');
    expect(r.revocation).toBeUndefined();
    expect(requestsFor(responder, leaf)).toBe(0);
  });

  it('is not asked for an expired certificate or one without OCSP or CRL locations', async () => {
    const expired = await ocspLeaf({ status: 'good' });
    const r1 = await check([expired, pki.intermediate], { now: () => Date.now() + 200 * DAY });
    expect(r1.status).toBe('expired');
    expect(r1.revocation).toBeUndefined();
    expect(requestsFor(responder, expired)).toBe(0);
    const plain = await pki.leaf({ cn: NAME });
    expect((await check([plain, pki.intermediate])).revocation).toBeUndefined();
  });

  it('every address serving the same certificate shares one request', async () => {
    const leaf = await ocspLeaf({ status: 'good' });
    const a = await startTlsServer({ chain: [leaf, pki.intermediate], host: '127.0.0.1' });
    const b = await startTlsServer({ chain: [leaf, pki.intermediate], host: '127.0.0.2', port: a.port });
    servers.push(a, b);
    const parsed = parseTarget(`${NAME}:${a.port}`);
    if (!parsed.ok) throw new Error(parsed.error);
    const r = await probe(parsed.target, {
      trust,
      timeoutMs: 8000,
      lookup: async () => [
        { address: '127.0.0.1', family: 4 },
        { address: '127.0.0.2', family: 4 },
      ],
    });
    expect(r.endpoints.map((e) => e.revocation?.status)).toEqual(['good', 'good']);
    expect(requestsFor(responder, leaf)).toBe(1);
  });
});

describe('a stapled OCSP response', () => {
  it('is preferred: the responder is not asked', async () => {
    const leaf = await ocspLeaf({ status: 'revoked' });
    const staple = ocspResponse(certIdFor(leaf, pki.intermediate), pki.intermediate, { status: 'good' });
    const r = await check([leaf, pki.intermediate], { staple });
    expect(r.revocation).toMatchObject({ method: 'ocsp-stapled', status: 'good' });
    expect(r.revocation?.responderUrl).toBeUndefined();
    expect(requestsFor(responder, leaf)).toBe(0);
  });

  it('revoked in the staple is revoked', async () => {
    const leaf = await ocspLeaf({ status: 'good' });
    const staple = ocspResponse(certIdFor(leaf, pki.intermediate), pki.intermediate, {
      status: 'revoked',
      reason: CRLReasons.cessationOfOperation,
    });
    const r = await check([leaf, pki.intermediate], { staple });
    expect(r.status).toBe('invalid');
    expect(r.revocation).toMatchObject({
      method: 'ocsp-stapled',
      status: 'revoked',
      reason: 'cessationOfOperation',
    });
  });

  it('a stale staple is reported and the responder asked instead', async () => {
    const leaf = await ocspLeaf({ status: 'good' });
    const staple = ocspResponse(certIdFor(leaf, pki.intermediate), pki.intermediate, {
      status: 'good',
      thisUpdate: new Date(Date.now() - 9 * DAY),
      nextUpdate: new Date(Date.now() - 2 * DAY),
    });
    const r = await check([leaf, pki.intermediate], { staple });
    expect(r.status).toBe('ok');
    expect(r.revocation).toMatchObject({ method: 'ocsp', status: 'good' });
    expect(noteCodes(r)).toEqual(['OCSP_STAPLE_INVALID']);
    expect(r.notes[0]!.message).toMatch(/staples an OCSP response that is stale/);
    expect(requestsFor(responder, leaf)).toBe(1);
  });

  it('a staple about another certificate is not used', async () => {
    const leaf = await ocspLeaf({ status: 'good' });
    const other = await pki.leaf({ cn: 'other.example.test' });
    const staple = ocspResponse(certIdFor(other, pki.intermediate), pki.intermediate, { status: 'good' });
    const r = await check([leaf, pki.intermediate], { staple });
    expect(r.notes[0]!.message).toMatch(/is about a different certificate/);
    expect(r.revocation).toMatchObject({ method: 'ocsp', status: 'good' });
  });
});

describe('CRLs', () => {
  async function crlLeaf(name: string, extra: { ocspUrl?: string } = {}) {
    return pki.leaf({ cn: NAME, crlUrl: crls.url(name), ...extra });
  }

  it('good when the serial is not listed; the CRL is kept until its nextUpdate', async () => {
    const leaf = await crlLeaf('good.crl');
    const nextUpdate = wholeSeconds(Date.now() + 2 * DAY);
    crls.publish('good.crl', await buildCrl({ issuer: pki.intermediate, nextUpdate }));
    const crlCache = createCrlCache();
    const r = await check([leaf, pki.intermediate], { crlCache });
    expect(r.status).toBe('ok');
    expect(r.revocation).toMatchObject({
      method: 'crl',
      status: 'good',
      responderUrl: crls.url('good.crl'),
      nextUpdate: nextUpdate.toISOString(),
    });
    await check([leaf, pki.intermediate], { crlCache });
    await check([leaf, pki.intermediate], { crlCache, now: () => Date.now() + DAY });
    expect(crls.hits('good.crl')).toBe(1);
    // Past nextUpdate the CRL is downloaded again (the CA has published a newer one by then).
    crls.publish(
      'good.crl',
      await buildCrl({ issuer: pki.intermediate, nextUpdate: new Date(Date.now() + 9 * DAY) }),
    );
    const later = await check([leaf, pki.intermediate], { crlCache, now: () => Date.now() + 3 * DAY });
    expect(later.revocation?.status).toBe('good');
    expect(crls.hits('good.crl')).toBe(2);
  });

  it('revoked when the serial is listed, with date and reason', async () => {
    const leaf = await crlLeaf('revoked.crl');
    const date = wholeSeconds(Date.now() - 5 * DAY);
    crls.publish(
      'revoked.crl',
      await buildCrl({
        issuer: pki.intermediate,
        revoked: [{ cert: await pki.leaf({ cn: 'x.example.test' }) }, { cert: leaf, date, reason: 1 }],
      }),
    );
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('invalid');
    expect(codes(r)).toEqual(['REVOKED']);
    expect(r.revocation).toMatchObject({
      method: 'crl',
      status: 'revoked',
      revokedAt: date.toISOString(),
      reason: 'keyCompromise',
    });
  });

  it('a CRL signed by another key is not believed', async () => {
    const leaf = await crlLeaf('forged.crl');
    crls.publish(
      'forged.crl',
      await buildCrl({ issuer: pki.intermediate, revoked: [{ cert: leaf }], forged: true }),
    );
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('ok');
    expect(r.revocation).toMatchObject({ method: 'crl', status: 'unavailable' });
    expect(noteCodes(r)).toEqual(['CRL_UNAVAILABLE']);
    expect(r.notes[0]!.message).toMatch(/is not signed by the issuer/);
  });

  it('a stale CRL is not used and not kept', async () => {
    const leaf = await crlLeaf('stale.crl');
    crls.publish(
      'stale.crl',
      await buildCrl({
        issuer: pki.intermediate,
        revoked: [{ cert: leaf }],
        thisUpdate: new Date(Date.now() - 10 * DAY),
        nextUpdate: new Date(Date.now() - DAY),
      }),
    );
    const crlCache = createCrlCache();
    const r = await check([leaf, pki.intermediate], { crlCache });
    expect(r.status).toBe('ok');
    expect(r.revocation?.message).toMatch(/is stale/);
    await check([leaf, pki.intermediate], { crlCache });
    expect(crls.hits('stale.crl')).toBe(2);
  });

  it('a missing CRL (404) is a soft failure', async () => {
    const leaf = await crlLeaf('missing.crl');
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('ok');
    expect(r.revocation?.message).toMatch(/answered HTTP 404/);
  });

  it('when the OCSP responder is down, the CRL still tells a revoked certificate', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const leaf = await crlLeaf('fallback.crl', { ocspUrl: url });
    crls.publish('fallback.crl', await buildCrl({ issuer: pki.intermediate, revoked: [{ cert: leaf }] }));
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('invalid');
    expect(r.revocation).toMatchObject({ method: 'crl', status: 'revoked' });
  });

  it('a hung responder leaves half the budget for the CRL', async () => {
    const leaf = await pki.leaf({ cn: NAME, ocspUrl: responder.url, crlUrl: crls.url('after-hang.crl') });
    responder.set(leaf, pki.intermediate, { hang: true });
    crls.publish('after-hang.crl', await buildCrl({ issuer: pki.intermediate, revoked: [{ cert: leaf }] }));
    const t0 = performance.now();
    const r = await check([leaf, pki.intermediate], { revocationTimeoutMs: 1000 });
    expect(performance.now() - t0).toBeLessThan(2500);
    expect(r.status).toBe('invalid');
    expect(r.revocation).toMatchObject({ method: 'crl', status: 'revoked' });
  });

  it('an ldap:// distribution point is not fetched, and says so', async () => {
    const leaf = await pki.leaf({
      cn: NAME,
      crlUrl: 'ldap:///CN=Revocation%20Test,CN=CDP?certificateRevocationList',
    });
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('ok');
    expect(r.revocation).toMatchObject({ method: 'crl', status: 'unavailable' });
    expect(r.revocation?.message).toMatch(/locations Certwatch cannot fetch \(such as ldap:\/\/\)/);
  });

  it('OCSP good is enough: the CRL is not downloaded', async () => {
    const leaf = await pki.leaf({ cn: NAME, ocspUrl: responder.url, crlUrl: crls.url('unused.crl') });
    responder.set(leaf, pki.intermediate, { status: 'good' });
    const r = await check([leaf, pki.intermediate]);
    expect(r.revocation).toMatchObject({ method: 'ocsp', status: 'good' });
    expect(crls.hits('unused.crl')).toBe(0);
  });
});
