// Delivers one channel message: an HTTP POST for webhooks, Slack/Mattermost and Teams (no redirects, a
// deadline), or an e-mail through nodemailer (STARTTLS required or TLS from the start, authenticated).
// Throws on any failure; the dispatcher retries.
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import type { TeamChannel } from '../../../shared/channels';
import { emailContent, signature, slackBody, teamsBody, webhookBody, type ChannelMessage } from './messages';

export interface ChannelTransport {
  send(channel: TeamChannel, message: ChannelMessage): Promise<void>;
}

export interface TransportDeps {
  now: () => number;
  /** The CA bundle setting (internal PKI): also trusted for https webhooks and SMTP. */
  caBundlePath?: () => string | undefined;
  timeoutMs?: number;
}

export function createTransport(deps: TransportDeps): ChannelTransport {
  const timeoutMs = deps.timeoutMs ?? 15_000;
  const extraCa = (): string[] | undefined => {
    const path = deps.caBundlePath?.();
    if (!path) return undefined;
    try {
      return [...tls.rootCertificates, readFileSync(path, 'utf8')];
    } catch {
      return undefined; // the watcher already says the bundle is unreadable
    }
  };

  async function post(channel: TeamChannel, body: string, headers: Record<string, string>): Promise<void> {
    if (!channel.url) throw new Error('no URL is set');
    let response: Response;
    try {
      response = await fetch(channel.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Certwatch', ...headers },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(cause?.code ?? cause?.message ?? (error as Error).message, { cause: error });
    }
    // Drain the answer so the connection is released.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`the receiver answered HTTP ${response.status}`);
  }

  async function mail(channel: TeamChannel, message: ChannelMessage): Promise<void> {
    const smtp = channel.smtp;
    if (!smtp) throw new Error('no SMTP server is set');
    if (!message.to) throw new Error('no recipient');
    const ca = extraCa();
    // Loaded on the first e-mail: a watcher without an e-mail channel never holds nodemailer in memory.
    const { default: nodemailer } = await import('nodemailer');
    const transporter = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.security === 'tls',
      // STARTTLS or nothing: a server that does not offer it gets no password and no mail.
      requireTLS: smtp.security === 'starttls',
      ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
      tls: { minVersion: 'TLSv1.2', ...(ca ? { ca } : {}) },
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    try {
      const { subject, text } = emailContent(message);
      await transporter.sendMail({
        from: smtp.from,
        to: message.to,
        subject,
        text,
        headers: message.urgency === 'critical' ? { 'X-Priority': '1 (Highest)', Importance: 'high' } : {},
      });
    } finally {
      transporter.close();
    }
  }

  return {
    async send(channel, message) {
      switch (channel.kind) {
        case 'webhook': {
          const now = deps.now();
          const raw = JSON.stringify(webhookBody(channel, message, now));
          const timestamp = String(Math.floor(now / 1000));
          const headers: Record<string, string> = { 'x-certwatch-timestamp': timestamp };
          if (channel.secret) headers['x-certwatch-signature'] = signature(channel.secret, raw);
          return post(channel, raw, headers);
        }
        case 'slack':
          return post(channel, JSON.stringify(slackBody(message)), {});
        case 'teams':
          return post(channel, JSON.stringify(teamsBody(message)), {});
        case 'email':
          return mail(channel, message);
      }
    },
  };
}
