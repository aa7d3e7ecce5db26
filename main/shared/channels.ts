// Team channels (webhooks, Slack/Mattermost, Microsoft Teams, e-mail over SMTP): their stored shape, the shape
// the window edits and the masked view it is sent, each with its zod schema. Secrets (webhook secrets, the
// tokens in webhook URLs, SMTP passwords) live only in the store; the window sees that one is set, never it.
import { z } from 'zod';

export const CHANNEL_KINDS = ['webhook', 'slack', 'teams', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const CHANNEL_KIND_LABEL: Record<ChannelKind, string> = {
  webhook: 'Webhook (JSON, signed)',
  slack: 'Slack or Mattermost',
  teams: 'Microsoft Teams',
  email: 'E-mail (SMTP)',
};

/** Which entries a channel hears about: all, or those matching any listed entry, tag or owner. */
export interface ChannelRoute {
  all: boolean;
  entryIds: string[];
  tags: string[];
  owners: string[];
}

export interface SmtpSettings {
  host: string;
  port: number;
  /** `starttls`: plain connection upgraded (required, never sent in clear); `tls`: TLS from the start (465). */
  security: 'starttls' | 'tls';
  user?: string;
  password?: string;
  from: string;
}

export interface TeamChannel {
  id: string;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  route: ChannelRoute;
  /** webhook, slack, teams: where to POST. Its path and query are treated as secret (Slack/Teams tokens). */
  url?: string;
  /** webhook: the HMAC-SHA256 key of the X-Certwatch-Signature header. */
  secret?: string;
  smtp?: SmtpSettings;
  /** email: the route's address, used for entries whose owner is not an e-mail address. */
  to?: string;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** https anywhere; plain http only to this machine (a local relay or a test), since URLs carry tokens. */
export function webhookUrlProblem(url: string): string | null {
  if (!URL.canParse(url)) return 'is not a URL';
  const u = new URL(url);
  if (u.username || u.password) return 'must not carry a user name or password';
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && LOOPBACK.test(u.hostname)) return null;
  return 'must be an https:// URL (http:// only to localhost)';
}

/** An e-mail address as a mail server would take it: one @, no spaces or angle brackets. */
export const looksLikeEmail = (text: string | undefined): text is string =>
  !!text && /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(text.trim());

const name = z.string().trim().min(1, 'needs a name').max(100);
const short = z.string().max(200);
const webhookUrl = z
  .string()
  .max(2000)
  .superRefine((u, ctx) => {
    const problem = webhookUrlProblem(u);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const email = z
  .string()
  .trim()
  .max(320)
  .refine((e) => looksLikeEmail(e), 'is not an e-mail address');

export const channelRouteSchema = z.strictObject({
  all: z.boolean(),
  entryIds: z.array(z.string().min(1).max(100)).max(10_000),
  tags: z.array(z.string().min(1).max(100)).max(200),
  owners: z.array(z.string().min(1).max(200)).max(200),
});

const smtpBase = {
  host: z.string().trim().min(1, 'needs a server').max(255),
  port: z.number().int().min(1).max(65535),
  security: z.enum(['starttls', 'tls']),
  user: short.optional(),
  from: email,
};

/** A channel as stored (secrets included). */
export const teamChannelSchema = z
  .strictObject({
    id: z.string().min(1).max(100),
    name,
    kind: z.enum(CHANNEL_KINDS),
    enabled: z.boolean(),
    route: channelRouteSchema,
    url: webhookUrl.optional(),
    secret: z.string().max(500).optional(),
    smtp: z.strictObject({ ...smtpBase, password: z.string().max(500).optional() }).optional(),
    to: email.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'email' && !c.smtp)
      ctx.addIssue({ code: 'custom', path: ['smtp'], message: 'is needed for e-mail' });
    if (c.kind !== 'email' && !c.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'is needed' });
  });

/**
 * What the window sends to create or change a channel. A secret field left out keeps the stored secret (the
 * window never has it); an empty string clears it. `url` left out keeps the stored URL likewise.
 */
export interface ChannelInput {
  /** Absent: a new channel. */
  id?: string;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  route: ChannelRoute;
  url?: string;
  secret?: string;
  smtp?: Omit<SmtpSettings, 'password'> & { password?: string };
  to?: string;
}

export const channelInputSchema = z.strictObject({
  id: z.string().min(1).max(100).optional(),
  name,
  kind: z.enum(CHANNEL_KINDS),
  enabled: z.boolean(),
  route: channelRouteSchema,
  url: webhookUrl.optional(),
  secret: z.string().max(500).optional(),
  smtp: z.strictObject({ ...smtpBase, password: z.string().max(500).optional() }).optional(),
  to: z.union([email, z.literal('')]).optional(),
}) satisfies z.ZodType<ChannelInput>;

/** How deliveries through a channel are going, for the window. */
export interface ChannelHealth {
  /** Messages waiting for a retry. */
  retrying: number;
  lastSentAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

/** A channel as the window sees it: secrets replaced by whether they are set, URLs cut to their origin. */
export interface ChannelView {
  id: string;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  route: ChannelRoute;
  /** `https://hooks.slack.com/…`: enough to recognise, not enough to post. */
  urlMasked?: string;
  hasUrl: boolean;
  hasSecret: boolean;
  smtp?: Omit<SmtpSettings, 'password'> & { hasPassword: boolean };
  to?: string;
  health: ChannelHealth;
}

export const MASK = '••••';

/** The origin only: webhook paths and queries carry the tokens. */
export function maskUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (!URL.canParse(url)) return MASK;
  const u = new URL(url);
  return u.pathname === '/' && !u.search ? u.origin : `${u.origin}/${MASK}`;
}

export function channelView(c: TeamChannel, health: ChannelHealth): ChannelView {
  const { password: _password, ...smtp } = c.smtp ?? ({} as SmtpSettings);
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    enabled: c.enabled,
    route: c.route,
    ...(c.url ? { urlMasked: maskUrl(c.url)! } : {}),
    hasUrl: !!c.url,
    hasSecret: !!c.secret,
    ...(c.smtp
      ? { smtp: { ...(smtp as Omit<SmtpSettings, 'password'>), hasPassword: !!c.smtp.password } }
      : {}),
    ...(c.to ? { to: c.to } : {}),
    health,
  };
}

/** The strings a log line or an error message must never show for this channel. */
export function channelSecrets(c: TeamChannel): string[] {
  const out: string[] = [];
  if (c.secret) out.push(c.secret);
  if (c.smtp?.password) out.push(c.smtp.password);
  if (c.url && URL.canParse(c.url)) {
    const u = new URL(c.url);
    out.push(c.url);
    if (u.pathname.length > 1) out.push(u.pathname.slice(1));
    for (const part of u.pathname.split('/')) if (part.length >= 12) out.push(part);
    for (const v of u.searchParams.values()) if (v.length >= 4) out.push(v);
  }
  return out.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

/** `text` with every secret of the channels replaced by ••••. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join(MASK);
  return out;
}

/** The stored channel after applying what the window sent: secrets left out are kept, '' clears them. */
export function mergeChannel(
  input: ChannelInput,
  existing: TeamChannel | undefined,
  id: string,
): TeamChannel {
  const keep = <T>(sent: T | undefined, stored: T | undefined): T | undefined =>
    sent === undefined ? stored : sent === '' ? undefined : sent;
  const url = keep(input.url, existing?.url);
  const secret = keep(input.secret, existing?.secret);
  const to = keep(input.to, existing?.to);
  const password = keep(input.smtp?.password, existing?.smtp?.password);
  const merged: TeamChannel = {
    id,
    name: input.name.trim(),
    kind: input.kind,
    enabled: input.enabled,
    route: input.route,
    ...(input.kind !== 'email' && url ? { url } : {}),
    ...(input.kind === 'webhook' && secret ? { secret } : {}),
    ...(input.kind === 'email' && input.smtp
      ? { smtp: { ...input.smtp, ...(password ? { password } : {}) } }
      : {}),
    ...(input.kind === 'email' && to ? { to } : {}),
  };
  if (merged.smtp && !password) delete merged.smtp.password;
  return merged;
}
