// Path validation against real loopback TLS servers, each verdict checked against `openssl verify` on the same
// chain. Where a browser rule differs from OpenSSL, the exception is named in the test.
import 'reflect-metadata';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { PolicyConstraints, id_ce_policyConstraints } from '@peculiar/asn1-x509';
import { probe } from '../../main/core/probe/probe';
import { createTrustStore } from '../../main/core/probe/trust';
import { parseTarget } from '../../main/core/probe/target';
import { createIssuerCache } from '../../main/core/probe/aia-fetch';
import type { Lookup } from '../../main/core/probe/resolve';
import type { ProbeResult } from '../../main/shared/types';
import { keyPair, makePki, mint, type Minted, type Pki } from '../fixtures/pki';
import { startTlsServer, type Running } from '../fixtures/servers';
import { opensslVerify } from '../fixtures/openssl-verify';

const NAME = 'site.example.test';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

let pki: Pki;
const servers: Running[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  pki = await makePki('Paths Test');
});
afterAll(async () => {
  await Promise.all([...servers.map((s) => s.close()), ...closers.map((c) => c())]);
});

/** Names resolve only through this map: tests never ask the machine's resolver. */
const lookup: Lookup = async (host) => {
  if (host !== NAME) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return [{ address: '127.0.0.1', family: 4 }];
};

interface Case {
  sent: Minted[];
  /** Roots this computer trusts (the CA file of the oracle). Default: the test PKI's root. */
  trusted?: Minted[];
  /** Host name or IP literal the client checks. */
  name?: string;
  /** A browser rule OpenSSL does not apply: the oracle is expected to accept what Certwatch refuses. */
  browserRule?: string;
  /** Extra `openssl verify` flags the case needs (each explained where it is used). */
  opensslFlags?: string[];
}

const valid = (r: ProbeResult) => !['invalid', 'expired', 'error'].includes(r.status);
const codes = (r: ProbeResult) => [...new Set(r.problems.map((p) => p.code))].sort();

/** Serves the chain on 127.0.0.1, probes it, runs `openssl verify` on the same chain and compares. */
async function judged(c: Case, issuerCache = createIssuerCache()): Promise<ProbeResult> {
  const trusted = c.trusted ?? [pki.root];
  const name = c.name ?? NAME;
  const server = await startTlsServer({ chain: c.sent, host: '127.0.0.1' });
  servers.push(server);
  const parsed = parseTarget(`${name.includes(':') ? `[${name}]` : name}:${server.port}`);
  if (!parsed.ok) throw new Error(parsed.error);
  const result = await probe(parsed.target, {
    trust: createTrustStore(trusted.map((t) => t.pem)),
    lookup,
    timeoutMs: 5000,
    checkRevocation: false,
    issuerCache,
  });
  const oracle = await opensslVerify(c.sent, trusted, name, undefined, c.opensslFlags);
  if (c.browserRule) {
    // Named exception: OpenSSL accepts, browsers (and Certwatch) refuse.
    expect(oracle.valid, `${c.browserRule}: openssl said ${oracle.output}`).toBe(true);
    expect(valid(result), c.browserRule).toBe(false);
  } else {
    expect(
      valid(result),
      `Certwatch ${result.status} ${codes(result).join(',')} vs openssl: ${oracle.output}`,
    ).toBe(oracle.valid);
  }
  return result;
}

describe('the oracle agrees on a healthy chain', () => {
  it('is ok for leaf + intermediate under a trusted root, by name and by IP', async () => {
    const leaf = await pki.leaf({ cn: NAME });
    const r = await judged({ sent: [leaf, pki.intermediate] });
    expect(r.status).toBe('ok');
    expect(r.problems).toEqual([]);
    // The PKI.js pass ran and agreed (an uncheckable path would leave a note).
    expect(r.notes).toEqual([]);
    const ipLeaf = await pki.leaf({ cn: '127.0.0.1', sans: ['127.0.0.1'] });
    expect((await judged({ sent: [ipLeaf, pki.intermediate], name: '127.0.0.1' })).status).toBe('ok');
  });

  it('is ok when the CA allows serverAuth and anyExtendedKeyUsage', async () => {
    const leaf = await pki.leaf({ cn: NAME, extendedKeyUsages: [SERVER_AUTH, CLIENT_AUTH] });
    expect((await judged({ sent: [leaf, pki.intermediate] })).status).toBe('ok');
  });
});

describe('names come from subjectAltName only', () => {
  it('refuses a leaf with only a Common Name (MISSING_SAN)', async () => {
    const leaf = await pki.leaf({ cn: NAME, noSans: true });
    const r = await judged({
      sent: [leaf, pki.intermediate],
      // OpenSSL still falls back to the CN when there is no DNS SAN; Chrome 58+ and Firefox 48+ do not.
      browserRule: 'CN fallback: browsers ignore the Common Name',
    });
    expect(codes(r)).toEqual(['MISSING_SAN']);
    expect(r.problems[0]!.message).toContain('subjectAltName');
    expect(r.problems[0]!.message).toContain(NAME);
  });

  it('does not let a SAN-carrying certificate match through its CN either', async () => {
    const leaf = await pki.leaf({ cn: NAME, sans: ['other.example.test'] });
    const r = await judged({ sent: [leaf, pki.intermediate] });
    expect(codes(r)).toEqual(['HOSTNAME_MISMATCH']);
  });
});

describe('purpose: TLS server authentication', () => {
  it('refuses a leaf whose extendedKeyUsage is clientAuth only (WRONG_EKU)', async () => {
    const leaf = await pki.leaf({ cn: NAME, extendedKeyUsages: [CLIENT_AUTH] });
    const r = await judged({ sent: [leaf, pki.intermediate] });
    expect(codes(r)).toEqual(['WRONG_EKU']);
    expect(r.problems[0]!.message).toMatch(/site\.example\.test.*clientAuth/);
  });

  it('refuses an intermediate whose extendedKeyUsage excludes serverAuth', async () => {
    const int = await mint({
      cn: 'Client Only Intermediate',
      ca: true,
      issuer: pki.root,
      extendedKeyUsages: [CLIENT_AUTH],
    });
    const leaf = await mint({ cn: NAME, issuer: int });
    const r = await judged({ sent: [leaf, int] });
    expect(codes(r)).toEqual(['WRONG_EKU']);
    expect(r.problems[0]!.message).toContain('intermediate certificate "Client Only Intermediate"');
  });

  it('refuses a leaf whose keyUsage allows neither signing nor key exchange (WRONG_KEY_USAGE)', async () => {
    const leaf = await pki.leaf({ cn: NAME, keyUsage: x509.KeyUsageFlags.nonRepudiation });
    const r = await judged({ sent: [leaf, pki.intermediate] });
    expect(codes(r)).toEqual(['WRONG_KEY_USAGE']);
  });
});

describe('issuer constraints', () => {
  it('refuses an intermediate whose basicConstraints say CA:FALSE (ISSUER_NOT_CA)', async () => {
    const notCa = await mint({
      cn: 'Not A CA',
      ca: false,
      issuer: pki.root,
      keyUsage: x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature,
    });
    const leaf = await mint({ cn: NAME, issuer: notCa });
    const r = await judged({ sent: [leaf, notCa] });
    expect(codes(r)).toEqual(['ISSUER_NOT_CA']);
    expect(r.problems[0]!.message).toContain('intermediate certificate "Not A CA"');
    expect(r.problems[0]!.message).toContain('CA:FALSE');
  });

  it('refuses an intermediate without keyCertSign (WRONG_KEY_USAGE)', async () => {
    const int = await mint({
      cn: 'No CertSign Intermediate',
      ca: true,
      issuer: pki.root,
      keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.cRLSign,
    });
    const leaf = await mint({ cn: NAME, issuer: int });
    const r = await judged({ sent: [leaf, int] });
    expect(codes(r)).toEqual(['WRONG_KEY_USAGE']);
    expect(r.problems[0]!.message).toContain('keyCertSign');
  });

  it('refuses a path deeper than the root allows (PATH_LENGTH_EXCEEDED)', async () => {
    const root = await mint({ cn: 'Shallow Root CA', ca: true, pathLength: 0, fromDays: -10, toDays: 3650 });
    const int = await mint({ cn: 'Too Deep Intermediate', ca: true, issuer: root });
    const leaf = await mint({ cn: NAME, issuer: int });
    const r = await judged({ sent: [leaf, int], trusted: [root] });
    expect(codes(r)).toEqual(['PATH_LENGTH_EXCEEDED']);
    expect(r.problems[0]!.message).toContain('root certificate "Shallow Root CA"');
  });
});

describe('the RFC 5280 pass (PKI.js) catches what the named checks do not', () => {
  it('refuses a path whose CA requires an explicit policy the leaf does not carry (PATH_INVALID)', async () => {
    const requireExplicit = new x509.Extension(
      id_ce_policyConstraints,
      true,
      AsnConvert.serialize(new PolicyConstraints({ requireExplicitPolicy: new Uint8Array([0]).buffer })),
    );
    const int = await mint({
      cn: 'Policy Intermediate',
      ca: true,
      issuer: pki.root,
      extraExtensions: [requireExplicit],
    });
    const leaf = await mint({ cn: NAME, issuer: int });
    // OpenSSL processes certificate policies only when asked to; RFC 5280 §6.1 (and Chrome) always do.
    const r = await judged({ sent: [leaf, int], opensslFlags: ['-policy_check'] });
    expect(codes(r)).toEqual(['PATH_INVALID']);
    expect(r.problems[0]!.message).toMatch(/RFC 5280/);
  });
});

describe('an extension that does not parse', () => {
  // A certificatePolicies value that is a NULL instead of a SEQUENCE. Each extension is read on its own: the
  // check answers (it used to throw, because reading the names decoded every extension first), the names are
  // still read, and the verdict is openssl verify's (judged() compares them).
  it.each([false, true])('still reads the names and agrees with openssl (critical: %s)', async (critical) => {
    const broken = new x509.Extension('2.5.29.32', critical, new Uint8Array([0x05, 0x00]).buffer);
    const leaf = await pki.leaf({ cn: NAME, extraExtensions: [broken] });
    const r = await judged({ sent: [leaf, pki.intermediate] });
    expect(codes(r)).not.toContain('MISSING_SAN');
    expect(r.chain[0]!.sans).toEqual([`DNS:${NAME}`]);
  });
});

describe('name constraints', () => {
  async function constrained(nc: { permitted?: string[]; excluded?: string[] }) {
    return mint({ cn: 'Constrained Intermediate', ca: true, issuer: pki.root, nameConstraints: nc });
  }

  it('accepts a DNS name inside the permitted subtree', async () => {
    const int = await constrained({ permitted: ['example.test'] });
    const r = await judged({ sent: [await mint({ cn: NAME, issuer: int }), int] });
    expect(r.status).toBe('ok');
  });

  it('refuses a DNS name outside the permitted subtree (NAME_NOT_PERMITTED)', async () => {
    const int = await constrained({ permitted: ['corp.test'] });
    const r = await judged({ sent: [await mint({ cn: NAME, issuer: int }), int] });
    expect(codes(r)).toEqual(['NAME_NOT_PERMITTED']);
    expect(r.problems[0]!.message).toMatch(/Constrained Intermediate.*corp\.test.*site\.example\.test/);
  });

  it('refuses a DNS name in an excluded subtree (NAME_EXCLUDED)', async () => {
    const int = await constrained({ excluded: ['example.test'] });
    const r = await judged({ sent: [await mint({ cn: NAME, issuer: int }), int] });
    expect(codes(r)).toEqual(['NAME_EXCLUDED']);
  });

  it('accepts an IP inside the permitted range and refuses one outside it', async () => {
    const inside = await constrained({ permitted: ['127.0.0.0/8'] });
    const ok = await judged({
      sent: [await mint({ cn: '127.0.0.1', sans: ['127.0.0.1'], issuer: inside }), inside],
      name: '127.0.0.1',
    });
    expect(ok.status).toBe('ok');
    const outside = await constrained({ permitted: ['10.0.0.0/8'] });
    const r = await judged({
      sent: [await mint({ cn: '127.0.0.1', sans: ['127.0.0.1'], issuer: outside }), outside],
      name: '127.0.0.1',
    });
    expect(codes(r)).toEqual(['NAME_NOT_PERMITTED']);
    expect(r.problems[0]!.message).toContain('10.0.0.0/8');
  });

  it('refuses an IP in an excluded range (NAME_EXCLUDED)', async () => {
    const int = await constrained({ excluded: ['127.0.0.0/24'] });
    const r = await judged({
      sent: [await mint({ cn: '127.0.0.1', sans: ['127.0.0.1'], issuer: int }), int],
      name: '127.0.0.1',
    });
    expect(codes(r)).toEqual(['NAME_EXCLUDED']);
  });
});

describe('validity of every certificate on the path', () => {
  it('refuses an intermediate that is not valid yet (CHAIN_NOT_YET_VALID)', async () => {
    const int = await mint({
      cn: 'Future Intermediate',
      ca: true,
      issuer: pki.root,
      fromDays: 2,
      toDays: 900,
    });
    const leaf = await mint({ cn: NAME, issuer: int });
    const r = await judged({ sent: [leaf, int] });
    expect(codes(r)).toEqual(['CHAIN_NOT_YET_VALID']);
    expect(r.problems[0]!.message).toContain('intermediate certificate "Future Intermediate"');
  });

  it('refuses an expired intermediate (CHAIN_EXPIRED)', async () => {
    const int = await mint({
      cn: 'Past Intermediate',
      ca: true,
      issuer: pki.root,
      fromDays: -900,
      toDays: -1,
    });
    const leaf = await mint({ cn: NAME, issuer: int });
    const r = await judged({ sent: [leaf, int] });
    expect(codes(r)).toEqual(['CHAIN_EXPIRED']);
    expect(r.status).toBe('expired');
  });
});

describe('path building from everything the server sends', () => {
  it.each([1, 31, 59])(
    'finds the real intermediate at position %i of a 60-certificate chain',
    async (position) => {
      const keys = await keyPair({ type: 'ec' });
      const noise = await Promise.all(
        Array.from({ length: 58 }, (_, i) => mint({ cn: `Unrelated CA ${i}`, ca: true, keys })),
      );
      const leaf = await pki.leaf({ cn: NAME });
      const sent = [leaf, ...noise];
      sent.splice(position, 0, pki.intermediate);
      expect(sent).toHaveLength(60);
      const r = await judged({ sent });
      expect(r.status).toBe('ok');
      expect(r.problems).toEqual([]);
      expect(r.chain.filter((c) => c.role === 'extra')).toHaveLength(58);
      expect(r.chain.find((c) => c.role === 'intermediate')?.subject).toBe('CN=Paths Test Intermediate CA');
    },
  );
});

describe('an issuer the server does not send', () => {
  it('is a root this computer does not trust when the private root is not sent (UNTRUSTED_ROOT)', async () => {
    const lab = await makePki('Lab');
    const leaf = await lab.leaf({ cn: NAME });
    const r = await judged({ sent: [leaf, lab.intermediate] });
    expect(codes(r)).toEqual(['UNTRUSTED_ROOT']);
    const message = r.problems[0]!.message;
    expect(message).toContain('"Lab Root CA", a CA this computer does not trust');
    expect(message).toContain('Settings → CA bundle');
    expect(message).toContain('--ca');
    expect(message).not.toMatch(/full chain|fullchain|does not send/);
  });

  it('fetches a missing intermediate through caIssuers, uses it, and still reports the incomplete chain', async () => {
    let requests = 0;
    const web = http.createServer((req, res) => {
      requests++;
      if (req.url !== '/int.der') return res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'application/pkix-cert' }).end(pki.intermediate.der);
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => web.close(() => resolve())));
    const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}/int.der`;
    const leaf = await pki.leaf({ cn: NAME, caIssuersUrl: url });
    const cache = createIssuerCache();
    // OpenSSL does not fetch AIA (nor do Firefox, curl, Java): invalid for it too.
    const r = await judged({ sent: [leaf] }, cache);
    expect(codes(r)).toEqual(['INCOMPLETE_CHAIN']);
    expect(r.status).toBe('invalid');
    expect(r.problems[0]!.message).toContain(`fetched it from ${url}`);
    expect(r.problems[0]!.message).toContain('Paths Test Intermediate CA');
    // The fetched issuer completed the path to the trusted root.
    expect(r.chain.map((c) => [c.subject, c.role, c.fromTrustStore])).toEqual([
      ['CN=site.example.test', 'leaf', false],
      ['CN=Paths Test Intermediate CA', 'intermediate', false],
      ['CN=Paths Test Root CA', 'root', true],
    ]);
    expect(requests).toBe(1);
    // A second check under the same CA reads the cache.
    await judged({ sent: [leaf] }, cache);
    expect(requests).toBe(1);
  });

  it('diagnoses a fetched issuer that turns out to be an untrusted root as UNTRUSTED_ROOT', async () => {
    const lab = await makePki('Hidden');
    const web = http.createServer((_req, res) => res.writeHead(200).end(lab.root.pem));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => web.close(() => resolve())));
    const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}/root.pem`;
    const int = await mint({
      cn: 'Hidden Issuing CA',
      ca: true,
      issuer: lab.root,
      caIssuersUrl: url,
    });
    const leaf = await mint({ cn: NAME, issuer: int });
    const r = await judged({ sent: [leaf, int] });
    expect(codes(r)).toEqual(['UNTRUSTED_ROOT']);
    expect(r.problems[0]!.message).toContain('Hidden Root CA');
    expect(r.chain.map((c) => c.subject)).toContain('CN=Hidden Root CA');
  });

  it('keeps INCOMPLETE_CHAIN for a missing intermediate it cannot fetch', async () => {
    const r = await judged({ sent: [await pki.leaf({ cn: NAME })] });
    expect(codes(r)).toEqual(['INCOMPLETE_CHAIN']);
    expect(r.problems[0]!.message).toContain('Paths Test Intermediate CA');
  });
});

describe("the probe's other verdicts agree with openssl verify", () => {
  it('expired and not-yet-valid leaves, a name mismatch and a wildcard one label deep', async () => {
    const expired = await pki.leaf({ cn: NAME, fromDays: -100, toDays: -2.5 });
    expect((await judged({ sent: [expired, pki.intermediate] })).status).toBe('expired');
    const future = await pki.leaf({ cn: NAME, fromDays: 3, toDays: 90 });
    expect(codes(await judged({ sent: [future, pki.intermediate] }))).toEqual(['NOT_YET_VALID']);
    const other = await pki.leaf({ cn: 'other.example.test' });
    expect(codes(await judged({ sent: [other, pki.intermediate] }))).toEqual(['HOSTNAME_MISMATCH']);
    const wildcard = await pki.leaf({ cn: '*.example.test' });
    expect((await judged({ sent: [wildcard, pki.intermediate] })).status).toBe('ok');
    const tooDeep = await pki.leaf({ cn: '*.test' });
    expect(codes(await judged({ sent: [tooDeep, pki.intermediate] }))).toEqual(['HOSTNAME_MISMATCH']);
  });

  it('a leaf or intermediate inside the warning window is still valid for both', async () => {
    // A 90-day certificate near its end (a short-lived one with 3.5 of 4.5 days left would be on schedule, ok).
    const soon = await pki.leaf({ cn: NAME, fromDays: -85, toDays: 3.5 });
    expect((await judged({ sent: [soon, pki.intermediate] })).status).toBe('critical');
    const shortInt = await mint({ cn: 'Short Intermediate', ca: true, issuer: pki.root, toDays: 5.5 });
    const leaf = await mint({ cn: NAME, issuer: shortInt, toDays: 80 });
    expect(codes(await judged({ sent: [leaf, shortInt] }))).toEqual(['CHAIN_EXPIRING']);
  });

  it('self-signed, an untrusted sent root, and a trusted self-signed leaf', async () => {
    const self = await mint({ cn: NAME });
    expect(codes(await judged({ sent: [self] }))).toEqual(['SELF_SIGNED']);
    expect((await judged({ sent: [self], trusted: [self] })).status).toBe('ok');
    const rogue = await makePki('Rogue');
    const r = await judged({ sent: [await rogue.leaf({ cn: NAME }), rogue.intermediate, rogue.root] });
    expect(codes(r)).toEqual(['UNTRUSTED_ROOT']);
  });

  it('a misordered chain with the root sent, and an expired cross-sign the server still sends', async () => {
    const leaf = await pki.leaf({ cn: NAME });
    expect((await judged({ sent: [leaf, pki.root, pki.intermediate] })).status).toBe('ok');
    const oldRoot = await mint({ cn: 'Old Cross Root', ca: true, fromDays: -7000, toDays: 3650 });
    const cross = await mint({
      cn: 'Paths Test Root CA',
      ca: true,
      issuer: oldRoot,
      keys: pki.root.keys,
      fromDays: -3000,
      toDays: -1,
    });
    expect((await judged({ sent: [leaf, pki.intermediate, cross] })).status).toBe('ok');
  });

  it('weak keys and SHA-1 signatures: browsers refuse what OpenSSL at its default level accepts', async () => {
    const weakKey = await pki.leaf({ cn: NAME, key: { type: 'rsa', bits: 1024 } });
    const r = await judged({
      sent: [weakKey, pki.intermediate],
      // OpenSSL's default security level 1 accepts 1024-bit RSA (80 bits); browsers require 2048 since 2014.
      browserRule: 'weak keys: browsers require RSA 2048 / EC 256',
    });
    expect(codes(r)).toEqual(['WEAK_KEY']);
    const sha1 = await pki.leaf({ cn: NAME, hash: 'SHA-1' });
    const s = await judged({
      sent: [sha1, pki.intermediate],
      // OpenSSL's verify accepts a SHA-1 signature on the leaf; browsers have refused SHA-1 since 2017.
      browserRule: 'weak signatures: browsers refuse SHA-1',
    });
    expect(codes(s)).toEqual(['WEAK_SIGNATURE']);
  });
});

describe('a signature the second pass cannot verify', () => {
  /** A brainpool root minted with the openssl CLI (WebCrypto, and so PKI.js, has no brainpool curves). */
  async function brainpoolRootAndIntermediate(): Promise<{ root: Minted; intermediate: Minted }> {
    const dir = await mkdtemp(join(tmpdir(), 'certwatch-brainpool-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    await writeFile(
      join(dir, 'ext.cnf'),
      '[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n',
    );
    run('ecparam', '-name', 'brainpoolP256r1', '-genkey', '-noout', '-out', 'root.key');
    run(
      'req',
      '-x509',
      '-new',
      '-key',
      'root.key',
      '-subj',
      '/CN=Brainpool Root CA',
      '-days',
      '3650',
      '-sha256',
      '-extensions',
      'ca',
      '-config',
      join(dir, 'ext.cnf'),
      '-out',
      'root.pem',
    );
    run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'int.key');
    run('req', '-new', '-key', 'int.key', '-subj', '/CN=Brainpool Issued Intermediate', '-out', 'int.csr');
    run(
      'x509',
      '-req',
      '-in',
      'int.csr',
      '-CA',
      'root.pem',
      '-CAkey',
      'root.key',
      '-CAcreateserial',
      '-days',
      '1000',
      '-sha256',
      '-extfile',
      join(dir, 'ext.cnf'),
      '-extensions',
      'ca',
      '-out',
      'int.pem',
    );
    const load = async (name: string, keyFile: string | undefined): Promise<Minted> => {
      const pem = await readFile(join(dir, name), 'utf8');
      const cert = new x509.X509Certificate(pem);
      let keys = (await keyPair()) as Minted['keys'];
      let keyPem = '';
      if (keyFile) {
        keyPem = await readFile(join(dir, keyFile), 'utf8');
        const der = x509.PemConverter.decodeFirst(keyPem);
        const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
        const privateKey = await webcrypto.subtle.importKey('pkcs8', der, algorithm, true, ['sign']);
        const publicKey = await webcrypto.subtle.importKey('spki', cert.publicKey.rawData, algorithm, true, [
          'verify',
        ]);
        keys = { privateKey, publicKey };
      }
      return { cert, keys, pem, keyPem, der: Buffer.from(cert.rawData), spec: { cn: cert.subject } };
    };
    return { root: await load('root.pem', undefined), intermediate: await load('int.pem', 'int.key') };
  }

  it('notes that the path could not be re-validated, and does not call the chain broken', async () => {
    const { root, intermediate } = await brainpoolRootAndIntermediate();
    const leaf = await mint({ cn: NAME, issuer: intermediate });
    const r = await judged({ sent: [leaf, intermediate], trusted: [root] });
    expect(r.status).toBe('ok');
    expect(r.problems).toEqual([]);
    expect(r.notes.map((n) => n.code)).toEqual(['SIGNATURE_UNCHECKABLE']);
  });
});
