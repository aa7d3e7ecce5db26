// The client TLS settings the probe uses, chosen by trying them on the TLS library this runtime carries:
// Node's OpenSSL takes the permissive OpenSSL profile; Electron's BoringSSL refuses it and gets its own.
// No version checks: the library answers for itself, so a new Electron or Node is handled the same way.
import tls from 'node:tls';

export type TlsProfileName = 'openssl' | 'boringssl';

export interface TlsProfile {
  name: TlsProfileName;
  /** The options handed to tls.createSecureContext. */
  options: tls.SecureContextOptions & { ciphers: string };
}

/**
 * OpenSSL (Node's own build): every suite down to security level 0 and TLS 1.0, so weak servers can still be
 * seen and explained. OpenSSL's default signature algorithms and groups already include Ed25519, Ed448 and P-521.
 */
export const OPENSSL_PROFILE: TlsProfile = {
  name: 'openssl',
  options: { ciphers: 'DEFAULT:@SECLEVEL=0', minVersion: 'TLSv1' },
};

/**
 * BoringSSL (Electron's Node) knows no `@SECLEVEL`; `ALL` is its widest list, and suites it keeps only on request
 * (3DES, ECDHE-*-AES128-SHA256) are named. Its client advertises neither Ed25519, ECDSA-P521 nor ECDSA/RSA-SHA1
 * signatures nor the P-521 group by default, so both lists are spelled out. The spellings are accepted by
 * BoringSSL (Debian's android-libboringssl and Bun) and by OpenSSL 3 (Node 24) alike; see test/core/tls-profile.test.ts.
 */
export const BORINGSSL_PROFILE: TlsProfile = {
  name: 'boringssl',
  options: {
    ciphers: 'ALL:DES-CBC3-SHA:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA256',
    sigalgs: [
      'ecdsa_secp256r1_sha256',
      'ecdsa_secp384r1_sha384',
      'ecdsa_secp521r1_sha512',
      'ed25519',
      'rsa_pss_rsae_sha256',
      'rsa_pss_rsae_sha384',
      'rsa_pss_rsae_sha512',
      'rsa_pkcs1_sha256',
      'rsa_pkcs1_sha384',
      'rsa_pkcs1_sha512',
      'ECDSA+SHA1',
      'rsa_pkcs1_sha1',
    ].join(':'),
    ecdhCurve: 'X25519:P-256:P-384:P-521',
    minVersion: 'TLSv1',
  },
};

/** In order of preference: the first one this runtime's TLS library accepts wins. */
export const TLS_PROFILES: readonly TlsProfile[] = [OPENSSL_PROFILE, BORINGSSL_PROFILE];

export interface ChosenProfile {
  profile: TlsProfile;
  context: tls.SecureContext;
}

type CreateContext = (options: tls.SecureContextOptions) => tls.SecureContext;

/** Tries each profile in turn; throws only when the runtime accepts none (then no handshake could work). */
export function chooseTlsProfile(
  create: CreateContext = tls.createSecureContext,
  profiles: readonly TlsProfile[] = TLS_PROFILES,
): ChosenProfile {
  const refusals: string[] = [];
  for (const profile of profiles) {
    try {
      return { profile, context: create(profile.options) };
    } catch (error) {
      refusals.push(`${profile.name}: ${(error as { code?: string }).code ?? 'refused'}`);
    }
  }
  throw new Error(
    `This runtime's TLS library accepts none of Certwatch's TLS profiles (${refusals.join(', ')}).`,
  );
}

let chosen: ChosenProfile | undefined;

/**
 * One client context for every handshake. Without it tls.connect builds a context per connection, and
 * OpenSSL 3's SSL_CTX_new cost about a third of the probe's CPU (see BENCHMARKS.md). Sessions are never resumed:
 * Node keeps no client sessions unless given `session`, so every handshake is a full one and the server always
 * sends its certificates.
 */
export function clientContext(): tls.SecureContext {
  chosen ??= chooseTlsProfile();
  return chosen.context;
}

/** Which profile this runtime uses, for `certwatch doctor` and the self-test. */
export function activeTlsProfile(): { name: 'openssl' | 'boringssl'; ciphers: string; sigalgs?: string } {
  chosen ??= chooseTlsProfile();
  const { name, options } = chosen.profile;
  return { name, ciphers: options.ciphers, ...(options.sigalgs ? { sigalgs: options.sigalgs } : {}) };
}
