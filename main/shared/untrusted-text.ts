// The one sanitiser for text that comes from a server or a file (certificate names, labels, server replies):
// such text is data, so before a terminal, a log line, a notification or an export sees it, every control
// character becomes visible instead of acting, and its length is bounded. Browser-safe (no Node imports).

/** Longest run of untrusted text shown anywhere by default; longer text ends in an ellipsis. */
export const DEFAULT_TEXT_LIMIT = 200;

const ELLIPSIS = '…';

/**
 * C0 and C1 controls, DEL, and the Unicode characters that reorder or hide text (bidi overrides and
 * isolates, zero-width joiners, line/paragraph separators): each could move the cursor, change a window
 * title, fake a line break or make a name read differently from what it is.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;

/** Half of a UTF-16 pair without its other half: not text, and some terminals choke on it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function visible(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code === 0x1b) return '\\e';
  if (code === 0x0a) return '\\n';
  if (code === 0x0d) return '\\r';
  if (code === 0x09) return '\\t';
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

/**
 * Untrusted text made safe to print: control and reordering characters shown as escapes (`\e`, `\n`,
 * `\x07`, `\u{202e}`), lone surrogates replaced, and at most `limit` characters (an ellipsis marks a cut).
 */
export function displayText(raw: unknown, limit = DEFAULT_TEXT_LIMIT): string {
  const text = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw);
  const safe = text.replace(LONE_SURROGATE, '\ufffd').replace(UNSAFE, visible);
  return bound(safe, limit);
}

/** Cut to `limit` code points, ending in an ellipsis when anything was cut. */
export function bound(text: string, limit: number): string {
  if (limit <= 0) return '';
  const points = Array.from(text);
  if (points.length <= limit) return text;
  return points.slice(0, Math.max(0, limit - 1)).join('') + ELLIPSIS;
}

/** True when the text holds a character `displayText` would rewrite (for tests and warnings). */
export function hasUnsafeText(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

/**
 * Text for a freedesktop notification body, which desktops may read as a subset of HTML: made visible as
 * above, then `&`, `<` and `>` escaped so a name like `<a href=…>` is shown, never made a link.
 */
export function notificationMarkupText(raw: unknown, limit = DEFAULT_TEXT_LIMIT): string {
  return displayText(raw, limit).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
