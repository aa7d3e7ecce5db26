// The trust store parses only the anchors named like a chain (trust.ts, name-key.ts). Its answers must be those of
// the full index (every anchor parsed, grouped by Node's subject text): checked over Node's and the OS's real roots,
// and over names written in different ASN.1 string types, which Node prints alike (openssl mints them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { buildPath, createTrustStore, systemRoots } from '../../main/core/probe/trust';
import { nameKey } from '../../main/core/probe/name-key';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const fingerprints = (certs: X509Certificate[]) => certs.map((c) => c.fingerprint256);

describe('lazy trust store', () => {
  const sources = [...tls.rootCertificates, ...systemRoots().pems];
  const roots = sources.flatMap((pem) => pem.match(PEM_BLOCK) ?? []).map((b) => new X509Certificate(b));

  it('finds for every real root the anchors the full index finds, and trusts it', () => {
    const store = createTrustStore(sources);
    expect(roots.length).toBeGreaterThan(100);
    for (const root of roots) {
      expect(fingerprints(store.issuersOf(root)), root.subject).toEqual(
        fingerprints(store.bySubject(root.issuer)),
      );
      expect(store.isTrusted(root), root.subject).toBe(true);
    }
    // The same root from Node and from the OS counts once.
    expect(store.size).toBe(new Set(fingerprints(roots)).size);
    expect(store.skipped).toBe(0);
  });

  it('gives every real root a name key', () => {
    const unkeyed = roots.filter((r) => nameKey(r.raw, 'subject') === null).map((r) => r.subject);
    expect(unkeyed).toEqual([]);
  });

  describe('names in other string types', () => {
    let dir: string;
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    /** A self-signed CA whose name is written with `mask` (OpenSSL's string_mask), with its own key file. */
    const root = (file: string, key: string, mask: string, subject: string) => {
      writeFileSync(
        join(dir, `${file}.cnf`),
        `[req]\ndistinguished_name = dn\nstring_mask = ${mask}\nprompt = no\n[dn]\n[ext]\nbasicConstraints = critical,CA:true\nkeyUsage = critical,keyCertSign,cRLSign\n`,
      );
      openssl(
        'req',
        '-x509',
        '-new',
        '-key',
        key,
        '-subj',
        subject,
        '-utf8',
        '-days',
        '30',
        '-config',
        `${file}.cnf`,
        '-extensions',
        'ext',
        '-out',
        `${file}.pem`,
      );
      return readFileSync(join(dir, `${file}.pem`), 'utf8');
    };

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'certwatch-trust-lazy-'));
      openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
      openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'leaf.key');
      writeFileSync(join(dir, 'leaf.cnf'), '[ext]\nsubjectAltName = DNS:odd.test\n');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** A leaf signed by `issuerPem` (its issuer name copied from it, string types included). */
    const leafOf = (issuerPem: string) => {
      writeFileSync(join(dir, 'issuer.pem'), issuerPem);
      openssl('req', '-new', '-key', 'leaf.key', '-subj', '/CN=odd.test', '-out', 'leaf.csr');
      openssl(
        'x509',
        '-req',
        '-in',
        'leaf.csr',
        '-CA',
        'issuer.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '20',
        '-extfile',
        'leaf.cnf',
        '-extensions',
        'ext',
        '-out',
        'leaf.pem',
      );
      return new X509Certificate(readFileSync(join(dir, 'leaf.pem')));
    };

    it.each([
      ['UTF8String', 'utf8only'],
      ['BMPString', 'MASK:0x800'],
    ])('a root named in %s anchors a leaf whose issuer is written as PrintableString', (_type, mask) => {
      const subject = '/C=DE/O=Odd Encoding Test/CN=Odd Encoding Root';
      const printable = root('printable', 'ca.key', 'nombstr', subject);
      const other = root('other', 'ca.key', mask, subject);
      const leaf = leafOf(printable);
      const anchor = new X509Certificate(other);
      // Different bytes, the same name as Node prints it.
      expect(Buffer.compare(anchor.raw, new X509Certificate(printable).raw)).not.toBe(0);
      expect(anchor.subject).toBe(leaf.issuer);
      const store = createTrustStore([...tls.rootCertificates, other]);
      expect(fingerprints(store.issuersOf(leaf))).toEqual(fingerprints(store.bySubject(leaf.issuer)));
      expect(fingerprints(store.issuersOf(leaf))).toEqual([anchor.fingerprint256]);
      const path = buildPath([leaf], store, Date.now());
      expect(path.end).toBe('trusted');
      // A re-issued root (same name and key, other bytes) is the same anchor.
      expect(store.isTrusted(new X509Certificate(printable))).toBe(true);
    });

    it('a block the runtime cannot parse is skipped in every lookup and counted once per copy', () => {
      const broken = '-----BEGIN CERTIFICATE-----\nTUlJQm9ndXM=\n-----END CERTIFICATE-----';
      const printable = root('plain', 'ca.key', 'nombstr', '/CN=Odd Plain Root');
      const leaf = leafOf(printable);
      const store = createTrustStore([broken, printable, broken]);
      expect(buildPath([leaf], store, Date.now()).end).toBe('trusted');
      expect(store.skipped).toBe(2);
      expect(store.size).toBe(1);
    });
  });
});
