// HTTPS targets through a real local CONNECT proxy (with basic auth), NO_PROXY, and OCSP fetched through it;
// plus how settings, the environment and Electron's PAC-style answer become a proxy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, type ProbeOptions } from '../../main/core/probe/probe';
import { createTrustStore } from '../../main/core/probe/trust';
import { parseTarget } from '../../main/core/probe/target';
import { bypassesProxy, proxyFromPac, proxySettings, type ProxySettings } from '../../main/core/probe/proxy';
import type { Lookup } from '../../main/core/probe/resolve';
import type { ProbeResult } from '../../main/shared/types';
import { makePki, type Pki } from '../fixtures/pki';
import { closedPort, startStarttlsServer, startTlsServer, type Running } from '../fixtures/servers';
import { startProxy, type RunningProxy } from '../fixtures/proxy';
import { startOcspResponder, type OcspResponder } from '../fixtures/ocsp';
import { buildCrl, startCrlServer } from '../fixtures/crl';

let pki: Pki;
let trust: ReturnType<typeof createTrustStore>;
let site: Running;
let responder: OcspResponder;
const closers: { close(): Promise<void> }[] = [];

const NAME = 'site.example.test';

beforeAll(async () => {
  pki = await makePki('Proxy Test');
  trust = createTrustStore([pki.root.pem]);
  responder = await startOcspResponder();
  const leaf = await pki.leaf({
    cn: NAME,
    ocspUrl: `http://ocsp.example.test:${new URL(responder.url).port}/`,
  });
  responder.set(leaf, pki.intermediate, { status: 'good' });
  site = await startTlsServer({ chain: [leaf, pki.intermediate] });
  closers.push(site, responder);
});
afterAll(async () => {
  await Promise.all(closers.map((c) => c.close()));
});

async function proxy(options: Parameters<typeof startProxy>[0] = {}): Promise<RunningProxy> {
  const p = await startProxy({
    hosts: { [NAME]: '127.0.0.1', 'ocsp.example.test': '127.0.0.1' },
    ...options,
  });
  closers.push(p);
  return p;
}

/** Only the proxy may resolve names here: a lookup that is asked fails the test loudly. */
const noLookup: Lookup = async (host) => {
  throw Object.assign(new Error(`the probe asked DNS for ${host}`), { code: 'ENOTFOUND' });
};

function settings(url: string, noProxy: string[] = []): ProxySettings {
  const parsed = proxySettings({ explicit: url, env: { NO_PROXY: noProxy.join(',') } });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.settings;
}

async function check(input: string, options: ProbeOptions): Promise<ProbeResult> {
  const parsed = parseTarget(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return probe(parsed.target, { trust, lookup: noLookup, timeoutMs: 5000, ...options });
}

describe('through an HTTP CONNECT proxy', () => {
  it('checks the certificate; the proxy resolves the name, and OCSP goes through the proxy too', async () => {
    const p = await proxy();
    const r = await check(`https://${NAME}:${site.port}/`, { proxy: settings(p.url) });
    expect(r.status).toBe('ok');
    expect(r.problems).toEqual([]);
    expect(r.endpoints).toHaveLength(1);
    expect(r.endpoints[0]).toMatchObject({ address: NAME, proxy: p.url, status: 'ok' });
    expect(r.chain[0]!.subject).toBe(`CN=${NAME}`);
    expect(p.connects).toEqual([`${NAME}:${site.port}`]);
    expect(r.revocation, r.revocation?.message).toMatchObject({ method: 'ocsp', status: 'good' });
    expect(p.forwarded).toEqual([`http://ocsp.example.test:${new URL(responder.url).port}/`]);
  });

  it('fetches an https CRL through a CONNECT tunnel', async () => {
    const p = await proxy({ hosts: { [NAME]: '127.0.0.1', 'crl.example.test': '127.0.0.1' } });
    const crlHost = await pki.leaf({ cn: 'crl.example.test' });
    const crls = await startCrlServer({ tls: [crlHost, pki.intermediate] });
    closers.push(crls);
    const port = new URL(crls.url('x')).port;
    const leaf = await pki.leaf({ cn: NAME, crlUrl: `https://crl.example.test:${port}/ca.crl` });
    crls.publish('ca.crl', await buildCrl({ issuer: pki.intermediate, revoked: [{ cert: leaf }] }));
    const s = await startTlsServer({ chain: [leaf, pki.intermediate] });
    closers.push(s);
    const r = await check(`${NAME}:${s.port}`, { proxy: settings(p.url) });
    expect(r.revocation, r.revocation?.message).toMatchObject({ method: 'crl', status: 'revoked' });
    expect(r.status).toBe('invalid');
    expect(p.connects).toEqual([`${NAME}:${s.port}`, `crl.example.test:${port}`]);
  });

  it('sends basic credentials from the proxy URL', async () => {
    const p = await proxy({ auth: 'ana:s3cr3t/x' });
    const r = await check(`${NAME}:${site.port}`, {
      proxy: settings(`http://ana:s3cr3t%2Fx@127.0.0.1:${p.port}`),
      checkRevocation: false,
    });
    expect(r.status).toBe('ok');
    expect(r.endpoints[0]!.proxy).toBe(p.url);
    expect(JSON.stringify(r)).not.toContain('s3cr3t');
  });

  it('407 without credentials becomes PROXY_FAILED saying so', async () => {
    const p = await proxy({ auth: 'ana:pw' });
    const r = await check(`${NAME}:${site.port}`, { proxy: settings(p.url) });
    expect(r.status).toBe('error');
    expect(r.problems).toEqual([
      {
        code: 'PROXY_FAILED',
        message: `The proxy ${p.url} requires credentials (407 Proxy Authentication Required); give them as http://user:password@host:port.`,
      },
    ]);
  });

  it('407 with wrong credentials says they were rejected', async () => {
    const p = await proxy({ auth: 'ana:pw' });
    const r = await check(`${NAME}:${site.port}`, { proxy: settings(`http://ana:nope@127.0.0.1:${p.port}`) });
    expect(r.problems[0]!.code).toBe('PROXY_FAILED');
    expect(r.problems[0]!.message).toMatch(/rejected the credentials/);
  });

  it('a proxy that cannot reach the target says which target', async () => {
    const p = await proxy();
    const r = await check(`unknown.example.test:${site.port}`, { proxy: settings(p.url) });
    expect(r.status).toBe('error');
    expect(r.problems[0]).toEqual({
      code: 'PROXY_FAILED',
      message: `The proxy ${p.url} could not open a tunnel to unknown.example.test:${site.port} (502 Bad Gateway).`,
    });
  });

  it('a proxy that is down is PROXY_FAILED, not a verdict about the site', async () => {
    const port = await closedPort();
    const r = await check(`${NAME}:${site.port}`, { proxy: settings(`http://127.0.0.1:${port}`) });
    expect(r.status).toBe('error');
    expect(r.problems[0]).toEqual({
      code: 'PROXY_FAILED',
      message: `Could not connect to the proxy http://127.0.0.1:${port} (ECONNREFUSED).`,
    });
  });

  it('NO_PROXY sends matching targets direct', async () => {
    const p = await proxy();
    const r = await check(`${NAME}:${site.port}`, {
      proxy: settings(p.url, ['.example.test']),
      lookup: async () => [{ address: '127.0.0.1', family: 4 }],
      checkRevocation: false,
    });
    expect(r.status).toBe('ok');
    expect(r.endpoints[0]).toMatchObject({ address: '127.0.0.1' });
    expect(r.endpoints[0]!.proxy).toBeUndefined();
    expect(p.connects).toEqual([]);
  });

  it('loopback targets never go through the proxy (it would reach its own loopback)', async () => {
    const p = await proxy();
    for (const host of ['127.0.0.1', 'localhost']) {
      const r = await check(`${host}:${site.port}`, {
        proxy: settings(p.url),
        lookup: async () => [{ address: '127.0.0.1', family: 4 }],
        checkRevocation: false,
      });
      expect(r.endpoints[0]!.proxy).toBeUndefined();
      expect(r.chain[0]!.subject).toBe(`CN=${NAME}`);
    }
    expect(p.connects).toEqual([]);
  });

  it('STARTTLS targets connect directly (proxies tunnel HTTPS, not mail)', async () => {
    const p = await proxy();
    const leaf = await pki.leaf({ cn: 'mail.example.test' });
    const smtp = await startStarttlsServer({ protocol: 'smtp', chain: [leaf, pki.intermediate] });
    closers.push(smtp);
    const r = await check(`smtp://mail.example.test:${smtp.port}`, {
      proxy: settings(p.url),
      lookup: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    expect(r.status).toBe('ok');
    expect(p.connects).toEqual([]);
  });
});

describe('proxy settings', () => {
  it('reads HTTPS_PROXY (either case) for TLS targets and lower-case http_proxy for fetches', () => {
    const r = proxySettings({
      env: {
        HTTPS_PROXY: 'http://u:p@proxy.corp:3128',
        http_proxy: 'proxy2.corp:8080',
        NO_PROXY: 'localhost, .corp',
      },
    });
    expect(r).toEqual({
      ok: true,
      settings: {
        https: { host: 'proxy.corp', port: 3128, url: 'http://proxy.corp:3128', authorization: 'Basic dTpw' },
        http: { host: 'proxy2.corp', port: 8080, url: 'http://proxy2.corp:8080' },
        noProxy: ['localhost', '.corp'],
      },
    });
    expect(proxySettings({ env: { https_proxy: 'http://p:1' } })).toMatchObject({
      settings: { https: { port: 1 } },
    });
    expect(proxySettings({ env: { HTTP_PROXY: 'http://p:1' } })).toEqual({
      ok: true,
      settings: { noProxy: [] },
    });
  });

  it('an explicit proxy wins over the environment, and "direct" ignores it', () => {
    const env = { HTTPS_PROXY: 'http://env:1' };
    expect(proxySettings({ env, explicit: 'http://[::1]:3128' })).toMatchObject({
      settings: { https: { host: '::1', url: 'http://[::1]:3128' }, http: { host: '::1' } },
    });
    expect(proxySettings({ env, explicit: 'direct' })).toEqual({ ok: true, settings: { noProxy: [] } });
  });

  it.each([
    ['socks5://p:1080', /only http:\/\/ proxies/],
    ['https://p:443', /only http:\/\/ proxies/],
    ['http://', /not a proxy URL|names no proxy host/],
  ])('rejects %s with a sentence', (url, why) => {
    const r = proxySettings({ explicit: url });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });

  it.each([
    [['*'], 'any.host', 443, true],
    [['example.com'], 'example.com', 443, true],
    [['example.com'], 'a.b.example.com', 443, true],
    [['example.com'], 'notexample.com', 443, false],
    [['.example.com'], 'example.com', 443, true],
    [['*.example.com'], 'www.example.com', 443, true],
    [['example.com:8443'], 'example.com', 443, false],
    [['example.com:8443'], 'example.com', 8443, true],
    [['10.0.0.1'], '10.0.0.1', 443, true],
    [['10.0.0.1'], '10.0.0.10', 443, false],
    [['[::1]:443'], '::1', 443, true],
    [['::1'], '::1', 8443, true],
  ])('NO_PROXY %j for %s:%i → bypass %s', (list, host, port, bypass) => {
    expect(bypassesProxy(list, host, port)).toBe(bypass);
  });

  it("reads Electron's resolveProxy answer", () => {
    expect(proxyFromPac('PROXY proxy.corp:3128; DIRECT')).toMatchObject({ host: 'proxy.corp', port: 3128 });
    expect(proxyFromPac('SOCKS5 s:1080; PROXY p:8080')).toMatchObject({ host: 'p', port: 8080 });
    expect(proxyFromPac('DIRECT')).toBeUndefined();
  });
});
