// Certificates BoringSSL (Electron) cannot read or verify must never make the engine throw, and must be judged
// the same on every runtime: key facts fall back to the ASN.1, MD5 and DSA signatures are checked without
// Node's verify(), anchors the runtime cannot parse are skipped and counted. Runs on Node 20 and Node 24;
// test/cli/boringssl-parity.test.ts runs the same certificates through the built CLI under Bun (BoringSSL).
import 'reflect-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { keyFacts, keyFactsFromAsn, parseCert } from '../../main/core/probe/certinfo';
import { checkSignature } from '../../main/core/probe/signature';
import { createTrustStore, trustStoreWithBundle } from '../../main/core/probe/trust';
import { judge } from '../../main/core/probe/verdict';
import { oddPki, type OddCert, type OddKey } from '../fixtures/odd-pki';

const thresholds = { warningDays: 30, criticalDays: 7 };
const x = (c: OddCert) => new X509Certificate(c.pem);
let pki: ReturnType<typeof oddPki>;
let root: OddCert;

beforeAll(() => {
  pki = oddPki();
  root = pki.mint({ cn: 'Odd Root CA', key: 'rsa', ca: true });
});

const ODD_KEYS: OddKey[] = [
  'ed25519',
  'ed448',
  'brainpool',
  'secp256k1',
  'p192',
  'rsa-pss',
  'dsa',
  'p521',
  'rsa',
];

describe('key type and size', () => {
  it.each(ODD_KEYS)('%s: the ASN.1 reading (BoringSSL fallback) matches what Node reads', (key) => {
    const cert = pki.mint({ cn: `${key}.odd.test`, key, issuer: root });
    const node = x(cert);
    const fromAsn = keyFactsFromAsn(AsnConvert.parse(node.raw, Certificate));
    expect(fromAsn).toEqual(keyFacts(node));
    expect(fromAsn.keyType).not.toBe('unknown');
    expect(fromAsn.keySize).toBeGreaterThan(0);
  });
});

describe('chains with keys BoringSSL cannot read', () => {
  it.each(['ed448', 'brainpool', 'secp256k1', 'p192', 'rsa-pss', 'dsa'] as const)(
    'an intermediate with a %s key: judged, trusted, never throws',
    (key) => {
      const intermediate = pki.mint({ cn: `Odd ${key} CA`, key, ca: true, issuer: root });
      const leaf = pki.mint({ cn: 'leaf.odd.test', key: 'p256', issuer: intermediate });
      const trust = createTrustStore([root.pem]);
      const verdict = judge({
        sent: [x(leaf), x(intermediate)],
        checkedName: 'leaf.odd.test',
        trust,
        thresholds,
        now: Date.now(),
      });
      // P-192 is a weak key; everything else is a sound chain to a trusted root.
      expect(verdict.problems.map((p) => p.code)).toEqual(key === 'p192' ? ['WEAK_KEY'] : []);
      expect(verdict.chain.map((c) => c.role)).toEqual(['leaf', 'intermediate', 'root']);
    },
  );
});

describe('signatures Node cannot verify on BoringSSL are checked without verify()', () => {
  it('an MD5-signed leaf is trusted and flagged as a weak signature, a forged one is not', () => {
    const intermediate = pki.mint({ cn: 'Odd MD5 CA', key: 'rsa', ca: true, issuer: root });
    const leaf = pki.mint({ cn: 'md5.odd.test', key: 'rsa', issuer: intermediate, md: 'md5' });
    expect(checkSignature(x(leaf), x(intermediate))).toBe('valid');
    expect(checkSignature(x(leaf), x(root))).toBe('invalid');
    const verdict = judge({
      sent: [x(leaf), x(intermediate)],
      checkedName: 'md5.odd.test',
      trust: createTrustStore([root.pem]),
      thresholds,
      now: Date.now(),
    });
    expect(verdict.problems.map((p) => p.code)).toEqual(['WEAK_SIGNATURE']);
    expect(verdict.chain[0]!.signatureAlgorithm).toBe('md5WithRSAEncryption');

    // The same certificate with one signature byte changed no longer chains.
    const der = Buffer.from(x(leaf).raw);
    der[der.length - 5] = der[der.length - 5]! ^ 0x01;
    const forged = new X509Certificate(der);
    expect(checkSignature(forged, x(intermediate))).toBe('invalid');
  });

  it('a DSA-signed leaf verifies as `openssl verify` says, and a wrong DSA key does not', () => {
    const dsaCa = pki.mint({ cn: 'Odd DSA CA', key: 'dsa', ca: true, issuer: root, md: 'sha256' });
    const leaf = pki.mint({ cn: 'dsa.odd.test', key: 'p256', issuer: dsaCa, md: 'sha256' });
    const other = pki.mint({ cn: 'Odd DSA CA', key: 'dsa', ca: true, issuer: root });
    const untrusted = join(pki.dir, 'dsa-untrusted.pem');
    writeFileSync(untrusted, dsaCa.pem);
    const oracle = execFileSync(
      'openssl',
      ['verify', '-CAfile', root.certPath, '-untrusted', untrusted, leaf.certPath],
      { encoding: 'utf8' },
    );
    expect(oracle).toContain(': OK');
    expect(checkSignature(x(leaf), x(dsaCa))).toBe('valid');
    expect(checkSignature(x(leaf), x(other))).toBe('invalid');
    expect(parseCert(x(leaf)).info.signatureAlgorithm).not.toMatch(/sha1|md5/i);
  });
});

describe('trust anchors', () => {
  it('a bundle block the runtime cannot parse is skipped and counted; the rest still anchors', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nTUlJQm9ndXM=\n-----END CERTIFICATE-----';
    const ed448Root = pki.mint({ cn: 'Odd Ed448 Root', key: 'ed448', ca: true });
    const store = createTrustStore([broken, ed448Root.pem, root.pem]);
    expect(store.size).toBe(2);
    expect(store.skipped).toBe(1);
    const bundle = join(pki.dir, 'bundle.pem');
    writeFileSync(bundle, [broken, ed448Root.pem, root.pem].join('\n'));
    expect(trustStoreWithBundle(bundle).skipped).toBeGreaterThanOrEqual(1);
  });

  it('an X.509 v1 root given with --ca anchors its leaves; a v1 leaf is not a CA', () => {
    const v1Root = pki.mint({ cn: 'Odd v1 Root', key: 'rsa', v1: true });
    const leaf = pki.mint({ cn: 'v1.odd.test', key: 'p256', issuer: v1Root });
    const v1Leaf = pki.mint({ cn: 'v1leaf.odd.test', key: 'p256', issuer: root, v1: true });
    const trust = createTrustStore([v1Root.pem, root.pem]);
    const verdict = judge({
      sent: [x(leaf)],
      checkedName: 'v1.odd.test',
      trust,
      thresholds,
      now: Date.now(),
    });
    expect(verdict.problems).toEqual([]);
    expect(verdict.chain.map((c) => [c.role, c.isCA])).toEqual([
      ['leaf', false],
      ['root', false],
    ]);
    expect(parseCert(x(v1Leaf)).info.isCA).toBe(false);
    expect(parseCert(x(root)).info.isCA).toBe(true);
  });
});

describe('names', () => {
  it('a partial wildcard (w*.odd.test) never matches, as on BoringSSL and in browsers', () => {
    const leaf = pki.mint({ cn: 'partial', key: 'p256', issuer: root, sans: ['w*.odd.test'] });
    const verdict = judge({
      sent: [x(leaf)],
      checkedName: 'www.odd.test',
      trust: createTrustStore([root.pem]),
      thresholds,
      now: Date.now(),
    });
    expect(verdict.problems.map((p) => p.code)).toEqual(['HOSTNAME_MISMATCH']);
  });
});
