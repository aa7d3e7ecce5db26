// Splits `host:port`, `[v6]:port` and bare IPv6 text; pure, so the engine's parser and the window's paste
// preview read a target the same way.

/** `port` is the text after the colon, unchecked; a bare IPv6 address (two or more colons) has none. */
export function splitHostPort(text: string): { host: string; port?: string } | { error: string } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return { error: 'the "[" of an IPv6 address is never closed' };
    const after = text.slice(close + 1);
    if (after && !after.startsWith(':')) return { error: `unexpected "${after}" after the IPv6 address` };
    return after ? { host: text.slice(1, close), port: after.slice(1) } : { host: text.slice(1, close) };
  }
  const colons = text.split(':').length - 1;
  // Two or more colons without brackets can only be a bare IPv6 address.
  if (colons >= 2) return { host: text };
  if (colons === 1) {
    const [host, port] = text.split(':') as [string, string];
    return { host, port };
  }
  return { host: text };
}
