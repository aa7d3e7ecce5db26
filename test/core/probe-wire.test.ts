// A result's certificates cross from a worker in full once, then by reference (main/core/probe/wire.ts): what
// arrives must equal what was sent, however many certificates have come and gone.
import { describe, expect, it } from 'vitest';
import { certPacker, certUnpacker } from '../../main/core/probe/wire';
import type { CertInfo, ProbeResult } from '../../main/shared/types';

function cert(n: number, role: CertInfo['role'] = 'leaf'): CertInfo {
  return {
    role,
    subject: `CN=site${n}.test`,
    issuer: 'CN=Test Intermediate',
    sans: [`DNS:site${n}.test`],
    serialNumber: n.toString(16),
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    fingerprint256: `FP:${n}`,
    keyType: 'EC prime256v1',
    keySize: 256,
    signatureAlgorithm: 'ecdsa-with-SHA256',
    isCA: role !== 'leaf',
    selfSigned: role === 'root',
    fromTrustStore: role === 'root',
    ocspUrls: [],
    crlUrls: [],
    pem: `-----BEGIN CERTIFICATE-----\n${n}\n-----END CERTIFICATE-----`,
  };
}

function result(leaf: number): ProbeResult {
  const chain = [cert(leaf), cert(-1, 'intermediate'), cert(-2, 'root')];
  const endpoint = {
    address: '127.0.0.1',
    family: 4 as const,
    status: 'ok' as const,
    daysLeft: 100,
    notAfter: '2027-01-01T00:00:00.000Z',
    chainEarliestNotAfter: '2027-01-01T00:00:00.000Z',
    fingerprint256: `FP:${leaf}`,
    problems: [],
    notes: [],
    chain,
    tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' },
    durationMs: 3,
  };
  return {
    target: `site${leaf}.test`,
    host: `site${leaf}.test`,
    port: 443,
    status: 'ok',
    daysLeft: 100,
    notAfter: endpoint.notAfter,
    chainEarliestNotAfter: endpoint.notAfter,
    problems: [],
    notes: [],
    endpoints: [endpoint, { ...endpoint, address: '::1', family: 6 }],
    chain,
    tls: endpoint.tls,
    checkedAt: '2026-12-02T00:00:00.000Z',
    durationMs: 4,
  };
}

describe('results across the worker port', () => {
  it('arrive equal to what was sent: new certificates, repeated ones, and ones long forgotten', () => {
    const pack = certPacker();
    const unpack = certUnpacker();
    // 3,000 distinct leaves (three times what each side remembers), each twice, under one intermediate and root.
    const order = Array.from({ length: 3000 }, (_, i) => [i, i]).flat();
    for (const leaf of [...order, 5, 2999, 0]) {
      const sent = result(leaf);
      const wire = pack(sent);
      expect(unpack(structuredClone(wire))).toEqual(sent);
    }
    // Repeats really go by reference: the intermediate is not sent again.
    const again = pack(result(1));
    expect(again.chain[1]).toEqual({ ref: 'FP:-1|intermediate|false' });
  });

  it('gives every result its own copies, so changing one result leaves the next alone', () => {
    const pack = certPacker();
    const unpack = certUnpacker();
    const first = unpack(pack(result(1)));
    first.chain[1]!.sans.push('DNS:changed.test');
    const second = unpack(pack(result(2)));
    expect(second.chain[1]!.sans).toEqual(['DNS:site-1.test']);
  });
});
