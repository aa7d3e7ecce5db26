// A light, browser-only reading of pasted targets, shown line by line before anything is saved. It mirrors
// the engine's rules (main/core/probe/target.ts, parseBulk) without Node's `net`/punycode; the engine's own per-line
// report after saving stays the authority.

import { parseNetworkTarget, type GrammarDeps, type HostOptions } from '../../main/shared/target-grammar';

export type TargetPreview =
  | { ok: true; kind: 'network'; host: string; port: number; starttls?: string; display: string }
  | { ok: true; kind: 'file'; path: string; display: string }
  | { ok: false; error: string; singleLabel?: true };

export interface PreviewLine {
  /** 1-based line in the pasted text, as the engine's report numbers it. */
  line: number;
  input: string;
  ok: boolean;
  /** What will be checked (`example.com:443`, `smtp://mail.example.com:25`), or why the line is refused. */
  message: string;
  /** Refused only because the name has no dot: confirming names without a dot would accept it. */
  singleLabel?: true;
}

export interface BulkPreview {
  lines: PreviewLine[];
  valid: number;
  invalid: number;
  /** Lines refused only for being names without a dot (shown with the confirmation checkbox). */
  singleLabel: number;
}

const FILE_PATH = /^(\/|\.{1,2}[\\/]|~[\\/]|[a-z]:[\\/])/i;

/** host:port with brackets around IPv6, as the engine spells it. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The shared grammar with the browser's IDNA conversion. */
const BROWSER_GRAMMAR: GrammarDeps = {
  toAscii(host) {
    try {
      // The URL parser converts international names to punycode and refuses characters hosts cannot hold.
      return new URL(`https://${host}/`).hostname;
    } catch {
      return '';
    }
  },
};

/**
 * One target as typed: `host`, `host:port`, `[v6]:port`, a URL, or a certificate file path. A name without a
 * dot is refused unless `allowSingleLabel` (the add dialog's confirmation); `singleLabel` says that was why.
 */
export function previewTarget(raw: string, options: HostOptions = {}): TargetPreview {
  const input = raw.trim();
  const fail = (why: string, singleLabel?: true): TargetPreview => ({
    ok: false,
    error: `Invalid target "${input}": ${why}.`,
    ...(singleLabel ? { singleLabel } : {}),
  });
  if (!input) return { ok: false, error: 'Invalid target: it is empty.' };
  if (/^file:/i.test(input) || FILE_PATH.test(input)) {
    return { ok: true, kind: 'file', path: input, display: `certificate file ${input}` };
  }
  if (/\s/.test(input)) return fail('it contains spaces');
  const parsed = parseNetworkTarget(input, BROWSER_GRAMMAR, options);
  if ('error' in parsed) return fail(parsed.error, parsed.singleLabel);
  const { host, port, starttls } = parsed;
  const hostPort = formatHostPort(host, port);
  return starttls
    ? { ok: true, kind: 'network', host, port, starttls, display: `${starttls}://${hostPort}` }
    : { ok: true, kind: 'network', host, port, display: hostPort };
}

/**
 * The engine's duplicate rule: same host, port, STARTTLS protocol and SNI name (a pasted line sends none, so it
 * never clashes with an entry that watches one name on a shared address).
 */
export function targetKey(t: { host: string; port: number; starttls?: string; sni?: string | null }): string {
  return `${formatHostPort(t.host.toLowerCase(), t.port)}|${t.starttls ?? ''}|${t.sni?.toLowerCase() ?? ''}`;
}

/**
 * Pasted text, one target per line, read like the engine's parseBulk: blank lines and `#` comments are
 * skipped and line numbers kept, so this preview and the report after saving point at the same lines.
 */
export function previewBulk(
  text: string,
  existing: Iterable<{ host: string; port: number; starttls?: string; sni?: string }> = [],
  options: HostOptions = {},
  /** The SNI name every line will send (the add form's field), part of each line's identity. */
  sni?: string,
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
      const parsed = previewTarget(input, options);
      // A line sending an SNI name other than its host is named and matched by that name, as the engine does.
      const name = sni?.trim().toLowerCase();
      const preview =
        parsed.ok && parsed.kind === 'network' && name && name !== parsed.host.toLowerCase()
          ? { ...parsed, sni: name, display: `${name} at ${parsed.display}` }
          : parsed;
      if (!preview.ok) {
        lines.push({
          line,
          input,
          ok: false,
          message: preview.error,
          ...(preview.singleLabel ? { singleLabel: true as const } : {}),
        });
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
  const singleLabel = lines.filter((l) => l.singleLabel).length;
  return { lines, valid, invalid: lines.length - valid, singleLabel };
}
