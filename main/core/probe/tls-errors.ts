// Sorts a failed TLS handshake into what the user can act on, from the error's `code` (and `reason`) only.
// Message texts differ between OpenSSL ("wrong version number") and BoringSSL ("OPENSSL_internal:WRONG_VERSION_NUMBER")
// and are never read; Node and Electron both keep `code` as ERR_SSL_<REASON>.

export type TlsFailureKind =
  /** The peer answered with something that is not a TLS record (plain HTTP, SSH, a banner). */
  | 'not-tls'
  /** No cipher suite, group, signature algorithm or version in common with this runtime's TLS library. */
  | 'unsupported'
  /** Any other TLS-level failure (an alert, a protocol error). */
  | 'handshake';

/** Reasons meaning the bytes received are not TLS at all. ENCRYPTED_LENGTH_TOO_LONG is BoringSSL's oversized record. */
const NOT_TLS = new Set([
  'WRONG_VERSION_NUMBER',
  'PACKET_LENGTH_TOO_LONG',
  'ENCRYPTED_LENGTH_TOO_LONG',
  'HTTP_REQUEST',
  'HTTPS_PROXY_REQUEST',
  'UNKNOWN_PROTOCOL',
  'RECORD_TOO_LARGE',
  'RECORD_LENGTH_MISMATCH',
  'WRONG_SSL_VERSION',
]);

/**
 * Reasons meaning the two sides share no algorithm: the server's handshake_failure / insufficient_security /
 * protocol_version alerts (what a server sends when nothing in the ClientHello suits it), and the client's own
 * refusals of what the server chose. BoringSSL servers and clients use the same names.
 */
const UNSUPPORTED = new Set([
  'SSLV3_ALERT_HANDSHAKE_FAILURE',
  'TLSV1_ALERT_INSUFFICIENT_SECURITY',
  'TLSV1_ALERT_PROTOCOL_VERSION',
  'UNSUPPORTED_PROTOCOL',
  'NO_PROTOCOLS_AVAILABLE',
  'NO_SHARED_CIPHER',
  'NO_CIPHERS_AVAILABLE',
  'NO_CIPHER_MATCH',
  'WRONG_CIPHER_RETURNED',
  'UNKNOWN_CIPHER_RETURNED',
  'NO_COMMON_SIGNATURE_ALGORITHMS',
  'NO_SHARED_SIGNATURE_ALGORITHMS',
  'WRONG_SIGNATURE_TYPE',
  'WRONG_CURVE',
  'UNSUPPORTED_ELLIPTIC_CURVE',
  'UNKNOWN_CERTIFICATE_TYPE',
  'UNSUPPORTED_ALGORITHM',
  'DH_KEY_TOO_SMALL',
  'BAD_DH_P_LENGTH',
  'DH_P_TOO_LONG',
]);

/** The library's reason as one token: the code without ERR_SSL_, else the reason field in BoringSSL's spelling. */
export function tlsReason(error: unknown): string | undefined {
  const e = (error ?? {}) as { code?: unknown; reason?: unknown };
  if (typeof e.code === 'string' && e.code.startsWith('ERR_SSL_')) return e.code.slice('ERR_SSL_'.length);
  if (typeof e.reason === 'string' && e.reason) return e.reason.toUpperCase().replace(/[\s-]+/g, '_');
  return undefined;
}

/** undefined when the error is not from the TLS library (a socket error such as ECONNRESET). */
export function classifyTlsError(error: unknown): TlsFailureKind | undefined {
  const reason = tlsReason(error);
  if (!reason) return undefined;
  if (NOT_TLS.has(reason)) return 'not-tls';
  if (UNSUPPORTED.has(reason)) return 'unsupported';
  return 'handshake';
}
