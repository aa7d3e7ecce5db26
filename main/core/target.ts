// Turns what a person types (host, host:port, [v6]:port, URLs such as smtp://host, certificate file paths)
// into a normalised Target. Parsing never throws: a bad input comes back as an error sentence that names it.
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { domainToASCII, fileURLToPath } from 'node:url';
import { STARTTLS_PROTOCOLS, type StarttlsProtocol, type Target } from './types';
import { SCHEMES, type SchemeInfo } from '../shared/schemes';
import { splitHostPort } from '../shared/host-port';

export { SCHEMES };

export const DEFAULT_PORT = 443;

export interface TargetOptions {
  starttls?: StarttlsProtocol;
  sni?: string;
  /** Base of relative file paths (`./cert.pem`); defaults to the working directory. */
  cwd?: string;
  /** What `~/` means; defaults to the user's home directory. */
  home?: string;
}

/** A local path as people type it: absolute, `./`, `../`, `~/`, or a Windows drive path. */
const FILE_PATH = /^(\/|\.{1,2}[\\/]|~[\\/]|[a-z]:[\\/])/i;

export type ParseResult = { ok: true; target: Target } | { ok: false; error: string };

export function isStarttlsProtocol(value: string): value is StarttlsProtocol {
  return (STARTTLS_PROTOCOLS as readonly string[]).includes(value);
}

export function parseTarget(raw: string, options: TargetOptions = {}): ParseResult {
  const input = raw.trim();
  const fail = (why: string): ParseResult => ({
    ok: false,
    error: `Invalid target "${input || raw}": ${why}.`,
  });
  if (!input) return fail('it is empty');
  if (/^file:/i.test(input) || FILE_PATH.test(input)) return parseFileTarget(input, options, fail);
  if (/\s/.test(input)) return fail('it contains spaces');

  let rest = input;
  let scheme: SchemeInfo | undefined;
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (schemeMatch) {
    const name = schemeMatch[1]!.toLowerCase();
    scheme = SCHEMES[name];
    if (!scheme)
      return fail(`the scheme "${name}://" is not one Certwatch can check (try https://, smtp://, imap://)`);
    rest = rest.slice(schemeMatch[0].length);
    rest = rest.replace(/[/?#].*$/, '');
    const at = rest.lastIndexOf('@');
    if (at >= 0) rest = rest.slice(at + 1);
  }

  const split = splitHostPort(rest);
  if ('error' in split) return fail(split.error);
  const host = normaliseHost(split.host);
  if ('error' in host) return fail(host.error);

  let port = scheme?.port ?? DEFAULT_PORT;
  if (split.port !== undefined) {
    if (!/^\d{1,5}$/.test(split.port) || Number(split.port) < 1 || Number(split.port) > 65535) {
      return fail(`the port "${split.port}" must be a number from 1 to 65535`);
    }
    port = Number(split.port);
  }

  const target: Target = { input, host: host.host, port };
  const starttls = options.starttls ?? scheme?.starttls;
  if (starttls) target.starttls = starttls;
  if (options.sni) {
    const sni = normaliseHost(options.sni);
    if ('error' in sni) return fail(`the SNI name: ${sni.error}`);
    if (isIP(sni.host)) return fail('the SNI name must be a DNS name, not an IP address');
    if (sni.host !== target.host) target.sni = sni.host;
  }
  return { ok: true, target };
}

/** `file:///abs/cert.pem` or a bare path: the certificate file is read, no network involved. */
function parseFileTarget(
  input: string,
  options: TargetOptions,
  fail: (why: string) => ParseResult,
): ParseResult {
  let path: string;
  if (/^file:/i.test(input)) {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      return fail('it is not a valid file:// URL');
    }
    if (url.hostname && url.hostname !== 'localhost')
      return fail(`only local files can be watched, not files on "${url.hostname}"`);
    try {
      path = fileURLToPath(url);
    } catch (error) {
      return fail((error as Error).message);
    }
  } else if (/^~[\\/]/.test(input)) {
    path = resolvePath(options.home ?? homedir(), input.slice(2));
  } else {
    path = resolvePath(options.cwd ?? process.cwd(), input);
  }
  if (options.starttls) return fail('a certificate file has no STARTTLS dialogue');
  if (options.sni) return fail('a certificate file is not checked against a server name');
  return { ok: true, target: { input, host: path, port: 0, file: path } };
}

export function normaliseHost(raw: string): { host: string } | { error: string } {
  let host = raw.trim();
  if (!host) return { error: 'the host name is missing' };
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const ipVersion = isIP(host);
  if (ipVersion === 6) return { host: host.toLowerCase() };
  if (ipVersion === 4) return { host };
  if (host.includes(':')) return { error: `"${host}" is neither an IPv6 address nor a host name` };
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (/^[\d.]+$/.test(host)) return { error: `"${host}" is not a valid IPv4 address` };
  const ascii = domainToASCII(host);
  if (!ascii) return { error: `"${host}" is not a valid host name` };
  if (ascii.length > 253) return { error: 'the host name is longer than 253 characters' };
  for (const label of ascii.split('.')) {
    if (!label) return { error: `"${host}" has an empty label (two dots in a row)` };
    if (label.length > 63) return { error: `the label "${label}" is longer than 63 characters` };
    if (!/^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/.test(label)) {
      return { error: `"${host}" contains characters not allowed in a host name` };
    }
  }
  return { host: ascii };
}

/** The name a client sends as SNI and checks the certificate against; undefined for a bare IP. */
export function serverName(target: Target): string | undefined {
  if (target.sni) return target.sni;
  return isIP(target.host) ? undefined : target.host;
}

/** host:port, with brackets around IPv6, for display and as a stable key. */
export function formatHostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
