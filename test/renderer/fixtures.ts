// Builders for the data the engine produces (certificates, probe results, history), with sensible defaults
// so each test states only what it is about.
import type { CheckRecord } from '../../main/shared/model';
import type { CertInfo, EndpointResult, Problem, ProbeResult, Status } from '../../main/shared/types';

export const DAY = 86_400_000;

export function isoIn(days: number, from = Date.now()): string {
  return new Date(from + days * DAY).toISOString();
}

const PEM_BODY = btoa('certwatch test certificate body');

export function cert(overrides: Partial<CertInfo> = {}): CertInfo {
  return {
    role: 'leaf',
    subject: 'CN=example.com',
    issuer: "C=US, O=Let's Encrypt, CN=R11",
    sans: ['DNS:example.com', 'DNS:www.example.com'],
    serialNumber: '04A1B2C3D4E5F6',
    notBefore: isoIn(-60),
    notAfter: isoIn(30),
    fingerprint256:
      'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99',
    keyType: 'EC',
    keySize: 256,
    signatureAlgorithm: 'ecdsa-with-SHA384',
    isCA: false,
    selfSigned: false,
    fromTrustStore: false,
    ocspUrls: [],
    crlUrls: [],
    pem: `-----BEGIN CERTIFICATE-----\n${PEM_BODY}\n-----END CERTIFICATE-----\n`,
    ...overrides,
  };
}

export function endpoint(overrides: Partial<EndpointResult> = {}): EndpointResult {
  return {
    address: '203.0.113.10',
    family: 4,
    status: 'ok',
    daysLeft: 30,
    notAfter: isoIn(30),
    chainEarliestNotAfter: isoIn(30),
    fingerprint256: cert().fingerprint256,
    problems: [],
    notes: [],
    chain: [cert()],
    tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' },
    durationMs: 84,
    ...overrides,
  };
}

export interface ResultSpec {
  target: string;
  status?: Status;
  daysLeft?: number | null;
  problems?: Problem[];
  issuer?: string;
  checkedAt?: string;
}

/** A probe result for `host[:port]`, consistent across its top level, endpoint and leaf. */
export function probeResult(spec: ResultSpec, overrides: Partial<ProbeResult> = {}): ProbeResult {
  const [host = spec.target, port = '443'] = spec.target.replace(/^[a-z]+:\/\//, '').split(':');
  const status = spec.status ?? 'ok';
  const daysLeft = spec.daysLeft === undefined ? 60 : spec.daysLeft;
  // Half a day inside the whole days counted (main/shared/days.ts): floored ahead, whole days since once past.
  const notAfter = daysLeft === null ? null : isoIn(daysLeft < 0 ? daysLeft - 0.5 : daysLeft + 0.5);
  const leaf =
    notAfter === null
      ? null
      : cert({
          subject: `CN=${host}`,
          sans: [`DNS:${host}`],
          notAfter,
          ...(spec.issuer ? { issuer: `O=Test CA, CN=${spec.issuer}` } : {}),
        });
  const problems = spec.problems ?? [];
  return {
    target: `${host}:${port}`,
    host,
    port: Number(port),
    status,
    daysLeft,
    notAfter,
    chainEarliestNotAfter: notAfter,
    problems,
    notes: [],
    endpoints: [
      endpoint({
        status,
        daysLeft,
        notAfter,
        chainEarliestNotAfter: notAfter,
        fingerprint256: leaf?.fingerprint256 ?? null,
        chain: leaf ? [leaf] : [],
        problems,
        tls: leaf ? { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' } : null,
      }),
    ],
    chain: leaf ? [leaf] : [],
    tls: leaf ? { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' } : null,
    checkedAt: spec.checkedAt ?? isoIn(-0.01),
    durationMs: 120,
    ...overrides,
  };
}

export function record(overrides: Partial<CheckRecord> = {}): CheckRecord {
  return {
    at: isoIn(-1),
    status: 'ok',
    daysLeft: 30,
    notAfter: isoIn(30),
    fingerprint256: cert().fingerprint256,
    problems: [],
    durationMs: 90,
    ...overrides,
  };
}
