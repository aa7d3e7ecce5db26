// The TLS profile is chosen by trying it on the runtime's own TLS library. Each profile's strings are checked
// against both libraries: Node's OpenSSL (this Node and Node 24) and BoringSSL (Bun, Electron's stand-in).
import { describe, expect, it } from 'vitest';
import tls from 'node:tls';
import { resolve } from 'node:path';
import {
  BORINGSSL_PROFILE,
  OPENSSL_PROFILE,
  activeTlsProfile,
  chooseTlsProfile,
} from '../../main/core/probe/tls-profile';
import { BUN, NODE24, runWith } from '../fixtures/runtimes';

const moduleUrl = `file://${resolve('main/core/probe/tls-profile.ts')}`;
/** Prints, for each profile, whether the runtime accepts it, then which profile the module chooses. */
const script = `
import tls from 'node:tls';
const m = await import(${JSON.stringify(moduleUrl)});
const out = {};
for (const p of m.TLS_PROFILES) {
  try { tls.createSecureContext(p.options); out[p.name] = 'accepted'; }
  catch (e) { out[p.name] = e.code; }
}
out.active = m.activeTlsProfile();
console.log(JSON.stringify(out));
`;

describe('choosing by trying', () => {
  it('Node (OpenSSL) takes the OpenSSL profile', () => {
    expect(activeTlsProfile()).toEqual({ name: 'openssl', ciphers: 'DEFAULT:@SECLEVEL=0' });
  });

  it('a library that refuses the OpenSSL profile gets the BoringSSL one', () => {
    const tried: string[] = [];
    const chosen = chooseTlsProfile((options) => {
      tried.push(options.ciphers ?? '');
      if (options.ciphers?.includes('@SECLEVEL'))
        throw Object.assign(new Error('error:1000009e:SSL routines:OPENSSL_internal:INVALID_COMMAND'), {
          code: 'ERR_SSL_INVALID_COMMAND',
        });
      return tls.createSecureContext(options);
    });
    expect(chosen.profile.name).toBe('boringssl');
    expect(tried).toEqual([OPENSSL_PROFILE.options.ciphers, BORINGSSL_PROFILE.options.ciphers]);
  });

  it('a library that refuses both says so in one sentence', () => {
    expect(() =>
      chooseTlsProfile(() => {
        throw Object.assign(new Error('no'), { code: 'ERR_SSL_NO_CIPHER_MATCH' });
      }),
    ).toThrow(/accepts none of Certwatch's TLS profiles \(openssl: ERR_SSL_NO_CIPHER_MATCH/);
  });
});

describe('each spelling against each library', () => {
  it('Bun (BoringSSL) refuses @SECLEVEL and accepts the BoringSSL profile, which it then uses', async () => {
    const run = await runWith(BUN, ['-e', script]);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    expect(out.openssl).toBe('ERR_SSL_INVALID_COMMAND');
    expect(out.boringssl).toBe('accepted');
    expect(out.active).toEqual({
      name: 'boringssl',
      ciphers: BORINGSSL_PROFILE.options.ciphers,
      sigalgs: BORINGSSL_PROFILE.options.sigalgs,
    });
    for (const alg of ['ed25519', 'ecdsa_secp521r1_sha512', 'ECDSA+SHA1', 'rsa_pkcs1_sha1'])
      expect(out.active.sigalgs.split(':')).toContain(alg);
  });

  it('Node 24 (OpenSSL 3.5) accepts both and uses the OpenSSL profile', async () => {
    const run = await runWith(NODE24, ['--input-type=module', '-e', script]);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ openssl: 'accepted', boringssl: 'accepted', active: { name: 'openssl' } });
  });

  it('this Node (OpenSSL 3.0) accepts both too', () => {
    expect(() => tls.createSecureContext(OPENSSL_PROFILE.options)).not.toThrow();
    expect(() => tls.createSecureContext(BORINGSSL_PROFILE.options)).not.toThrow();
  });
});
