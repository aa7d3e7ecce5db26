// A light, browser-only reading of pasted targets, shown line by line before anything is saved. It mirrors
// the engine's rules (main/core/target.ts, parseBulk) without Node's `net`/punycode; the engine's own per-line
// report after saving stays the authority.

import { SCHEMES, type SchemeInfo } from '../../main/shared/schemes';
import { splitHostPort } from '../../main/shared/host-port';

export type TargetPreview =
  | { ok: true; kind: 'network'; host: string; port: number; starttls?: string; display: string }
  | { ok: true; kind: 'file'; path: string; display: string }
  | { ok: false; error: string };

export interface PreviewLine {
  /** 1-based line in the pasted text, as the engine's report numbers it. */
  line: number;
  input: string;
  ok: boolean;
  /** What will be checked (`example.com:443`, `smtp://mail.example.com:25`), or why the line is refused. */
  message: string;
}

export interface BulkPreview {
  lines: PreviewLine[];
  valid: number;
  invalid: number;
}

const FILE_PATH = /^(\/|\.{1,2}[\\/]|~[\\/]|[a-z]:[\\/])/i;

function isIPv4(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function looksLikeIPv6(host: string): boolean {
  return /^[0-9a-f:.]+$/i.test(host) && (host.match(/:/g)?.length ?? 0) >= 2 && !host.includes(':::');
}

/** host:port with brackets around IPv6, as the engine spells it. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function checkHostName(raw: string): { host: string } | { error: string } {
  let host = raw;
  if (!host) return { error: 'the host name is missing' };
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (/^[\d.]+$/.test(host)) {
    return isIPv4(host) ? { host } : { error: `"${host}" is not a valid IPv4 address` };
  }
  let ascii: string;
  try {
    // The URL parser converts international names to punycode and refuses characters hosts cannot hold.
    ascii = new URL(`https://${host}/`).hostname;
  } catch {
    return { error: `"${host}" is not a valid host name` };
  }
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

/** One target as typed: `host`, `host:port`, `[v6]:port`, a URL, or a certificate file path. */
export function previewTarget(raw: string): TargetPreview {
  const input = raw.trim();
  const fail = (why: string): TargetPreview => ({ ok: false, error: `Invalid target "${input}": ${why}.` });
  if (!input) return { ok: false, error: 'Invalid target: it is empty.' };
  if (/^file:/i.test(input) || FILE_PATH.test(input)) {
    return { ok: true, kind: 'file', path: input, display: `certificate file ${input}` };
  }
  if (/\s/.test(input)) return fail('it contains spaces');

  let rest = input;
  let scheme: SchemeInfo | undefined;
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (schemeMatch) {
    const name = (schemeMatch[1] ?? '').toLowerCase();
    scheme = SCHEMES[name];
    if (!scheme) {
      return fail(`the scheme "${name}://" is not one Certwatch can check (try https://, smtp://, imap://)`);
    }
    rest = rest.slice(schemeMatch[0].length).replace(/[/?#].*$/, '');
    const at = rest.lastIndexOf('@');
    if (at >= 0) rest = rest.slice(at + 1);
  }

  const split = splitHostPort(rest);
  if ('error' in split) return fail(split.error);
  let host: string;
  if (split.host.includes(':')) {
    if (!looksLikeIPv6(split.host)) return fail(`"${split.host}" is neither an IPv6 address nor a host name`);
    host = split.host.toLowerCase();
  } else {
    const checked = checkHostName(split.host);
    if ('error' in checked) return fail(checked.error);
    host = checked.host;
  }

  let port = scheme?.port ?? 443;
  if (split.port !== undefined) {
    if (!/^\d{1,5}$/.test(split.port) || Number(split.port) < 1 || Number(split.port) > 65535) {
      return fail(`the port "${split.port}" must be a number from 1 to 65535`);
    }
    port = Number(split.port);
  }
  const hostPort = formatHostPort(host, port);
  const starttls = scheme?.starttls;
  return starttls
    ? { ok: true, kind: 'network', host, port, starttls, display: `${starttls}://${hostPort}` }
    : { ok: true, kind: 'network', host, port, display: hostPort };
}

/** The engine's duplicate rule: same host, port and STARTTLS protocol. */
export function targetKey(t: { host: string; port: number; starttls?: string }): string {
  return `${formatHostPort(t.host.toLowerCase(), t.port)}|${t.starttls ?? ''}`;
}

/**
 * Pasted text, one target per line, read like the engine's parseBulk: blank lines and `#` comments are
 * skipped and line numbers kept, so this preview and the report after saving point at the same lines.
 */
export function previewBulk(
  text: string,
  existing: Iterable<{ host: string; port: number; starttls?: string }> = [],
): BulkPreview {
  const known = new Set<string>();
  for (const e of existing) known.add(targetKey(e));
  const seen = new Map<string, number>();
  const lines: PreviewLine[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, i) => {
      const input = raw.replace(/\s#(\s.*)?$/, '').trim();
      if (!input || input.startsWith('#')) return;
      const line = i + 1;
      const preview = previewTarget(input);
      if (!preview.ok) {
        lines.push({ line, input, ok: false, message: preview.error });
        return;
      }
      const key = preview.kind === 'file' ? `file|${preview.path}` : targetKey(preview);
      const earlier = seen.get(key);
      if (known.has(key)) {
        lines.push({ line, input, ok: false, message: `${preview.display} is already in the watchlist.` });
      } else if (earlier !== undefined) {
        lines.push({ line, input, ok: false, message: `Same as line ${earlier} (${preview.display}).` });
      } else {
        seen.set(key, line);
        lines.push({ line, input, ok: true, message: `Will check ${preview.display}` });
      }
    });
  const valid = lines.filter((l) => l.ok).length;
  return { lines, valid, invalid: lines.length - valid };
}
