// The built CLI (dist/cli/certwatch.js) under Bun, whose tls module runs on BoringSSL like Electron's Node, must
// give the same status and problem codes as under this Node (OpenSSL) for every verdict fixture, against real
// loopback servers. Where BoringSSL itself cannot do what OpenSSL does (DHE, CBC-SHA384, Ed448 servers; keys it
// cannot read), the difference is asserted exactly and explained; no verdict is loosened.
// Bun is not Electron: its Node layer is its own (e.g. X509Certificate.ca is false for v1 certificates in Bun,
// true in Electron), which is why the engine reads such facts from the ASN.1 and never from those properties.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type tls from 'node:tls';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePki, mint, type Minted, type Pki } from '../fixtures/pki';
import { oddPki, type OddCert } from '../fixtures/odd-pki';
import { startTlsServer, type Running } from '../fixtures/servers';
import { BUN, runWith } from '../fixtures/runtimes';
import { CLI } from '../fixtures/cli';

interface Outcome {
  status: string;
  problems: string[];
  endpoints: string[];
}

const servers: Running[] = [];
/** name -> port; every name resolves to 127.0.0.1 through --resolve. */
const targets: Record<string, number> = {};
let caBundle: string;
let pki: Pki;
let odd: ReturnType<typeof oddPki>;
let oddRoot: OddCert;

/** A server for a chain minted with the openssl CLI (only pem/keyPem are read by the server fixture). */
const asMinted = (c: OddCert) => ({ pem: c.pem, keyPem: c.keyPem }) as unknown as Minted;

async function serve(
  name: string,
  chain: Minted[],
  tlsOptions?: tls.TlsOptions,
  key?: string,
): Promise<void> {
  const s = await startTlsServer({ chain, ...(key ? { key } : {}), ...(tlsOptions ? { tlsOptions } : {}) });
  servers.push(s);
  targets[name] = s.port;
}

async function checkAll(bin: string, names: string[]): Promise<Record<string, Outcome>> {
  const args = [CLI, 'check', '--json', '--no-ocsp', '--timeout', '20', '--ca', caBundle];
  for (const n of names) args.push('--resolve', `${n}:127.0.0.1`);
  args.push(...names.map((n) => `${n}:${targets[n]}`));
  const run = await runWith(bin, args);
  expect(run.code, run.stderr).toBeGreaterThanOrEqual(0);
  expect(run.code, run.stderr).toBeLessThanOrEqual(3);
  expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+\)?$/m); // no stack trace
  const { results } = JSON.parse(run.stdout) as {
    results: {
      host: string;
      status: string;
      problems: { code: string }[];
      endpoints?: { status: string }[];
    }[];
  };
  return Object.fromEntries(
    results.map((r) => [
      r.host,
      {
        status: r.status,
        problems: r.problems.map((p) => p.code).sort(),
        endpoints: (r.endpoints ?? []).map((e) => e.status),
      },
    ]),
  );
}

/** Verdict fixtures both TLS libraries must judge identically. */
const SAME: string[] = [];
/** Servers and chains where BoringSSL differs, with what each runtime must say. */
const DIFFERENT: Record<string, { node: Partial<Outcome>; bun: Partial<Outcome>; why: string }> = {};
let node: Record<string, Outcome>;
let bun: Record<string, Outcome>;

beforeAll(async () => {
  pki = await makePki('Parity');
  odd = oddPki();
  oddRoot = odd.mint({ cn: 'Parity Odd Root', key: 'rsa', ca: true });
  const v1Root = odd.mint({ cn: 'Parity v1 Root', key: 'rsa', v1: true });
  const dir = await mkdtemp(join(tmpdir(), 'certwatch-parity-'));
  caBundle = join(dir, 'ca.pem');
  // An anchor neither runtime can parse rides along: it must be skipped, not break every target.
  const broken = '-----BEGIN CERTIFICATE-----\nTUlJQm9ndXM=\n-----END CERTIFICATE-----';
  await writeFile(caBundle, [pki.root.pem, oddRoot.pem, v1Root.pem, broken].join('\n'));
  const other = await makePki('Parity Other');
  const i = pki.intermediate;
  const leaf = (name: string, spec: Partial<Parameters<Pki['leaf']>[0]> = {}) =>
    pki.leaf({ cn: `${name}.parity.test`, ...spec });
  const same = async (name: string, chain: Minted[], opts?: tls.TlsOptions, key?: string) => {
    await serve(`${name}.parity.test`, chain, opts, key);
    SAME.push(`${name}.parity.test`);
  };

  await same('good', [await leaf('good'), i]);
  // 90-day certificates near their end: with a short lifetime the same days left would be on schedule (ok).
  await same('soon', [await leaf('soon', { fromDays: -70, toDays: 20.5 }), i]);
  await same('critical', [await leaf('critical', { fromDays: -85, toDays: 3.5 }), i]);
  await same('expired', [await leaf('expired', { fromDays: -90, toDays: -1.5 }), i]);
  await same('future', [await leaf('future', { fromDays: 2, toDays: 90 }), i]);
  await same('mismatch', [await leaf('mismatch', { sans: ['elsewhere.parity.test'] }), i]);
  await same('self', [await mint({ cn: 'self.parity.test' })]);
  await same('untrusted', [
    await other.leaf({ cn: 'untrusted.parity.test' }),
    other.intermediate,
    other.root,
  ]);
  await same('incomplete', [await leaf('incomplete')]);
  await same('rsa1024', [await leaf('rsa1024', { key: { type: 'rsa', bits: 1024 } }), i]);
  await same('sha1', [await leaf('sha1', { key: { type: 'rsa' }, hash: 'SHA-1' }), i]);
  await same('wild', [await leaf('wild', { sans: ['*.parity.test'] }), i]);
  await same('wprefix', [await leaf('wprefix', { sans: ['w*.parity.test'] }), i]);
  // Out of order, with the root and an unrelated certificate: notes only, the same verdict.
  await same('extras', [await leaf('extras'), pki.root, i, await other.leaf({ cn: 'x.parity.test' })]);
  // A CA certificate served as the site's own (keyUsage keyCertSign only, no subjectAltName): OpenSSL completes
  // the handshake and path validation refuses it twice (no SAN to match, a key usage that forbids TLS server
  // authentication); BoringSSL refuses a server certificate without digitalSignature for ECDHE.
  await serve('cacert.parity.test', [i]);
  DIFFERENT['cacert.parity.test'] = {
    node: { status: 'invalid', problems: ['MISSING_SAN', 'WRONG_KEY_USAGE'] },
    bun: { status: 'error', problems: ['HANDSHAKE_FAILED'] },
    why: 'BoringSSL enforces the server certificate key usage (KEY_USAGE_BIT_INCORRECT)',
  };
  const shortCa = await mint({ cn: 'Parity Short CA', ca: true, issuer: pki.root, toDays: 10 });
  await same('chainexpiring', [await mint({ cn: 'chainexpiring.parity.test', issuer: shortCa }), shortCa]);
  const deadCa = await mint({ cn: 'Parity Dead CA', ca: true, issuer: pki.root, fromDays: -100, toDays: -2 });
  await same('chainexpired', [await mint({ cn: 'chainexpired.parity.test', issuer: deadCa }), deadCa]);

  // Certificates only the openssl CLI mints. MD5 and DSA signatures are checked without verify() on both.
  const md5Ca = odd.mint({ cn: 'Parity MD5 CA', key: 'rsa', ca: true, issuer: oddRoot });
  const md5 = odd.mint({ cn: 'md5.parity.test', key: 'rsa', issuer: md5Ca, md: 'md5' });
  await same('md5', [md5, md5Ca].map(asMinted));
  const dsaCa = odd.mint({ cn: 'Parity DSA CA', key: 'dsa', ca: true, issuer: oddRoot });
  const dsaLeaf = odd.mint({ cn: 'dsa.parity.test', key: 'p256', issuer: dsaCa, md: 'sha256' });
  await same('dsa', [dsaLeaf, dsaCa].map(asMinted));
  const v1Leaf = odd.mint({ cn: 'v1.parity.test', key: 'p256', issuer: v1Root });
  await same('v1', [asMinted(v1Leaf)]);

  // Servers BoringSSL reaches only with the BoringSSL profile's explicit sigalgs and groups.
  const ed = odd.mint({ cn: 'ed25519.parity.test', key: 'ed25519', issuer: oddRoot });
  await same('ed25519', [asMinted(ed)]);
  await same(
    'ed25519tls12',
    [asMinted(odd.mint({ cn: 'ed25519tls12.parity.test', key: 'ed25519', issuer: oddRoot }))],
    {
      maxVersion: 'TLSv1.2',
    },
  );
  await same('p521', [asMinted(odd.mint({ cn: 'p521.parity.test', key: 'p521', issuer: oddRoot }))], {
    maxVersion: 'TLSv1.2',
    sigalgs: 'ECDSA+SHA512',
  });
  await same(
    'ecdsasha1',
    [asMinted(odd.mint({ cn: 'ecdsasha1.parity.test', key: 'p256', issuer: oddRoot }))],
    {
      maxVersion: 'TLSv1.2',
      sigalgs: 'ECDSA+SHA1',
    },
  );

  // BoringSSL has no DHE suites and no CBC-SHA384 suites at all, in Electron as in Bun.
  const rsaLeaf = odd.mint({ cn: 'dhe.parity.test', key: 'rsa', issuer: oddRoot });
  await serve('dhe.parity.test', [asMinted(rsaLeaf)], {
    maxVersion: 'TLSv1.2',
    ciphers: 'DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0',
    dhparam: 'auto',
  });
  const ecLeaf = odd.mint({ cn: 'cbc384.parity.test', key: 'p256', issuer: oddRoot });
  await serve('cbc384.parity.test', [asMinted(ecLeaf)], {
    maxVersion: 'TLSv1.2',
    ciphers: 'ECDHE-ECDSA-AES256-SHA384',
  });
  const unsupported = { status: 'error', problems: ['UNSUPPORTED_ALGORITHMS'] };
  DIFFERENT['dhe.parity.test'] = {
    node: { status: 'ok', problems: [] },
    bun: unsupported,
    why: 'no DHE in BoringSSL',
  };
  DIFFERENT['cbc384.parity.test'] = {
    node: { status: 'ok', problems: [] },
    bun: unsupported,
    why: 'no ECDHE-*-CBC-SHA384 in BoringSSL',
  };
  // BoringSSL cannot verify an Ed448 handshake signature at all.
  await serve('ed448.parity.test', [
    asMinted(odd.mint({ cn: 'ed448.parity.test', key: 'ed448', issuer: oddRoot })),
  ]);
  DIFFERENT['ed448.parity.test'] = {
    node: { status: 'ok', problems: [] },
    bun: unsupported,
    why: 'no Ed448 in BoringSSL',
  };

  // A chain through an intermediate whose key BoringSSL cannot read: the link is reported, never trusted blindly.
  for (const key of ['ed448', 'brainpool'] as const) {
    const ca = odd.mint({ cn: `Parity ${key} CA`, key, ca: true, issuer: oddRoot });
    const name = `${key}ca.parity.test`;
    await serve(name, [odd.mint({ cn: name, key: 'p256', issuer: ca }), ca].map(asMinted));
    DIFFERENT[name] = {
      node: { status: 'ok', problems: [] },
      bun: { status: 'warning', problems: ['SIGNATURE_UNCHECKABLE'] },
      why: `BoringSSL cannot read a ${key} key, so the leaf's signature cannot be checked`,
    };
  }

  const names = [...SAME, ...Object.keys(DIFFERENT)];
  [node, bun] = await Promise.all([checkAll(process.execPath, names), checkAll(BUN, names)]);
}, 240_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('the built CLI under Bun (BoringSSL) and under Node (OpenSSL)', () => {
  it('judges every verdict fixture the same: status and problem codes', () => {
    expect(SAME.length).toBeGreaterThan(20);
    for (const name of SAME) expect({ name, ...bun[name] }).toEqual({ name, ...node[name] });
  });

  it('the fixtures cover every certificate verdict', () => {
    const seen = new Set(SAME.flatMap((n) => node[n]!.problems));
    for (const code of [
      'EXPIRED',
      'NOT_YET_VALID',
      'HOSTNAME_MISMATCH',
      'SELF_SIGNED',
      'UNTRUSTED_ROOT',
      'INCOMPLETE_CHAIN',
      'CHAIN_EXPIRING',
      'CHAIN_EXPIRED',
      'WEAK_KEY',
      'WEAK_SIGNATURE',
    ])
      expect(seen).toContain(code);
    const statuses = new Set(SAME.map((n) => node[n]!.status));
    for (const s of ['ok', 'warning', 'critical', 'expired', 'invalid']) expect(statuses).toContain(s);
    expect(node['md5.parity.test']!.problems).toEqual(['WEAK_SIGNATURE']);
    expect(node['dsa.parity.test']!.status).toBe('ok');
    expect(node['v1.parity.test']!.status).toBe('ok');
    expect(node['wprefix.parity.test']!.problems).toEqual(['HOSTNAME_MISMATCH']);
  });

  it.each(['dhe', 'cbc384', 'ed448', 'ed448ca', 'brainpoolca', 'cacert'])(
    '%s: where BoringSSL cannot follow, it says so in its own problem',
    (short) => {
      const name = `${short}.parity.test`;
      const expected = DIFFERENT[name]!;
      expect(node[name], expected.why).toMatchObject(expected.node);
      expect(bun[name], expected.why).toMatchObject(expected.bun);
    },
  );

  it('the sentence names the runtime’s limits instead of a generic failure', async () => {
    const run = await runWith(BUN, [
      CLI,
      'check',
      '--json',
      '--no-ocsp',
      '--resolve',
      'dhe.parity.test:127.0.0.1',
      `dhe.parity.test:${targets['dhe.parity.test']}`,
    ]);
    const [result] = JSON.parse(run.stdout).results;
    expect(result.problems[0].message).toContain('offers only algorithms this build of Certwatch cannot use');
    expect(result.problems[0].message).toContain('BoringSSL');
    expect(run.code).toBe(3);
  });
});
