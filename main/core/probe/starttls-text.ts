// The line-based STARTTLS dialogues: SMTP (and submission), IMAP, POP3 and FTP (AUTH TLS, RFC 4217).
import type { LineConn } from './line-conn';
import { StarttlsError, quote, type Dialogue } from './starttls-dialogue';

/** Reads an SMTP-style reply ("250-a", "250-b", "250 c") and returns its code and all lines. */
async function smtpReply(conn: LineConn): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  for (;;) {
    const line = await conn.readLine();
    lines.push(line);
    if (!/^\d{3}-/.test(line)) return { code: Number(line.slice(0, 3)) || 0, lines };
  }
}

/** FTP multi-line replies end at "CODE text"; the lines between need not start with the code (RFC 959 4.2). */
async function ftpReply(conn: LineConn): Promise<{ code: number; lines: string[] }> {
  const first = await conn.readLine();
  const lines = [first];
  const code = /^\d{3}/.test(first) ? Number(first.slice(0, 3)) : 0;
  if (code && first[3] === '-') {
    for (;;) {
      const line = await conn.readLine();
      lines.push(line);
      if (line.startsWith(`${code} `) || line === String(code)) break;
    }
  }
  return { code, lines };
}

export const smtp: Dialogue = async (conn) => {
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

export const imap: Dialogue = async (conn) => {
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

export const pop3: Dialogue = async (conn) => {
  const greeting = await conn.readLine();
  if (!greeting.startsWith('+OK')) throw new StarttlsError(`the POP3 server greeted with ${quote(greeting)}`);
  conn.write('STLS\r\n');
  const reply = await conn.readLine();
  if (!reply.startsWith('+OK')) throw new StarttlsError(`the POP3 server refused STLS: ${quote(reply)}`);
};

/** Explicit FTPS: after the 220 greeting, "AUTH TLS" must be answered with 234. */
export const ftp: Dialogue = async (conn) => {
  const greeting = await ftpReply(conn);
  if (greeting.code !== 220)
    throw new StarttlsError(`the FTP server greeted with ${quote(greeting.lines.join(' '))}`);
  conn.write('AUTH TLS\r\n');
  const reply = await ftpReply(conn);
  if (reply.code !== 234)
    throw new StarttlsError(`the FTP server refused AUTH TLS: ${quote(reply.lines.join(' '))}`);
};
