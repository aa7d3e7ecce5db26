// Mints the self-test's throw-away PKI in memory: a root, an intermediate and three leaves (valid, expired,
// issued for another name). Nothing is written to disk and the keys live only as long as the self-test.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

const DAY = 86_400_000;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
// @peculiar/x509 is typed against the DOM's Crypto; Node's webcrypto is that object.
const crypto = webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.create>[1];
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** Names under `.invalid` (RFC 2606) never resolve; the self-test's lookup maps them to 127.0.0.1 itself. */
export const SELFTEST_DOMAIN = 'certwatch-selftest.invalid';
export const SELFTEST_NAMES = {
  good: `good.${SELFTEST_DOMAIN}`,
  expired: `expired.${SELFTEST_DOMAIN}`,
  wrongName: `wrong-name.${SELFTEST_DOMAIN}`,
} as const;

export interface SelfTestCredential {
  /** Leaf then intermediate, as a well-configured server sends them. */
  certPem: string;
  keyPem: string;
}

export interface SelfTestPki {
  rootPem: string;
  good: SelfTestCredential;
  expired: SelfTestCredential;
  /** Valid dates and chain, but issued for another name than the one asked for. */
  wrongName: SelfTestCredential;
}

interface Issued {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}

async function issue(opts: {
  cn: string;
  issuer?: Issued;
  ca: boolean;
  notBefore: number;
  notAfter: number;
  dns?: string;
}): Promise<Issued> {
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(opts.ca, undefined, true),
    new x509.KeyUsagesExtension(
      opts.ca
        ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
        : x509.KeyUsageFlags.digitalSignature,
      true,
    ),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
  ];
  if (opts.issuer)
    extensions.push(
      await x509.AuthorityKeyIdentifierExtension.create(opts.issuer.keys.publicKey, false, crypto),
    );
  if (opts.dns) extensions.push(new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: opts.dns }]));
  const serial = Buffer.from(webcrypto.getRandomValues(new Uint8Array(12)));
  serial[0] = serial[0]! & 0x7f; // a positive INTEGER
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial.toString('hex'),
      subject: `CN=${opts.cn}`,
      issuer: opts.issuer ? opts.issuer.cert.subject : `CN=${opts.cn}`,
      notBefore: new Date(opts.notBefore),
      notAfter: new Date(opts.notAfter),
      signingAlgorithm: SIGN,
      publicKey: keys.publicKey,
      signingKey: (opts.issuer ?? { keys }).keys.privateKey,
      extensions,
    },
    crypto,
  );
  return { cert, keys };
}

async function credential(leaf: Issued, intermediate: Issued): Promise<SelfTestCredential> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', leaf.keys.privateKey);
  return {
    certPem: `${leaf.cert.toString('pem')}\n${intermediate.cert.toString('pem')}\n`,
    keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
  };
}

/** A fresh chain per run (EC P-256: a few milliseconds), dated around `now`. */
export async function mintSelfTestPki(now: number): Promise<SelfTestPki> {
  const root = await issue({
    cn: 'Certwatch Self-Test Root',
    ca: true,
    notBefore: now - DAY,
    notAfter: now + 90 * DAY,
  });
  const intermediate = await issue({
    cn: 'Certwatch Self-Test Intermediate',
    issuer: root,
    ca: true,
    notBefore: now - DAY,
    notAfter: now + 90 * DAY,
  });
  const leaf = (cn: string, notBefore: number, notAfter: number) =>
    issue({ cn, dns: cn, issuer: intermediate, ca: false, notBefore, notAfter });
  const good = await leaf(SELFTEST_NAMES.good, now - DAY, now + 60 * DAY);
  const expired = await leaf(SELFTEST_NAMES.expired, now - 10 * DAY, now - 2 * DAY);
  const other = await leaf(`other.${SELFTEST_DOMAIN}`, now - DAY, now + 60 * DAY);
  return {
    rootPem: root.cert.toString('pem'),
    good: await credential(good, intermediate),
    expired: await credential(expired, intermediate),
    wrongName: await credential(other, intermediate),
  };
}
