// HTTP proxies: which one applies to a target (explicit setting, HTTPS_PROXY/NO_PROXY, or the system proxy the
// app asks Electron for), and the CONNECT dialogue that opens a tunnel through it. Plain data in, no globals.
import { isIP } from 'node:net';
import type { LineConn } from './line-conn';
import { formatHostPort } from './target';

export interface ProxyServer {
  host: string;
  port: number;
  /** `http://host:port` for messages and results; credentials are never shown. */
  url: string;
  /** `Basic …` when the URL carried credentials. */
  authorization?: string;
}

export interface ProxySettings {
  /** For TLS targets (CONNECT tunnel). */
  https?: ProxyServer;
  /** For plain http:// fetches (OCSP responders and CRLs are almost always http). */
  http?: ProxyServer;
  /** NO_PROXY entries: `*`, `host`, `.suffix`, `host:port`, IP literals. */
  noProxy: string[];
}

export const NO_PROXY: ProxySettings = { noProxy: [] };

/** `http://user:pass@host:port` (or `host:port`); only plain-HTTP proxies speak CONNECT the way we need. */
export function parseProxyUrl(text: string): { ok: true; proxy: ProxyServer } | { ok: false; error: string } {
  const raw = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, error: `"${raw}" is not a proxy URL (expected http://host:port)` };
  }
  if (url.protocol !== 'http:')
    return {
      ok: false,
      error: `"${raw}": only http:// proxies are supported (the tunnel itself is end-to-end TLS)`,
    };
  if (!url.hostname) return { ok: false, error: `"${raw}" names no proxy host` };
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port ? Number(url.port) : 80;
  const proxy: ProxyServer = { host, port, url: `http://${formatHostPort(host, port)}` };
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    proxy.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  }
  return { ok: true, proxy };
}

export interface ProxySource {
  env?: Record<string, string | undefined>;
  /** `--proxy URL` or the app's setting: used for both kinds; `direct` ignores the environment. */
  explicit?: string;
}

/**
 * Explicit setting first, then the environment as curl reads it: HTTPS_PROXY/https_proxy for TLS targets,
 * lower-case http_proxy only for http fetches (upper-case HTTP_PROXY can be set by a web request in CGI).
 */
export function proxySettings(
  source: ProxySource,
): { ok: true; settings: ProxySettings } | { ok: false; error: string } {
  const env = source.env ?? {};
  const noProxy = splitNoProxy(env.NO_PROXY ?? env.no_proxy ?? '');
  const explicit = source.explicit?.trim();
  if (explicit) {
    if (/^(direct|none)$/i.test(explicit)) return { ok: true, settings: { noProxy: [] } };
    const parsed = parseProxyUrl(explicit);
    if (!parsed.ok) return { ok: false, error: `--proxy ${parsed.error}` };
    return { ok: true, settings: { https: parsed.proxy, http: parsed.proxy, noProxy } };
  }
  const settings: ProxySettings = { noProxy };
  const https = env.HTTPS_PROXY || env.https_proxy;
  const http = env.http_proxy;
  for (const [kind, name, value] of [
    ['https', 'HTTPS_PROXY', https],
    ['http', 'http_proxy', http],
  ] as const) {
    if (!value) continue;
    const parsed = parseProxyUrl(value);
    if (!parsed.ok) return { ok: false, error: `${name} ${parsed.error}` };
    settings[kind] = parsed.proxy;
  }
  return { ok: true, settings };
}

/**
 * The answer of Electron's `session.resolveProxy(url)` (a PAC-style list such as "PROXY p:3128; DIRECT"):
 * the first PROXY entry, or undefined for DIRECT. SOCKS and HTTPS proxies are not supported and skipped.
 */
export function proxyFromPac(pac: string): ProxyServer | undefined {
  for (const entry of pac.split(';')) {
    const [kind, where] = entry.trim().split(/\s+/);
    if (kind?.toUpperCase() === 'DIRECT') return undefined;
    if (kind?.toUpperCase() === 'PROXY' && where) {
      const parsed = parseProxyUrl(where);
      if (parsed.ok) return parsed.proxy;
    }
  }
  return undefined;
}

function splitNoProxy(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
}

/** NO_PROXY as curl reads it: `*`, exact hosts and their subdomains, `.suffix`, optional `:port`. No CIDR. */
export function bypassesProxy(noProxy: string[], host: string, port: number): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return noProxy.some((entry) => {
    if (entry === '*') return true;
    let pattern = entry;
    let onlyPort: number | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      pattern = bracketed[1]!;
      onlyPort = bracketed[2] ? Number(bracketed[2]) : undefined;
    } else if (!isIP(entry)) {
      const withPort = /^(.*):(\d+)$/.exec(entry);
      if (withPort) {
        pattern = withPort[1]!;
        onlyPort = Number(withPort[2]);
      }
    }
    if (onlyPort !== undefined && onlyPort !== port) return false;
    pattern = pattern.replace(/^\*?\./, '').replace(/\.$/, '');
    if (isIP(pattern) || isIP(name)) return pattern === name;
    return name === pattern || name.endsWith(`.${pattern}`);
  });
}

/** This computer's own addresses: a proxy would reach its own loopback, never ours (Go's rule too). */
function isLoopback(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost') || name === '::1') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

/** The proxy for a connection, or undefined to go direct (NO_PROXY, or a loopback destination). */
export function proxyFor(
  settings: ProxySettings | undefined,
  kind: 'https' | 'http',
  host: string,
  port: number,
): ProxyServer | undefined {
  const proxy = settings?.[kind];
  if (!proxy || isLoopback(host) || bypassesProxy(settings.noProxy, host, port)) return undefined;
  return proxy;
}

/** The proxy refused or failed to open the tunnel; the message is a sentence for the result. */
export class ProxyError extends Error {}

/** Sends CONNECT host:port over a connection to the proxy and waits for a 2xx; nothing is read beyond it. */
export async function openTunnel(
  conn: LineConn,
  proxy: ProxyServer,
  host: string,
  port: number,
): Promise<void> {
  const authority = formatHostPort(host, port);
  const headers = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`, 'User-Agent: certwatch'];
  if (proxy.authorization) headers.push(`Proxy-Authorization: ${proxy.authorization}`);
  conn.write(`${headers.join('\r\n')}\r\n\r\n`);
  const statusLine = await conn.readLine();
  for (let i = 0; i < 100; i++) if ((await conn.readLine()) === '') break;
  const match = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\s*(.*)$/.exec(statusLine);
  if (!match) throw new ProxyError(`The proxy ${proxy.url} did not answer like an HTTP proxy.`);
  const status = Number(match[1]);
  const reason = `${status}${match[2] ? ` ${match[2]}` : ''}`;
  if (status >= 200 && status < 300) return;
  if (status === 407) {
    throw new ProxyError(
      proxy.authorization
        ? `The proxy ${proxy.url} rejected the credentials (${reason}); check the user name and password.`
        : `The proxy ${proxy.url} requires credentials (${reason}); give them as http://user:password@host:port.`,
    );
  }
  throw new ProxyError(`The proxy ${proxy.url} could not open a tunnel to ${authority} (${reason}).`);
}
