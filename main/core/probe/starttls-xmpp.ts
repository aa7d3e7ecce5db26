// XMPP's STARTTLS (RFC 6120 §5): open a stream to the domain, read its features, ask for TLS, await <proceed/>.
// Client streams (port 5222) and server-to-server streams (5269) differ only in the default namespace.
import { StarttlsError, quote, type Dialogue } from './starttls-dialogue';

const TLS_NS = 'urn:ietf:params:xml:ns:xmpp-tls';
/** The end of the server's stream features, or a stream error / close instead. Any namespace prefix. */
const FEATURES_END =
  /<\/(?:[\w-]+:)?features\s*>|<(?:[\w-]+:)?features\s*\/>|<\/(?:[\w-]+:)?error\s*>|<\/(?:[\w-]+:)?stream\s*>/;
const ANSWER_END =
  /<proceed\b[^>]*\/>|<\/proceed\s*>|<failure\b[^>]*\/>|<\/failure\s*>|<\/(?:[\w-]+:)?stream\s*>/;

const xmlAttr = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** The defined condition of a stream error (`host-unknown`, `policy-violation` …), for the sentence. */
function streamError(text: string): string | undefined {
  const match = /<(?:[\w-]+:)?error\b[^>]*>\s*<([\w-]+)/.exec(text);
  return match ? match[1] : /<(?:[\w-]+:)?error\b/.test(text) ? 'an unnamed error' : undefined;
}

function xmppDialogue(namespace: 'jabber:client' | 'jabber:server', label: string): Dialogue {
  return async (conn, { host }) => {
    // Servers need the domain (`to`) to pick the virtual host whose features and certificate they present.
    const dialback = namespace === 'jabber:server' ? " xmlns:db='jabber:server:dialback'" : '';
    conn.write(
      `<?xml version='1.0'?><stream:stream xmlns='${namespace}'${dialback} xmlns:stream='http://etherx.jabber.org/streams' to='${xmlAttr(host)}' version='1.0'>`,
    );
    const features = await conn.readUntil(FEATURES_END);
    const error = streamError(features);
    if (error) throw new StarttlsError(`the ${label} ended the stream with ${quote(error)}`);
    if (!/<starttls\b[^>]*xmlns=['"]urn:ietf:params:xml:ns:xmpp-tls['"]/.test(features)) {
      const offered = [...features.matchAll(/<([\w-]+)\b[^>]*xmlns=['"]([^'"]+)['"]/g)]
        .map((m) => m[1])
        .filter((n) => n !== 'stream' && n !== 'features');
      throw new StarttlsError(
        `the ${label} does not offer STARTTLS (its features: ${quote(offered.join(', ') || 'none')})`,
      );
    }
    conn.write(`<starttls xmlns='${TLS_NS}'/>`);
    const answer = await conn.readUntil(ANSWER_END);
    if (/<proceed\b/.test(answer)) return;
    throw new StarttlsError(`the ${label} refused STARTTLS: ${quote(answer.trim())}`);
  };
}

export const xmpp = xmppDialogue('jabber:client', 'XMPP server');
export const xmppServer = xmppDialogue('jabber:server', 'XMPP server (server-to-server)');
