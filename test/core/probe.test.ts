// Every verdict comes from a real TLS handshake with a loopback server serving certificates minted here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, probeMany } from '../../main/core/probe/probe';
import { createTrustStore } from '../../main/core/probe/trust';
import { parseTarget } from '../../main/core/probe/target';
import type { Lookup } from '../../main/core/probe/resolve';
import type { ProbeResult, Target } from '../../main/shared/types';
import { makePki, mint, type Minted, type Pki } from '../fixtures/pki';
import {
  closedPort,
  startHungServer,
  startPlainHttpServer,
  startResetServer,
  startTlsServer,
  type Running,
} from '../fixtures/servers';

let pki: Pki;
let trust: ReturnType<typeof createTrustStore>;
const servers: Running[] = [];

beforeAll(async () => {
  pki = await makePki();
  trust = createTrustStore([pki.root.pem]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** Names resolve only through this map: tests never ask the machine's resolver. */
function lookupFrom(map: Record<string, string[]>): Lookup {
  return async (host) => {
    const addrs = map[host];
    if (!addrs) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addrs.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

async function serve(chain: Minted[], host = '127.0.0.1'): Promise<Running> {
  const s = await startTlsServer({ chain, host });
  servers.push(s);
  return s;
}

function target(input: string, extra: Partial<Target> = {}): Target {
  const parsed = parseTarget(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return { ...parsed.target, ...extra };
}

/** Serves `chain` and probes it under `name`, which resolves to the server's address. */
async function check(
  chain: Minted[],
  name = 'site.example.test',
  opts: Parameters<typeof probe>[1] = {},
): Promise<ProbeResult> {
  const s = await serve(chain);
  return probe(target(`${name}:${s.port}`), {
    trust,
    lookup: lookupFrom({ [name]: ['127.0.0.1'] }),
    timeoutMs: 5000,
    ...opts,
  });
}

const codes = (r: ProbeResult) => r.problems.map((p) => p.code).sort();

describe('a healthy certificate', () => {
  it('is ok and describes every certificate the server sent', async () => {
    const leaf = await pki.leaf({
      cn: 'site.example.test',
      toDays: 80.5,
      ocspUrl: 'http://ocsp.example.test/',
      crlUrl: 'http://crl.example.test/ca.crl',
    });
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('ok');
    expect(r.problems).toEqual([]);
    expect(r.daysLeft).toBe(80);
    expect(r.notAfter).toBe(leaf.cert.notAfter.toISOString());
    expect(r.endpoints).toHaveLength(1);
    expect(r.tls?.protocol).toBe('TLSv1.3');
    expect(r.tls?.cipher).toMatch(/^TLS_/);
    expect(r.chain.map((c) => [c.role, c.fromTrustStore])).toEqual([
      ['leaf', false],
      ['intermediate', false],
      ['root', true],
    ]);
    const [l, i] = r.chain;
    expect(l).toMatchObject({
      subject: 'CN=site.example.test',
      issuer: 'CN=Certwatch Test Intermediate CA',
      sans: ['DNS:site.example.test'],
      keyType: 'EC prime256v1',
      keySize: 256,
      signatureAlgorithm: 'ecdsa-with-SHA256',
      isCA: false,
      ocspUrls: ['http://ocsp.example.test/'],
      crlUrls: ['http://crl.example.test/ca.crl'],
    });
    expect(l!.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(l!.serialNumber).toMatch(/^[0-9A-F]+$/);
    expect(l!.pem).toContain('BEGIN CERTIFICATE');
    expect(i!.isCA).toBe(true);
    expect(r.chainEarliestNotAfter).toBe(leaf.cert.notAfter.toISOString());
  });

  it('reports RSA keys and far-future (GeneralizedTime) dates', async () => {
    const leaf = await pki.leaf({
      cn: 'rsa.example.test',
      key: { type: 'rsa', bits: 2048 },
      notAfter: new Date('2060-06-01T00:00:00Z'),
    });
    const r = await check([leaf, pki.intermediate], 'rsa.example.test');
    expect(r.status).toBe('ok');
    expect(r.notAfter).toBe('2060-06-01T00:00:00.000Z');
    expect(r.chain[0]).toMatchObject({
      keyType: 'RSA',
      keySize: 2048,
      signatureAlgorithm: 'ecdsa-with-SHA256',
    });
    expect(r.daysLeft).toBeGreaterThan(365 * 30);
  });

  it('matches wildcard names one label deep only', async () => {
    const leaf = await pki.leaf({ cn: '*.wild.example.test' });
    const s = await serve([leaf, pki.intermediate]);
    const lookup = lookupFrom({
      'a.wild.example.test': ['127.0.0.1'],
      'a.b.wild.example.test': ['127.0.0.1'],
    });
    const one = await probe(target(`a.wild.example.test:${s.port}`), { trust, lookup });
    const two = await probe(target(`a.b.wild.example.test:${s.port}`), { trust, lookup });
    expect(one.status).toBe('ok');
    expect(two.status).toBe('invalid');
    expect(codes(two)).toEqual(['HOSTNAME_MISMATCH']);
  });

  it('checks an IP literal against IP SANs and sends no SNI', async () => {
    const leaf = await pki.leaf({ cn: 'by-ip', sans: ['127.0.0.1'] });
    const s = await serve([leaf, pki.intermediate]);
    const r = await probe(target(`127.0.0.1:${s.port}`), { trust });
    expect(r.status).toBe('ok');
    expect(r.chain[0]!.sans).toEqual(['IP:127.0.0.1']);
  });

  it('works over IPv6 loopback', async () => {
    const leaf = await pki.leaf({ cn: 'v6.example.test', sans: ['v6.example.test', '::1'] });
    const s = await serve([leaf, pki.intermediate], '::1');
    const byLiteral = await probe(target(`[::1]:${s.port}`), { trust });
    expect(byLiteral.status).toBe('ok');
    expect(byLiteral.endpoints[0]).toMatchObject({ address: '::1', family: 6 });
    const byName = await probe(target(`v6.example.test:${s.port}`), {
      trust,
      lookup: lookupFrom({ 'v6.example.test': ['::1'] }),
    });
    expect(byName.status).toBe('ok');
  });

  it('probes an internationalised name by its punycode form', async () => {
    const leaf = await pki.leaf({ cn: 'xn--bcher-kva.example.test' });
    const s = await serve([leaf, pki.intermediate]);
    const t = target(`bücher.example.test:${s.port}`);
    expect(t.host).toBe('xn--bcher-kva.example.test');
    const r = await probe(t, { trust, lookup: lookupFrom({ 'xn--bcher-kva.example.test': ['127.0.0.1'] }) });
    expect(r.status).toBe('ok');
  });

  it('uses the SNI override to pick and check the certificate', async () => {
    const fallback = await pki.leaf({ cn: 'default.example.test' });
    const named = await pki.leaf({ cn: 'named.example.test' });
    const s = await startTlsServer({
      chain: [fallback, pki.intermediate],
      sni: { 'named.example.test': { chain: [named, pki.intermediate] } },
    });
    servers.push(s);
    const r = await probe(target(`127.0.0.1:${s.port}`, { sni: 'named.example.test' }), { trust });
    expect(r.status).toBe('ok');
    expect(r.chain[0]!.subject).toBe('CN=named.example.test');
  });
});

describe('expiry', () => {
  it('warns inside the warning window and is critical inside the critical one', async () => {
    // 90-day certificates: a shorter life runs on the lifetime clock (expiry-standing.ts).
    const soon = await check([
      await pki.leaf({ cn: 'site.example.test', fromDays: -69.5, toDays: 20.5 }),
      pki.intermediate,
    ]);
    expect(soon).toMatchObject({ status: 'warning', daysLeft: 20, problems: [] });
    const sooner = await check([
      await pki.leaf({ cn: 'site.example.test', fromDays: -86.5, toDays: 3.5 }),
      pki.intermediate,
    ]);
    expect(sooner).toMatchObject({ status: 'critical', daysLeft: 3 });
  });

  it('honours custom thresholds', async () => {
    // A year-long certificate: longer than twice the 60-day warning threshold, so the thresholds apply as given.
    const leaf = await pki.leaf({ cn: 'site.example.test', fromDays: -319.5, toDays: 45.5 });
    const r = await check([leaf, pki.intermediate], 'site.example.test', {
      thresholds: { warningDays: 60, criticalDays: 50 },
    });
    expect(r.status).toBe('critical');
  });

  it('reports EXPIRED and, unlike OpenSSL, the name mismatch too', async () => {
    const leaf = await pki.leaf({ cn: 'other.example.test', fromDays: -100, toDays: -2.5 });
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('expired');
    // 2.5 days since expiry: 2 whole days, as every surface counts them.
    expect(r.daysLeft).toBe(-2);
    expect(codes(r)).toEqual(['EXPIRED', 'HOSTNAME_MISMATCH']);
    expect(r.problems.find((p) => p.code === 'EXPIRED')!.message).toMatch(/expired on \d{4}-\d{2}-\d{2}/);
    expect(r.problems.find((p) => p.code === 'HOSTNAME_MISMATCH')!.message).toContain('other.example.test');
  });

  it('reports NOT_YET_VALID', async () => {
    const r = await check([
      await pki.leaf({ cn: 'site.example.test', fromDays: 3, toDays: 90 }),
      pki.intermediate,
    ]);
    expect(r.status).toBe('invalid');
    expect(codes(r)).toEqual(['NOT_YET_VALID']);
  });

  it('follows an intermediate that expires before the leaf (CHAIN_EXPIRING)', async () => {
    const inter = await mint({ cn: 'Short Intermediate', ca: true, issuer: pki.root, toDays: 5.5 });
    const leaf = await mint({ cn: 'site.example.test', issuer: inter, toDays: 80 });
    const r = await check([leaf, inter]);
    expect(r.status).toBe('critical');
    expect(r.daysLeft).toBe(79);
    expect(r.chainEarliestNotAfter).toBe(inter.cert.notAfter.toISOString());
    expect(codes(r)).toEqual(['CHAIN_EXPIRING']);
    expect(r.problems[0]!.message).toContain('Short Intermediate');
  });

  it('reports an expired intermediate as CHAIN_EXPIRED', async () => {
    const inter = await mint({
      cn: 'Dead Intermediate',
      ca: true,
      issuer: pki.root,
      fromDays: -400,
      toDays: -1,
    });
    const leaf = await mint({ cn: 'site.example.test', issuer: inter, toDays: 80 });
    const r = await check([leaf, inter]);
    expect(r.status).toBe('expired');
    expect(codes(r)).toEqual(['CHAIN_EXPIRED']);
  });
});

describe('trust', () => {
  it('reports SELF_SIGNED', async () => {
    const r = await check([await mint({ cn: 'site.example.test' })]);
    expect(r.status).toBe('invalid');
    expect(codes(r)).toEqual(['SELF_SIGNED']);
  });

  it('trusts a self-signed certificate the user added as a CA', async () => {
    const self = await mint({ cn: 'site.example.test' });
    const r = await check([self], 'site.example.test', { trust: createTrustStore([self.pem]) });
    expect(r.status).toBe('ok');
  });

  it('reports UNTRUSTED_ROOT when the chain ends at a root nobody trusts', async () => {
    const other = await makePki('Rogue');
    const leaf = await other.leaf({ cn: 'site.example.test' });
    const r = await check([leaf, other.intermediate, other.root]);
    expect(codes(r)).toEqual(['UNTRUSTED_ROOT']);
    expect(r.problems[0]!.message).toContain('Rogue Root CA');
  });

  it('reports INCOMPLETE_CHAIN when the intermediate is missing', async () => {
    const r = await check([await pki.leaf({ cn: 'site.example.test' })]);
    expect(r.status).toBe('invalid');
    expect(codes(r)).toEqual(['INCOMPLETE_CHAIN']);
    expect(r.problems[0]!.message).toContain('Certwatch Test Intermediate CA');
  });

  it('reports the chain as sent even when misordered, with a note', async () => {
    const leaf = await pki.leaf({ cn: 'site.example.test' });
    const r = await check([leaf, pki.root, pki.intermediate]);
    expect(r.status).toBe('ok');
    expect(r.chain.map((c) => c.subject)).toEqual([
      'CN=site.example.test',
      'CN=Certwatch Test Root CA',
      'CN=Certwatch Test Intermediate CA',
    ]);
    expect(r.notes.map((n) => n.code).sort()).toEqual(['CHAIN_ORDER', 'SENT_ROOT']);
  });

  it('notes an expired cross-signed root the server still sends instead of calling the site expired (AddTrust 2020)', async () => {
    const oldRoot = await mint({ cn: 'Old AddTrust Root', ca: true, fromDays: -7000, toDays: 3650 });
    // The current root, cross-signed by the old one with the same key, expired yesterday.
    const cross = await mint({
      cn: 'Certwatch Test Root CA',
      ca: true,
      issuer: oldRoot,
      keys: pki.root.keys,
      fromDays: -3000,
      toDays: -1,
    });
    const unrelated = await mint({ cn: 'Unrelated CA', ca: true });
    const leaf = await pki.leaf({ cn: 'site.example.test', toDays: 200 });
    const r = await check([leaf, pki.intermediate, cross, unrelated]);
    expect(r.status).toBe('ok');
    expect(r.problems).toEqual([]);
    expect(r.chainEarliestNotAfter).toBe(leaf.cert.notAfter.toISOString());
    const extras = r.notes.filter((n) => n.code === 'EXTRA_CERTIFICATE');
    expect(extras).toHaveLength(2);
    expect(extras[0]!.message).toMatch(/expired on/);
    expect(r.chain.filter((c) => c.role === 'extra').map((c) => c.subject)).toEqual([
      'CN=Certwatch Test Root CA',
      'CN=Unrelated CA',
    ]);
  });
});

describe('weak cryptography', () => {
  it('reports WEAK_KEY for 1024-bit RSA', async () => {
    const leaf = await pki.leaf({ cn: 'site.example.test', key: { type: 'rsa', bits: 1024 } });
    const r = await check([leaf, pki.intermediate]);
    expect(r.status).toBe('invalid');
    expect(codes(r)).toEqual(['WEAK_KEY']);
    expect(r.problems[0]!.message).toContain('1024-bit RSA');
  });

  it('reports WEAK_SIGNATURE for SHA-1', async () => {
    const leaf = await mint({
      cn: 'site.example.test',
      issuer: await mint({ cn: 'SHA1 CA', ca: true, issuer: pki.root, key: { type: 'rsa' } }),
      hash: 'SHA-1',
      key: { type: 'rsa' },
    });
    const inter = leaf.spec.issuer!;
    const r = await check([leaf, inter]);
    expect(r.status).toBe('invalid');
    expect(codes(r)).toEqual(['WEAK_SIGNATURE']);
    expect(r.chain[0]!.signatureAlgorithm).toBe('sha1WithRSAEncryption');
  });
});

describe('several addresses behind one name', () => {
  it('reports ENDPOINT_MISMATCH when one node serves a stale certificate', async () => {
    const fresh = await pki.leaf({ cn: 'lb.example.test', toDays: 90 });
    const stale = await pki.leaf({ cn: 'lb.example.test', fromDays: -85.5, toDays: 4.5 });
    const a = await serve([fresh, pki.intermediate], '127.0.0.1');
    // The same port on a second loopback address, like two nodes behind one name.
    const b = await startTlsServer({ chain: [stale, pki.intermediate], host: '127.0.0.2', port: a.port });
    servers.push(b);
    const lookup = lookupFrom({ 'lb.example.test': ['127.0.0.1', '127.0.0.2'] });
    const r = await probe(target(`lb.example.test:${a.port}`), { trust, lookup });
    expect(r.endpoints.map((e) => [e.address, e.status, e.daysLeft])).toEqual([
      ['127.0.0.1', 'ok', 89],
      ['127.0.0.2', 'critical', 4],
    ]);
    expect(r.status).toBe('critical');
    expect(r.daysLeft).toBe(4);
    expect(codes(r)).toEqual(['ENDPOINT_MISMATCH']);
    expect(r.problems[0]!.message).toMatch(/127\.0\.0\.1.*127\.0\.0\.2/);
    expect(r.chain[0]!.fingerprint256).toBe(r.endpoints[1]!.fingerprint256);
  });

  it('says ENDPOINT_MISMATCH (a warning) even when both certificates are healthy', async () => {
    const one = await pki.leaf({ cn: 'lb2.example.test', toDays: 90 });
    const two = await pki.leaf({ cn: 'lb2.example.test', toDays: 91 });
    const a = await serve([one, pki.intermediate], '127.0.0.1');
    servers.push(await startTlsServer({ chain: [two, pki.intermediate], host: '127.0.0.2', port: a.port }));
    const r = await probe(target(`lb2.example.test:${a.port}`), {
      trust,
      lookup: lookupFrom({ 'lb2.example.test': ['127.0.0.1', '127.0.0.2'] }),
    });
    expect(r.status).toBe('warning');
    expect(codes(r)).toEqual(['ENDPOINT_MISMATCH']);
  });
});

describe('failures become error results within the deadline', () => {
  it('TIMEOUT: a server that accepts TCP and never answers', async () => {
    const hung = await startHungServer();
    servers.push(hung);
    const t0 = Date.now();
    const r = await probe(target(`127.0.0.1:${hung.port}`), { trust, timeoutMs: 1500 });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r.status).toBe('error');
    expect(codes(r)).toEqual(['TIMEOUT']);
    expect(r.problems[0]!.message).toMatch(/did not complete a TLS handshake within 1.5 s/);
  });

  it('REFUSED: a closed port', async () => {
    const port = await closedPort();
    const r = await probe(target(`127.0.0.1:${port}`), { trust, timeoutMs: 3000 });
    expect(r).toMatchObject({ status: 'error', daysLeft: null });
    expect(codes(r)).toEqual(['REFUSED']);
  });

  it('RESET: a server that resets the connection', async () => {
    const s = await startResetServer();
    servers.push(s);
    const r = await probe(target(`127.0.0.1:${s.port}`), { trust, timeoutMs: 3000 });
    expect(codes(r)).toEqual(['RESET']);
  });

  it('NOT_TLS: a plain HTTP port', async () => {
    const s = await startPlainHttpServer();
    servers.push(s);
    const r = await probe(target(`127.0.0.1:${s.port}`), { trust, timeoutMs: 3000 });
    expect(r.status).toBe('error');
    expect(codes(r)).toEqual(['NOT_TLS']);
  });

  it('DNS: a name that does not resolve', async () => {
    const r = await probe(target('nowhere.example.test'), { trust, lookup: lookupFrom({}) });
    expect(r).toMatchObject({ status: 'error', endpoints: [] });
    expect(codes(r)).toEqual(['DNS']);
    expect(r.problems[0]!.message).toContain('nowhere.example.test');
  });

  it('one hung target does not hold up the others', async () => {
    const hung = await startHungServer();
    servers.push(hung);
    const leaf = await pki.leaf({ cn: 'fast.example.test', sans: ['127.0.0.1'] });
    const good = await serve([leaf, pki.intermediate]);
    const finished: string[] = [];
    const t0 = Date.now();
    const results = await probeMany([target(`127.0.0.1:${hung.port}`), target(`127.0.0.1:${good.port}`)], {
      trust,
      timeoutMs: 2000,
      concurrency: 2,
      onResult: (r) => finished.push(`${r.status}@${Date.now() - t0 < 1000 ? 'fast' : 'slow'}`),
    });
    expect(finished).toEqual(['ok@fast', 'error@slow']);
    expect(results.map((r) => r.status)).toEqual(['error', 'ok']);
  });

  it('hung targets give up their slot: the healthy ones behind them finish before any timeout', async () => {
    const hung = await startHungServer();
    servers.push(hung);
    const leaf = await pki.leaf({ cn: 'queue.example.test', sans: ['127.0.0.1'] });
    const good = await serve([leaf, pki.intermediate]);
    // One slot, four hung targets first: without parking the good ones would wait for four timeouts in a row.
    const list = [
      ...Array.from({ length: 4 }, () => target(`127.0.0.1:${hung.port}`)),
      ...Array.from({ length: 4 }, () => target(`127.0.0.1:${good.port}`)),
    ];
    const order: string[] = [];
    const results = await probeMany(list, {
      trust,
      timeoutMs: 3000,
      concurrency: 1,
      parkAfterMs: 100,
      onResult: (r) => order.push(r.status),
    });
    expect(order).toEqual(['ok', 'ok', 'ok', 'ok', 'error', 'error', 'error', 'error']);
    expect(results.map((r) => r.problems[0]?.code ?? 'none')).toEqual([
      ...Array(4).fill('TIMEOUT'),
      ...Array(4).fill('none'),
    ]);
  });

  it('never has more targets open than maxOpen, parked ones included', async () => {
    const hung = await startHungServer();
    servers.push(hung);
    const list = Array.from({ length: 3 }, () => target(`127.0.0.1:${hung.port}`));
    const done: number[] = [];
    const t0 = Date.now();
    await probeMany(list, {
      trust,
      timeoutMs: 600,
      concurrency: 1,
      maxOpen: 1,
      parkAfterMs: 50,
      onResult: () => done.push(Date.now() - t0),
    });
    // One at a time despite parking: each starts when the one before has timed out.
    expect(done[2]! - done[0]!).toBeGreaterThanOrEqual(1000);
  });
});
