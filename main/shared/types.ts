// The shapes every layer shares: what a check is asked (Target) and what it answers (ProbeResult).
// Plain data only, so results serialise to JSON for the CLI, the store and IPC unchanged.

export const STATUSES = ['ok', 'warning', 'critical', 'expired', 'invalid', 'error'] as const;
export type Status = (typeof STATUSES)[number];

export const STARTTLS_PROTOCOLS = [
  'smtp',
  'imap',
  'pop3',
  'postgres',
  'ftp',
  'ldap',
  'xmpp',
  'xmpp-server',
  'mysql',
] as const;
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
  /** The server offers only cipher suites, groups, signatures or versions this runtime's TLS library lacks. */
  'UNSUPPORTED_ALGORITHMS',
  /** A signature on the chain uses a key this runtime's TLS library cannot read, so that link is unconfirmed. */
  'SIGNATURE_UNCHECKABLE',
  'STARTTLS_FAILED',
  'BAD_TARGET',
  /** The issuer revoked the certificate (OCSP or CRL said so). */
  'REVOKED',
  /** The HTTP CONNECT proxy refused, failed or could not reach the target. */
  'PROXY_FAILED',
  /** A watched certificate file is missing, unreadable or holds no certificate. */
  'FILE_UNREADABLE',
  /** Path validation (path-validation.ts): the leaf names nobody in a subjectAltName (CN only). */
  'MISSING_SAN',
  /** The leaf's extendedKeyUsage does not allow TLS server authentication. */
  'WRONG_EKU',
  /** A keyUsage that forbids the job: no keyCertSign on an issuer, no signing/key exchange on the leaf. */
  'WRONG_KEY_USAGE',
  /** A certificate on the path signs others without basicConstraints CA:TRUE. */
  'ISSUER_NOT_CA',
  /** A CA's basicConstraints pathLenConstraint allows fewer CAs below it than the path has. */
  'PATH_LENGTH_EXCEEDED',
  /** A CA's name constraints do not permit the leaf's name (or a name on the path). */
  'NAME_NOT_PERMITTED',
  /** A CA's name constraints exclude the leaf's name (or a name on the path). */
  'NAME_EXCLUDED',
  /** An intermediate or root on the path is not valid yet. */
  'CHAIN_NOT_YET_VALID',
  /** RFC 5280 path validation (PKI.js) refused the path for a reason the named checks do not cover. */
  'PATH_INVALID',
  /**
   * An ACME CA's certificate with less than a third of its lifetime left: automatic renewal should already have
   * happened. Implies no status of its own (the lifetime clock decides); it says where to look.
   */
  'RENEWAL_OVERDUE',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** Informational findings that do not change the status (e.g. an extra certificate the server sends). */
export const NOTE_CODES = [
  'EXTRA_CERTIFICATE',
  'CHAIN_ORDER',
  'INTERMEDIATE_EXPIRES_FIRST',
  'SENT_ROOT',
  /**
   * Revocation could not be checked (responder unreachable, bad or stale answer). A note, not a problem:
   * browsers soft-fail the same way, so it never changes the status (see revocation/check.ts).
   */
  'OCSP_UNAVAILABLE',
  'CRL_UNAVAILABLE',
  /** The OCSP responder does not know the certificate. */
  'REVOCATION_UNKNOWN',
  /** The server staples an OCSP response that is stale, unsigned by the issuer or for another certificate. */
  'OCSP_STAPLE_INVALID',
  /** A signature on the path uses an algorithm this runtime cannot verify (MD5, DSA, brainpool…): not judged. */
  'SIGNATURE_UNCHECKABLE',
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
  /**
   * A local certificate file (absolute path) instead of a network endpoint; `host` then holds the same path
   * and `port` is 0, so keys built from host and port stay unique.
   */
  file?: string;
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

export const REVOCATION_STATUSES = ['good', 'revoked', 'unknown', 'unavailable'] as const;
export type RevocationStatus = (typeof REVOCATION_STATUSES)[number];

/** What the issuer says about the leaf: a stapled or fetched OCSP response, or its CRL. */
export interface Revocation {
  method: 'ocsp' | 'ocsp-stapled' | 'crl';
  status: RevocationStatus;
  /** ISO time of the revocation (revoked only). */
  revokedAt?: string;
  /** RFC 5280 reason name, e.g. `keyCompromise` (revoked only, when the issuer gives one). */
  reason?: string;
  checkedAt: string;
  /** The OCSP responder or CRL URL asked; absent for a stapled response. */
  responderUrl?: string;
  /** Validity window of the answer used (OCSP thisUpdate/nextUpdate, CRL thisUpdate/nextUpdate). */
  thisUpdate?: string;
  nextUpdate?: string;
  /** Why the status is unknown or unavailable, in one sentence. */
  message?: string;
}

export interface EndpointResult {
  /** IP address; the host name when a proxy resolved it; the path for a certificate file. */
  address: string;
  /** 4 for names reached through a proxy and for files. */
  family: 4 | 6;
  /** The proxy the endpoint was reached through (`http://host:port`, never credentials). */
  proxy?: string;
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
  /** Absent when not checked (turned off, no OCSP/CRL URL, no issuer, expired, or a file). */
  revocation?: Revocation;
  durationMs: number;
}

export interface ProbeResult {
  target: string;
  host: string;
  port: number;
  sni?: string;
  starttls?: StarttlsProtocol;
  /** Set for a certificate file target (absolute path). */
  file?: string;
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
  /** Revocation of the endpoint that decided the status. */
  revocation?: Revocation;
  checkedAt: string;
  durationMs: number;
}
