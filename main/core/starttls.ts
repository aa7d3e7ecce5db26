// The plain-text dialogues that ask a mail or database server to switch to TLS (STARTTLS and kin).
// Each returns when the server has agreed; a refusal throws StarttlsError quoting what it answered.
import type { LineConn } from './line-conn';
import type { StarttlsProtocol } from './types';

export class StarttlsError extends Error {}

type Dialogue = (conn: LineConn) => Promise<void>;

const quote = (text: string) => JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);

/** Reads an SMTP-style reply ("250-a", "250-b", "250 c") and returns its code and all lines. */
async function smtpReply(conn: LineConn): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  for (;;) {
    const line = await conn.readLine();
    lines.push(line);
    if (!/^\d{3}-/.test(line)) return { code: Number(line.slice(0, 3)) || 0, lines };
  }
}

const smtp: Dialogue = async (conn) => {
  const greeting = await smtpReply(conn);
  if (greeting.code !== 220)
    throw new StarttlsError(`the SMTP server greeted with ${quote(greeting.lines.join(' '))}`);
  conn.write('EHLO certwatch.invalid\r\n');
  const ehlo = await smtpReply(conn);
  if (ehlo.code !== 250)
    throw new StarttlsError(`the SMTP server answered EHLO with ${quote(ehlo.lines.join(' '))}`);
  if (!ehlo.lines.some((l) => /^250[- ]STARTTLS\b/i.test(l))) {
    throw new StarttlsError(
      `the SMTP server does not offer STARTTLS (it offers: ${quote(ehlo.lines.map((l) => l.slice(4)).join(', '))})`,
    );
  }
  conn.write('STARTTLS\r\n');
  const reply = await smtpReply(conn);
  if (reply.code !== 220)
    throw new StarttlsError(`the SMTP server refused STARTTLS: ${quote(reply.lines.join(' '))}`);
};

const imap: Dialogue = async (conn) => {
  const greeting = await conn.readLine();
  if (!/^\* (OK|PREAUTH)\b/i.test(greeting))
    throw new StarttlsError(`the IMAP server greeted with ${quote(greeting)}`);
  conn.write('cw1 STARTTLS\r\n');
  for (;;) {
    const line = await conn.readLine();
    if (!line.startsWith('cw1 ')) continue;
    if (/^cw1 OK\b/i.test(line)) return;
    throw new StarttlsError(`the IMAP server refused STARTTLS: ${quote(line)}`);
  }
};

const pop3: Dialogue = async (conn) => {
  const greeting = await conn.readLine();
  if (!greeting.startsWith('+OK')) throw new StarttlsError(`the POP3 server greeted with ${quote(greeting)}`);
  conn.write('STLS\r\n');
  const reply = await conn.readLine();
  if (!reply.startsWith('+OK')) throw new StarttlsError(`the POP3 server refused STLS: ${quote(reply)}`);
};

/** PostgreSQL's SSLRequest: length 8, code 80877103; the server answers one byte, S or N. */
const postgres: Dialogue = async (conn) => {
  const request = Buffer.alloc(8);
  request.writeInt32BE(8, 0);
  request.writeInt32BE(80877103, 4);
  conn.write(request);
  const answer = (await conn.readBytes(1)).toString('latin1');
  if (answer === 'S') return;
  if (answer === 'N')
    throw new StarttlsError('the PostgreSQL server does not accept TLS connections (it answered "N")');
  throw new StarttlsError(`the server did not answer like PostgreSQL (first byte ${quote(answer)})`);
};

export const DIALOGUES: Record<StarttlsProtocol, Dialogue> = { smtp, imap, pop3, postgres };

export function startTls(protocol: StarttlsProtocol, conn: LineConn): Promise<void> {
  return DIALOGUES[protocol](conn);
}
