// Checks that one certificate's signature was made by another's key, the same way on every runtime.
// Node's verify() refuses MD5 and cannot verify DSA on BoringSSL (Electron), and cannot even read Ed448, brainpool,
// secp256k1, P-192 or RSA-PSS keys there. MD5- and DSA-signed certificates are therefore always checked here with
// plain BigInt arithmetic (RSA PKCS#1 v1.5, FIPS 186 DSA), so Node and Electron agree; everything else goes to
// Node, and a key the runtime cannot read makes the link "uncheckable", never "invalid".
import { createHash, type X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { pkijsCertificate } from './pkijs-cert';

export type SignatureCheck = 'valid' | 'invalid' | 'uncheckable';

const RSA_PKCS1_HASH: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};
const DSA_HASH: Record<string, string> = {
  '1.2.840.10040.4.3': 'sha1',
  '2.16.840.1.101.3.4.3.1': 'sha224',
  '2.16.840.1.101.3.4.3.2': 'sha256',
};
/** DER DigestInfo prefixes (RFC 8017 section 9.2, note 1). */
const DIGEST_INFO: Record<string, string> = {
  md5: '3020300c06082a864886f70d020505000410',
  sha1: '3021300906052b0e03021a05000414',
  sha224: '302d300d06096086480165030402040500041c',
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};
const MD5_RSA = '1.2.840.113549.1.1.4';
const RSA_KEY = '1.2.840.113549.1.1.1';
const DSA_KEY = '1.2.840.10040.4.1';

/** Whether `issuer`'s key made `cert`'s signature. Never throws. */
export function checkSignature(cert: X509Certificate, issuer: X509Certificate): SignatureCheck {
  let sigOid: string;
  try {
    sigOid = pkijsCertificate(cert).signatureAlgorithm.algorithmId;
  } catch {
    return 'uncheckable';
  }
  if (sigOid === MD5_RSA || DSA_HASH[sigOid]) return checkInJs(cert, issuer, sigOid);
  try {
    return cert.verify(issuer.publicKey) ? 'valid' : 'invalid';
  } catch {
    // The runtime cannot read the issuer's key or the algorithm; RSA PKCS#1 can still be checked here.
    return RSA_PKCS1_HASH[sigOid] ? checkInJs(cert, issuer, sigOid) : 'uncheckable';
  }
}

function checkInJs(cert: X509Certificate, issuer: X509Certificate, sigOid: string): SignatureCheck {
  try {
    const signed = pkijsCertificate(cert);
    const spki = pkijsCertificate(issuer).subjectPublicKeyInfo;
    const keyOid = spki.algorithm.algorithmId;
    const tbs = Buffer.from(signed.tbsView);
    const signature = Buffer.from(signed.signatureValue.valueBlock.valueHexView);
    const rsaHash = RSA_PKCS1_HASH[sigOid];
    if (rsaHash && keyOid === RSA_KEY) return rsaPkcs1(tbs, signature, spki, rsaHash) ? 'valid' : 'invalid';
    const dsaHash = DSA_HASH[sigOid];
    if (dsaHash && keyOid === DSA_KEY) return dsa(tbs, signature, spki, dsaHash) ? 'valid' : 'invalid';
    // The signature algorithm does not fit the issuer's key type: this issuer did not sign it.
    return 'invalid';
  } catch {
    return 'uncheckable';
  }
}

const big = (bytes: Uint8Array): bigint =>
  bytes.length ? BigInt(`0x${Buffer.from(bytes).toString('hex')}`) : 0n;

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  return result;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

function integersOf(der: ArrayBuffer | Uint8Array): bigint[] {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) throw new Error('not a SEQUENCE');
  return parsed.result.valueBlock.value.map((v) => {
    if (!(v instanceof asn1js.Integer)) throw new Error('not an INTEGER');
    return big(v.valueBlock.valueHexView);
  });
}

/** RSASSA-PKCS1-v1_5 verification (RFC 8017 section 8.2.2) by re-encoding and comparing. */
function rsaPkcs1(tbs: Buffer, signature: Buffer, spki: pkijs.PublicKeyInfo, hash: string): boolean {
  const [n, e] = integersOf(spki.subjectPublicKey.valueBlock.valueHexView);
  if (!n || !e) return false;
  const k = Math.ceil(n.toString(16).length / 2);
  const s = big(signature);
  if (signature.length !== k || s >= n) return false;
  const em = modPow(s, e, n)
    .toString(16)
    .padStart(k * 2, '0');
  const t = DIGEST_INFO[hash]! + createHash(hash).update(tbs).digest('hex');
  const expected = `0001${'ff'.repeat(k - 3 - t.length / 2)}00${t}`;
  return k - 3 - t.length / 2 >= 8 && em === expected;
}

/** DSA verification (FIPS 186-4 section 4.7). */
function dsa(tbs: Buffer, signature: Buffer, spki: pkijs.PublicKeyInfo, hash: string): boolean {
  const params = spki.algorithm.algorithmParams as asn1js.AsnType | undefined;
  if (!params) return false;
  const [p, q, g] = integersOf(params.toBER());
  const y = (asn1js.fromBER(spki.subjectPublicKey.valueBlock.valueHexView).result as asn1js.Integer)
    .valueBlock.valueHexView;
  const [r, s] = integersOf(signature);
  if (!p || !q || !g || r === undefined || s === undefined) return false;
  if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
  const digest = createHash(hash).update(tbs).digest();
  const qBits = q.toString(2).length;
  let z = big(digest);
  if (digest.length * 8 > qBits) z >>= BigInt(digest.length * 8 - qBits);
  const w = modInverse(s, q);
  const u1 = (z * w) % q;
  const u2 = (r * w) % q;
  const v = ((modPow(g, u1, p) * modPow(big(y), u2, p)) % p) % q;
  return v === r;
}
