// The HTTP client revocation checks use: GET for CRLs, POST for OCSP, bounded in size and time, through the
// configured proxy, resolving names with the probe's lookup. Injected as a Fetcher so tests can count requests.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { LookupFunction } from 'node:net';
import { LineConn } from '../line-conn';
import { openTunnel, proxyFor, type ProxySettings } from '../proxy';
import type { Lookup } from '../resolve';

export interface FetchRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: Buffer;
  contentType?: string;
  signal: AbortSignal;
  /** Bodies larger than this are refused (a misconfigured URL can point at anything). */
  maxBytes: number;
}

export interface FetchResponse {
  status: number;
  contentType?: string;
  body: Buffer;
}

/** Rejects with an Error whose message completes "the responder …" style sentences. */
export type Fetcher = (request: FetchRequest) => Promise<FetchResponse>;

export interface HttpFetcherOptions {
  lookup: Lookup;
  proxy?: ProxySettings;
}

/** Adapts the probe's Lookup to the callback form node:net expects (single or `all`). */
function netLookup(lookup: Lookup): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname).then(
      (addresses) => {
        if (options.all) return (callback as (e: null, a: typeof addresses) => void)(null, addresses);
        const first = addresses[0];
        if (!first)
          return callback(
            Object.assign(new Error(`no addresses for ${hostname}`), { code: 'ENODATA' }),
            '',
            4,
          );
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
}

export function createHttpFetcher(options: HttpFetcherOptions): Fetcher {
  const lookup = netLookup(options.lookup);
  return async (req) => {
    const url = new URL(req.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`${url.protocol}// URLs are not fetched`);
    const secure = url.protocol === 'https:';
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port) || (secure ? 443 : 80);
    const proxy = proxyFor(options.proxy, secure ? 'https' : 'http', host, port);
    const headers: Record<string, string> = { 'User-Agent': 'certwatch', Accept: '*/*' };
    if (req.contentType) headers['Content-Type'] = req.contentType;
    if (req.body) headers['Content-Length'] = String(req.body.length);
    let request: http.ClientRequest;
    // OCSP responses and CRLs are signed by the CA and verified as such, so the transport needs no trust of its
    // own (RFC 5280 uses http for this reason); an https URL is accepted whatever certificate it serves.
    const common = {
      method: req.method ?? 'GET',
      headers,
      signal: req.signal,
      lookup,
      agent: false as const,
      rejectUnauthorized: false,
    };
    if (proxy && !secure) {
      // A plain-HTTP proxy takes the absolute URL as the request target.
      if (proxy.authorization) headers['Proxy-Authorization'] = proxy.authorization;
      request = http.request({
        ...common,
        host: proxy.host,
        port: proxy.port,
        path: url.href,
        headers: { ...headers, Host: url.host },
      });
    } else if (proxy && secure) {
      const socket = await tunnel(proxy, host, port, lookup, req.signal);
      const tlsSocket = tls.connect({
        socket,
        servername: net.isIP(host) ? undefined : host,
        rejectUnauthorized: false,
      });
      // Without an agent, createConnection supplies the socket (agent: false would make a fresh agent instead).
      const { agent: _agent, ...direct } = common;
      request = https.request(url, { ...direct, createConnection: () => tlsSocket });
    } else {
      request = (secure ? https : http).request(url, common);
    }
    return exchange(request, req);
  };
}

async function tunnel(
  proxy: NonNullable<ProxySettings['https']>,
  host: string,
  port: number,
  lookup: LookupFunction,
  signal: AbortSignal,
): Promise<net.Socket> {
  const socket = net.connect({ host: proxy.host, port: proxy.port, lookup });
  const onAbort = () => socket.destroy(new Error('aborted'));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const conn = new LineConn(socket);
    await openTunnel(conn, proxy, host, port);
    return conn.release();
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function exchange(request: http.ClientRequest, req: FetchRequest): Promise<FetchResponse> {
  return new Promise((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxBytes) {
          request.destroy();
          reject(new Error(`sent more than ${Math.round(req.maxBytes / 1024)} KiB`));
          return;
        }
        chunks.push(chunk);
      });
      response.once('error', reject);
      response.once('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          ...(response.headers['content-type'] ? { contentType: response.headers['content-type'] } : {}),
          body: Buffer.concat(chunks),
        }),
      );
    });
    request.end(req.body);
  });
}
