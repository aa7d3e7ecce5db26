// The rule for links a person stores (runbook URLs) or the window asks to open: http(s) only, and no control
// characters, which the URL parser would silently drop but which could break the line a link is written on.
// Browser-safe.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/** True for text that parses as an http:// or https:// URL and holds no control character. */
export function isHttpUrl(text: string): boolean {
  if (hasControlCharacter(text) || !/^https?:\/\//i.test(text)) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
