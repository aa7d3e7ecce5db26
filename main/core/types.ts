// The shapes every layer shares: what a check is asked (Target) and what it answers (ProbeResult).
// Plain data only, so results serialise to JSON for the CLI, the store and IPC unchanged.

export const STATUSES = ['ok', 'warning', 'critical', 'expired', 'invalid', 'error'] as const;
export type Status = (typeof STATUSES)[number];

export const STARTTLS_PROTOCOLS = ['smtp', 'imap', 'pop3', 'postgres'] as const;
export type StarttlsProtocol = (typeof STARTTLS_PROTOCOLS)[number];

export const PROBLEM_CODES = [
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
  'ENDPOINT_MISMATCH',
  'TIMEOUT',
  'REFUSED',
  'RESET',
  'UNREACHABLE',
  'DNS',
  'NOT_TLS',
  'HANDSHAKE_FAILED',
  'STARTTLS_FAILED',
  'BAD_TARGET',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** Informational findings that do not change the status (e.g. an extra certificate the server sends). */
export const NOTE_CODES = [
  'EXTRA_CERTIFICATE',
  'CHAIN_ORDER',
  'INTERMEDIATE_EXPIRES_FIRST',
  'SENT_ROOT',
] as const;
export type NoteCode = (typeof NOTE_CODES)[number];

export interface Problem {
  code: ProblemCode;
  /** One sentence a person understands without knowing TLS internals. */
  message: string;
}

export interface Note {
  code: NoteCode;
  message: string;
}

export interface Thresholds {
  /** Fewer than this many days left: warning. */
  warningDays: number;
  /** Fewer than this many days left: critical. */
  criticalDays: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { warningDays: 30, criticalDays: 7 };

/** A parsed, normalised endpoint to check. */
export interface Target {
  /** What the user typed, kept for display and for the JSON contract. */
  input: string;
  /** Lower-case ASCII host name (punycode for IDNs) or an IP literal without brackets. */
  host: string;
  port: number;
  /** Name sent as SNI and checked against the certificate, when it differs from host. */
  sni?: string;
  starttls?: StarttlsProtocol;
}

/** Where a certificate sits relative to the path a client builds. */
export type CertRole = 'leaf' | 'intermediate' | 'root' | 'extra';

export interface CertInfo {
  role: CertRole;
  subject: string;
  issuer: string;
  /** Subject alternative names, as `DNS:name` / `IP:addr` / `email:x` / `URI:x`. */
  sans: string[];
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  fingerprint256: string;
  keyType: string;
  /** Bits: RSA modulus length, EC curve size, 256 for Ed25519. */
  keySize: number | null;
  signatureAlgorithm: string;
  isCA: boolean;
  selfSigned: boolean;
  /** True when this certificate came from the trust store rather than from the server. */
  fromTrustStore: boolean;
  ocspUrls: string[];
  crlUrls: string[];
  pem: string;
}

export interface TlsInfo {
  protocol: string;
  cipher: string;
}

export interface EndpointResult {
  address: string;
  family: 4 | 6;
  status: Status;
  daysLeft: number | null;
  notAfter: string | null;
  /** Earliest notAfter along the trusted path (leaf, intermediates, root). */
  chainEarliestNotAfter: string | null;
  fingerprint256: string | null;
  problems: Problem[];
  notes: Note[];
  /** The certificates as the server sent them, then any trust-store certificate that completed the path. */
  chain: CertInfo[];
  tls: TlsInfo | null;
  durationMs: number;
}

export interface ProbeResult {
  target: string;
  host: string;
  port: number;
  sni?: string;
  starttls?: StarttlsProtocol;
  status: Status;
  /** Whole days (floored) until the soonest leaf expiry across endpoints; negative once expired. */
  daysLeft: number | null;
  notAfter: string | null;
  chainEarliestNotAfter: string | null;
  problems: Problem[];
  notes: Note[];
  endpoints: EndpointResult[];
  /** Chain of the endpoint that decided the status (worst, then soonest expiry). */
  chain: CertInfo[];
  tls: TlsInfo | null;
  checkedAt: string;
  durationMs: number;
}
