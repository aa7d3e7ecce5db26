// One TLS handshake with one address (through a CONNECT proxy, after STARTTLS when asked): the certificates as
// sent and any stapled OCSP response. Never throws: every failure becomes a problem code and a sentence.
import net from 'node:net';
import tls from 'node:tls';
import type { X509Certificate } from 'node:crypto';
import { LineConn } from './line-conn';
import { StarttlsError, startTls } from './starttls';
import { ProxyError, openTunnel, type ProxyServer } from './proxy';
import { formatHostPort } from './target';
import { activeTlsProfile, clientContext } from './tls-profile';
import { classifyTlsError, tlsReason } from './tls-errors';
import type { ProblemCode, StarttlsProtocol, TlsInfo } from '../../shared/types';

export interface HandshakeRequest {
  /** Where the TCP connection goes: the server, or the proxy when `tunnel` is set. */
  address: string;
  family: 4 | 6;
  port: number;
  /** SNI; only for names, never for IP literals. */
  servername?: string;
  starttls?: StarttlsProtocol;
  /** Reach host:port through this HTTP CONNECT proxy (the proxy resolves the name). */
  tunnel?: { proxy: ProxyServer; host: string; port: number };
  /** Ask the server to staple an OCSP response (the status_request extension). */
  requestOcsp?: boolean;
  signal: AbortSignal;
  /** Seconds, only for the timeout sentence. */
  timeoutSeconds: number;
}

export type HandshakeResult =
  | { ok: true; certs: X509Certificate[]; tls: TlsInfo; ocspResponse?: Buffer }
  | { ok: false; code: ProblemCode; message: string };

type Phase = 'connect' | 'proxy' | 'starttls' | 'handshake';

export async function handshake(req: HandshakeRequest): Promise<HandshakeResult> {
  let phase: Phase = 'connect';
  const sockets: net.Socket[] = [];
  const onAbort = () => sockets.forEach((s) => s.destroy());
  req.signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (req.signal.aborted) throw new AbortedError();
    const raw = net.connect({ host: req.address, port: req.port, family: req.family, noDelay: true });
    sockets.push(raw);
    await settle(raw, 'connect', req.signal);
    let carrier = raw;
    if (req.tunnel) {
      phase = 'proxy';
      const conn = new LineConn(carrier);
      const { proxy, host, port } = req.tunnel;
      await untilAborted(openTunnel(conn, proxy, host, port), req.signal);
      carrier = conn.release();
    }
    if (req.starttls) {
      phase = 'starttls';
      const conn = new LineConn(carrier);
      const host = req.servername ?? req.tunnel?.host ?? req.address;
      await untilAborted(startTls(req.starttls, conn, { host }), req.signal);
      carrier = conn.release();
    }
    phase = 'handshake';
    // requestOCSP is a TLSSocket option tls.connect passes through; @types/node omits it from ConnectionOptions.
    const options: tls.ConnectionOptions & { requestOCSP: boolean } = {
      socket: carrier,
      servername: req.servername,
      // The probe judges trust itself; it must see even broken or weak certificates to explain them.
      rejectUnauthorized: false,
      secureContext: clientContext(),
      requestOCSP: !!req.requestOcsp,
    };
    const secure = tls.connect(options);
    sockets.push(secure);
    let ocspResponse: Buffer | undefined;
    // Emitted during the handshake, before secureConnect, when the server staples a response.
    secure.once('OCSPResponse', (response: Buffer) => {
      if (response?.length) ocspResponse = response;
    });
    await settle(secure, 'secureConnect', req.signal);
    const certs = sentChain(secure);
    const info: TlsInfo = {
      protocol: secure.getProtocol() ?? 'unknown',
      cipher: secure.getCipher()?.name ?? 'unknown',
    };
    secure.destroy();
    if (!certs.length)
      return {
        ok: false,
        code: 'HANDSHAKE_FAILED',
        message: 'The server completed the handshake without a certificate.',
      };
    return { ok: true, certs, tls: info, ...(ocspResponse ? { ocspResponse } : {}) };
  } catch (error) {
    return classify(error, phase, req);
  } finally {
    req.signal.removeEventListener('abort', onAbort);
    sockets.forEach((s) => s.destroy());
  }
}

/**
 * Every certificate sent counts for path building (openssl and browsers use them all), so the walk is bounded by
 * total size, not by a count: the TLS library already caps the certificate message (100 KiB in OpenSSL), this
 * is a second fence. A certificate sent twice is kept once, and the walk goes on past it.
 */
export const MAX_SENT_CHAIN_BYTES = 1024 * 1024;

/**
 * getPeerX509Certificate() links the certificates in the order the server sent them (one call only:
 * Node clears the peer data afterwards). Unlike getPeerCertificate(true) it adds no local roots.
 */
function sentChain(socket: tls.TLSSocket): X509Certificate[] {
  const out: X509Certificate[] = [];
  const seen = new Set<string>();
  let bytes = 0;
  let cert: X509Certificate | undefined = socket.getPeerX509Certificate();
  while (cert && bytes + cert.raw.length <= MAX_SENT_CHAIN_BYTES) {
    bytes += cert.raw.length;
    if (!seen.has(cert.fingerprint256)) out.push(cert);
    seen.add(cert.fingerprint256);
    cert = cert.issuerCertificate;
  }
  return out;
}

class AbortedError extends Error {}

function settle(emitter: net.Socket, event: string, signal: AbortSignal): Promise<void> {
  return untilAborted(
    new Promise<void>((resolve, reject) => {
      emitter.once(event, () => resolve());
      emitter.once('error', reject);
      emitter.once('close', () => reject(Object.assign(new Error('closed'), { code: 'ECONNRESET' })));
    }),
    signal,
  );
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(new AbortedError());
    const onAbort = () => reject(new AbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function classify(error: unknown, phase: Phase, req: HandshakeRequest): HandshakeResult {
  const where = req.tunnel
    ? formatHostPort(req.tunnel.host, req.tunnel.port)
    : `${req.family === 6 ? `[${req.address}]` : req.address}:${req.port}`;
  const fail = (code: ProblemCode, message: string): HandshakeResult => ({ ok: false, code, message });
  const proxyUrl = req.tunnel?.proxy.url;
  if (error instanceof ProxyError) return fail('PROXY_FAILED', error.message);
  if (error instanceof AbortedError) {
    const s = req.timeoutSeconds;
    if (proxyUrl && phase === 'connect')
      return fail('TIMEOUT', `Could not connect to the proxy ${proxyUrl} within ${s} s.`);
    if (proxyUrl && phase === 'proxy')
      return fail('TIMEOUT', `The proxy ${proxyUrl} did not open a tunnel to ${where} within ${s} s.`);
    if (phase === 'connect')
      return fail(
        'TIMEOUT',
        `Could not connect to ${where} within ${s} s; a firewall may be dropping the connection.`,
      );
    if (phase === 'starttls')
      return fail(
        'TIMEOUT',
        `The ${req.starttls} server at ${where} did not finish the STARTTLS dialogue within ${s} s.`,
      );
    return fail(
      'TIMEOUT',
      `The server at ${where} accepted the connection but did not complete a TLS handshake within ${s} s.`,
    );
  }
  if (error instanceof StarttlsError)
    return fail('STARTTLS_FAILED', `STARTTLS failed at ${where}: ${error.message}.`);
  const code = (error as { code?: string }).code ?? '';
  const text = error instanceof Error ? error.message : String(error);
  if (proxyUrl && phase === 'connect')
    return fail('PROXY_FAILED', `Could not connect to the proxy ${proxyUrl} (${code || text}).`);
  if (proxyUrl && phase === 'proxy')
    return fail(
      'PROXY_FAILED',
      `The proxy ${proxyUrl} closed the connection before opening a tunnel to ${where}.`,
    );
  if (code === 'ECONNREFUSED')
    return fail('REFUSED', `Connection refused at ${where}: nothing is listening on that port.`);
  if (['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT'].includes(code)) {
    return fail('UNREACHABLE', `${where} is unreachable from this computer (${code}).`);
  }
  if (code === 'ETIMEDOUT') return fail('TIMEOUT', `The connection to ${where} timed out.`);
  if (phase === 'starttls') return fail('STARTTLS_FAILED', `STARTTLS failed at ${where}: ${text}.`);
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return fail(
      'RESET',
      `The server at ${where} closed the connection ${phase === 'connect' ? 'at once' : 'during the TLS handshake'}.`,
    );
  }
  // By code/reason only: OpenSSL and BoringSSL word their messages differently.
  const kind = classifyTlsError(error);
  if (kind === 'not-tls') {
    return fail(
      'NOT_TLS',
      `The server at ${where} does not speak TLS on this port (it answered with something else, such as plain HTTP).`,
    );
  }
  if (kind === 'unsupported') return fail('UNSUPPORTED_ALGORITHMS', unsupportedSentence(where, error));
  if (kind === 'handshake') {
    return fail('HANDSHAKE_FAILED', `The TLS handshake with ${where} failed (${tlsReason(error)}).`);
  }
  return fail('HANDSHAKE_FAILED', `The connection to ${where} failed: ${text}.`);
}

/** What this runtime's TLS library lacks, so the sentence says why a server that works elsewhere fails here. */
function unsupportedSentence(where: string, error: unknown): string {
  const reason = tlsReason(error);
  const boring = activeTlsProfile().name === 'boringssl';
  const lacking = boring
    ? 'its TLS library (BoringSSL, as in the desktop app) has no DHE, RC4, CAMELLIA or CBC-SHA384 suites and no Ed448 or RSA-PSS-key signatures'
    : 'the server refused every cipher suite, key exchange group, signature algorithm and TLS version offered (down to TLS 1.0)';
  const remedy = boring
    ? 'enable an ECDHE suite with AES-GCM on the server, or check it with the certwatch command-line tool on Node'
    : 'enable TLS 1.2 or 1.3 with an ECDHE suite on the server';
  return `The server at ${where} offers only algorithms this build of Certwatch cannot use: ${lacking} (${reason}). Its certificate could not be checked; ${remedy}.`;
}

/** The failure sentence for one error, as handshake() gives it (exported for tests with recorded error objects). */
export function describeHandshakeFailure(error: unknown, req: HandshakeRequest): HandshakeResult {
  return classify(error, 'handshake', req);
}
