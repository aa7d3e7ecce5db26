// What a team channel receives for a group of alerts: the generic signed JSON (schema in docs/webhooks.md),
// a Slack/Mattermost incoming-webhook message, a Microsoft Teams Adaptive Card, or an e-mail. The wording is
// the desktop notification's (alert-text.ts) without its line limit: a channel lists every alert it carries.
import { createHmac } from 'node:crypto';
import type { Alert } from '../alerts';
import { entryName, notificationsFor } from '../alert-text';
import { displayText } from '../../../shared/untrusted-text';
import { looksLikeEmail, type TeamChannel } from '../../../shared/channels';

/** One message for one channel (and, for e-mail, one recipient). */
export interface ChannelMessage {
  title: string;
  /** Lines of plain text, untrusted parts already made visible. */
  lines: string[];
  urgency: 'normal' | 'critical';
  /** The alerts it carries; recorded in the channel's ledger once it was delivered. */
  alerts: Alert[];
  /** E-mail only: where it goes. */
  to?: string;
}

/** Messages for `alerts` on `channel`: what needs attention apart from good news; e-mail grouped by recipient. */
export function channelMessages(
  channel: TeamChannel,
  alerts: Alert[],
  log?: (line: string) => void,
): ChannelMessage[] {
  const groups = new Map<string | undefined, Alert[]>();
  for (const a of alerts) {
    let to: string | undefined;
    if (channel.kind === 'email') {
      to = looksLikeEmail(a.owner) ? a.owner.trim() : channel.to;
      if (!to) {
        log?.(
          `${channel.name}: no address for ${entryName(a)} (its owner is not an e-mail address and the channel has none)`,
        );
        continue;
      }
    }
    groups.set(to, [...(groups.get(to) ?? []), a]);
  }
  return [...groups].flatMap(([to, group]) =>
    notificationsFor(group, { maxLines: Infinity }).map((p) => ({
      title: p.text.title,
      lines: p.text.body.split('\n'),
      urgency: p.text.urgency,
      alerts: p.shown,
      ...(to ? { to } : {}),
    })),
  );
}

const TEXT_LIMIT = 1000;

/** One alert in the generic JSON; see docs/webhooks.md. */
export interface WebhookAlert {
  key: string;
  entryId: string;
  name: string;
  host: string;
  port: number;
  sni: string | null;
  label: string | null;
  kind: Alert['kind'];
  reason: string;
  severity: Alert['severity'];
  daysLeft: number | null;
  notAfter: string | null;
  fingerprint256: string | null;
  owner: string | null;
  runbookUrl: string | null;
  problems: { code: string; message: string }[];
}

export interface WebhookBody {
  version: 1;
  source: 'certwatch';
  /** Unix seconds when it was sent; also in X-Certwatch-Timestamp. Receivers reject old ones (replays). */
  timestamp: number;
  channel: string;
  title: string;
  text: string;
  urgency: 'normal' | 'critical';
  alerts: WebhookAlert[];
}

const orNull = (s: string | undefined) => (s === undefined ? null : displayText(s, TEXT_LIMIT));

export function webhookBody(channel: TeamChannel, m: ChannelMessage, now: number): WebhookBody {
  return {
    version: 1,
    source: 'certwatch',
    timestamp: Math.floor(now / 1000),
    channel: channel.name,
    title: m.title,
    text: m.lines.join('\n'),
    urgency: m.urgency,
    alerts: m.alerts.map((a) => ({
      key: a.key,
      entryId: a.entryId,
      name: entryName(a),
      host: displayText(a.host, TEXT_LIMIT),
      port: a.port,
      sni: orNull(a.sni),
      label: orNull(a.label),
      kind: a.kind,
      reason: a.reason,
      severity: a.severity,
      daysLeft: a.daysLeft,
      notAfter: a.notAfter,
      fingerprint256: a.fingerprint256,
      owner: orNull(a.owner),
      runbookUrl: orNull(a.runbookUrl),
      problems: a.problems.map((p) => ({ code: p.code, message: displayText(p.message, TEXT_LIMIT) })),
    })),
  };
}

/** `sha256=<hex>` of HMAC-SHA256 over the raw body bytes with the channel's secret. */
export function signature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/**
 * Slack's three reserved characters, plus what Mattermost's Markdown would act on: a `[text](url)` link is
 * broken apart and an `@channel`-style mention gets a zero-width space, so certificate text cannot disguise a
 * link or page a whole channel. E-mail addresses (a word character before the @) are left alone.
 */
export const slackEscape = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\]\(/g, '] (')
    .replace(/(^|[^\w.])@(?=\w)/g, '$1@\u200b');

export function slackBody(m: ChannelMessage): { text: string } {
  const icon = m.urgency === 'critical' ? ':rotating_light: ' : '';
  return { text: [`${icon}*${slackEscape(m.title)}*`, ...m.lines.map(slackEscape)].join('\n') };
}

export function teamsBody(m: ChannelMessage): object {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              text: m.title,
              weight: 'Bolder',
              size: 'Medium',
              wrap: true,
              ...(m.urgency === 'critical' ? { color: 'Attention' } : {}),
            },
            // Adaptive Cards read Markdown links too: broken apart as for Slack.
            ...m.lines.map((line) => ({
              type: 'TextBlock',
              text: line.replace(/\]\(/g, '] ('),
              wrap: true,
              spacing: 'Small',
            })),
          ],
        },
      },
    ],
  };
}

export function emailContent(m: ChannelMessage): { subject: string; text: string } {
  return {
    // displayText already removed CR/LF, so nothing can add a header.
    subject: `[Certwatch] ${m.title}`,
    text: [...m.lines, '', '-- ', 'Sent by Certwatch, which watches these certificates for you.'].join('\n'),
  };
}
