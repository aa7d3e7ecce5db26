// Handshake failures are sorted by the error's code/reason only. Error objects recorded from BoringSSL (Bun, the
// stand-in for Electron's Node) and OpenSSL (Node 20) must land in the same problem, whatever their messages say.
import { describe, expect, it } from 'vitest';
import { describeHandshakeFailure, type HandshakeRequest } from '../../main/core/probe/handshake';
import { classifyTlsError, tlsReason } from '../../main/core/probe/tls-errors';
import { BORINGSSL_ERRORS, OPENSSL_ERRORS, type RecordedTlsError } from '../fixtures/tls-errors-recorded';

const req: HandshakeRequest = {
  address: '127.0.0.1',
  family: 4,
  port: 8443,
  signal: new AbortController().signal,
  timeoutSeconds: 10,
};

/** Rebuilds an Error the way Node/Bun hand it to the 'error' listener. */
const asError = (r: RecordedTlsError) =>
  Object.assign(new Error(r.message), {
    code: r.code,
    reason: r.reason,
    library: r.library,
    function: r.function,
  });

const EXPECTED: Record<string, string> = {
  http: 'NOT_TLS',
  ssh: 'NOT_TLS',
  smtp: 'NOT_TLS',
  bigrecord: 'NOT_TLS',
  alert40: 'UNSUPPORTED_ALGORITHMS',
  alert70: 'UNSUPPORTED_ALGORITHMS',
  alert71: 'UNSUPPORTED_ALGORITHMS',
  alert112: 'HANDSHAKE_FAILED',
};

describe.each([
  ['BoringSSL', BORINGSSL_ERRORS],
  ['OpenSSL', OPENSSL_ERRORS],
])('%s error objects', (_library, recorded) => {
  it.each(Object.keys(EXPECTED))('%s', (name) => {
    const result = describeHandshakeFailure(asError(recorded[name]!), req);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(EXPECTED[name]);
    // Library-internal message text never reaches the user.
    expect(result.message).not.toMatch(/OPENSSL_internal|ssl3_|\.c:\d+/);
    if (result.code === 'UNSUPPORTED_ALGORITHMS')
      expect(result.message).toContain(
        'The server at 127.0.0.1:8443 offers only algorithms this build of Certwatch cannot use:',
      );
    if (result.code === 'NOT_TLS') expect(result.message).toContain('does not speak TLS on this port');
  });
});

describe('by code and reason only', () => {
  it("BoringSSL's oversized record (ENCRYPTED_LENGTH_TOO_LONG) is not TLS, like OpenSSL's PACKET_LENGTH_TOO_LONG", () => {
    expect(classifyTlsError(asError(BORINGSSL_ERRORS.bigrecord!))).toBe('not-tls');
    expect(classifyTlsError(asError(OPENSSL_ERRORS.bigrecord!))).toBe('not-tls');
  });

  it('reads a reason without a code in either spelling', () => {
    expect(tlsReason({ reason: 'wrong version number' })).toBe('WRONG_VERSION_NUMBER');
    expect(tlsReason({ reason: 'WRONG_VERSION_NUMBER' })).toBe('WRONG_VERSION_NUMBER');
    expect(classifyTlsError({ reason: 'sslv3 alert handshake failure' })).toBe('unsupported');
  });

  it('never reads the message: a message alone decides nothing', () => {
    const onlyMessage = new Error('error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER');
    expect(classifyTlsError(onlyMessage)).toBeUndefined();
    const result = describeHandshakeFailure(onlyMessage, req);
    expect(!result.ok && result.code).toBe('HANDSHAKE_FAILED');
  });

  it('socket errors are not TLS errors', () => {
    expect(classifyTlsError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBeUndefined();
    const result = describeHandshakeFailure(Object.assign(new Error('x'), { code: 'ECONNRESET' }), req);
    expect(!result.ok && result.code).toBe('RESET');
  });
});
