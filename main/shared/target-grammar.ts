// The grammar of a network target (`host`, `host:port`, `[v6]:port`, `scheme://host:port/…`) and the typo rules
// on top of it: one copy for the engine's parser (main/core/probe/target.ts) and the window's paste preview, so the
// two can never disagree. Browser-safe: IP detection and IDNA conversion are passed in by each side.
import { SCHEMES, type SchemeInfo } from './schemes';
import { splitHostPort } from './host-port';

export interface GrammarDeps {
  /** The name in IDNA ASCII form, or '' when it cannot be converted (`node:url` domainToASCII, or `URL`). */
  toAscii(host: string): string;
}

export interface HostOptions {
  /** A name without a dot (`intranet`) is accepted only when the person confirmed it. */
  allowSingleLabel?: boolean;
  /**
   * An entry saved earlier: the rules that only guard new input against typos (names without a dot, scheme
   * names as hosts) were settled when it was added, and a saved entry is never dropped for them.
   */
  stored?: boolean;
}

export type HostCheck = { host: string } | { error: string; singleLabel?: true };

export type NetworkTarget = { host: string; port: number; starttls?: SchemeInfo['starttls'] };
export type NetworkParse = NetworkTarget | { error: string; singleLabel?: true };

export const DEFAULT_PORT = 443;

/** Scheme names beyond the ones Certwatch checks that people type: as a host, each is a typo. */
const OTHER_SCHEMES = ['http', 'ws', 'file', 'ssh', 'sftp', 'telnet', 'mailto', 'git', 'ftpes', 'rdp', 'vnc'];

/** True for `https`, `ftp`, `smtp`, `http`…: a URL scheme, which is never meant as a host. */
export function isSchemeName(name: string): boolean {
  const lower = name.toLowerCase();
  return Object.hasOwn(SCHEMES, lower) || OTHER_SCHEMES.includes(lower);
}

/** Names that need no dot to be meant: the machine itself. */
const KNOWN_SINGLE = new Set(['localhost']);

/**
 * RFC 4291 text form, with an optional RFC 4007 zone (`fe80::1%eth0`) and an embedded dotted quad; what
 * `node:net` isIP accepts, written out so the window's preview reads addresses exactly as the engine does.
 */
export function isIPv6(text: string): boolean {
  let address = text;
  const percent = address.indexOf('%');
  if (percent >= 0) {
    if (!/^[0-9a-z.:-]+$/i.test(address.slice(percent + 1))) return false;
    address = address.slice(0, percent);
  }
  const lastColon = address.lastIndexOf(':');
  if (address.includes('.')) {
    if (lastColon < 0 || !isDottedQuad(address.slice(lastColon + 1))) return false;
    address = `${address.slice(0, lastColon + 1)}0:0`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => g.every((part) => /^[0-9a-f]{1,4}$/i.test(part)))) return false;
  const count = groups.reduce((n, g) => n + g.length, 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** Four decimal parts 0–255 without leading zeros: the only IPv4 spelling that means the same everywhere. */
export function isDottedQuad(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** Characters that would change what a URL parser or resolver reads as the host (`a/b` is `a`, `x@y` is `y`). */
const NOT_IN_HOST = /[/\\@?#%\s<>"'`^{}|[\]]/;

/** The hint for a name that needs confirmation; worded for both the CLI flag and the window's checkbox. */
export function singleLabelHint(host: string): string {
  return (
    `"${host}" is a single-label name (no dot), which is often a typo; write the full name ` +
    `(such as ${host}.example.com), or confirm it (--allow-single-label, or "Allow names without a dot" when adding)`
  );
}

/** Checks and normalises one host: IPv6 lower-cased, IPv4 only as a dotted quad, names in IDNA ASCII form. */
export function checkHost(raw: string, deps: GrammarDeps, options: HostOptions = {}): HostCheck {
  let host = raw.trim();
  if (!host) return { error: 'the host name is missing' };
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (isIPv6(host)) return { host: host.toLowerCase() };
  if (isDottedQuad(host)) return { host };
  if (host.includes(':')) return { error: `"${host}" is neither an IPv6 address nor a host name` };
  if (host.endsWith('.')) host = host.slice(0, -1);
  // eslint-disable-next-line no-control-regex
  if (NOT_IN_HOST.test(host) || /[\u0000-\u001f\u007f]/.test(host))
    return { error: `"${host}" contains characters not allowed in a host name` };
  // A resolver or URL parser reads `127.1`, `2130706433`, `0x7f.1` and `0177.0.0.1` as IPv4 in several
  // ways (octal, hex, packed); a name whose last label is a number is never a DNS name. Refuse them all.
  const last = host.slice(host.lastIndexOf('.') + 1);
  if (/^(\d+|0x[0-9a-f]*)$/i.test(last) || /^[\d.]+$/.test(host)) {
    return {
      error: `"${host}" is not a valid IPv4 address: write all four parts in decimal, such as 127.0.0.1`,
    };
  }
  const ascii = deps.toAscii(host);
  if (!ascii) return { error: `"${host}" is not a valid host name` };
  if (ascii.length > 253) return { error: 'the host name is longer than 253 characters' };
  for (const label of ascii.split('.')) {
    if (!label) return { error: `"${host}" has an empty label (two dots in a row)` };
    if (label.length > 63) return { error: `the label "${label}" is longer than 63 characters` };
    if (!/^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/.test(label)) {
      return { error: `"${host}" contains characters not allowed in a host name` };
    }
  }
  if (isSchemeName(ascii) && !options.stored)
    return {
      error: `"${ascii}" is a URL scheme, not a host name (did you mean ${ascii.toLowerCase()}://host?)`,
    };
  if (!ascii.includes('.') && !KNOWN_SINGLE.has(ascii) && !options.allowSingleLabel && !options.stored)
    return { error: singleLabelHint(ascii), singleLabel: true };
  return { host: ascii };
}

/** `word//rest` or `word:/rest`: a URL whose `://` lost a character. Answers the URL that was probably meant. */
export function mistypedUrl(input: string): string | undefined {
  const m = /^([a-z][a-z0-9+-]*)(?:\/\/+|:\/(?!\/)|:\/\/\/+)(.*)$/i.exec(input);
  if (!m) return undefined;
  return `${m[1]!.toLowerCase()}://${m[2]!.replace(/^\/+/, '')}`;
}

/** A network target as typed (trimmed, non-empty, no spaces, not a file path) into host, port and dialogue. */
export function parseNetworkTarget(
  input: string,
  deps: GrammarDeps,
  options: HostOptions = {},
): NetworkParse {
  const meant = mistypedUrl(input);
  if (meant) return { error: `it looks like a mistyped URL (did you mean "${meant}"?)` };

  let rest = input;
  let scheme: SchemeInfo | undefined;
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (schemeMatch) {
    const name = schemeMatch[1]!.toLowerCase();
    scheme = Object.hasOwn(SCHEMES, name) ? SCHEMES[name] : undefined;
    if (!scheme)
      return {
        error: `the scheme "${name}://" is not one Certwatch can check (try https://, smtp://, imap://)`,
      };
    rest = rest.slice(schemeMatch[0].length);
    rest = rest.replace(/[/?#].*$/, '');
    const at = rest.lastIndexOf('@');
    if (at >= 0) rest = rest.slice(at + 1);
  }

  const split = splitHostPort(rest);
  if ('error' in split) return split;
  const host = checkHost(split.host, deps, options);
  if ('error' in host) return host;

  let port = scheme?.port ?? DEFAULT_PORT;
  if (split.port !== undefined) {
    if (!/^\d{1,5}$/.test(split.port) || Number(split.port) < 1 || Number(split.port) > 65535) {
      return { error: `the port "${split.port}" must be a number from 1 to 65535` };
    }
    port = Number(split.port);
  }
  return scheme?.starttls ? { host: host.host, port, starttls: scheme.starttls } : { host: host.host, port };
}
