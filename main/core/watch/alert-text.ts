// Notification wording: alerts about one entry become one specific notification, alerts about several become
// one summary, worst first. Each names the host, what is wrong, the time left, and the owner and runbook when set.
import type { Alert } from './alerts';
import { statusRank } from '../probe/status';
import { formatHostPort } from '../probe/target';
import { DAY_MS, spanText } from '../../shared/days';
import type { ProblemCode } from '../../shared/types';
import { displayText } from '../../shared/untrusted-text';
import { entryName as sharedEntryName } from '../../shared/entry-name';

export interface NotificationText {
  title: string;
  body: string;
  /** Entries the notification is about, worst first, for the click-through. */
  entryIds: string[];
}

/** Notification centres show a handful of lines; the rest is one click away. */
const MAX_SUMMARY_LINES = 6;

const INVALID_HEADLINE: Partial<Record<ProblemCode, string>> = {
  HOSTNAME_MISMATCH: 'certificate does not match the host name',
  NOT_YET_VALID: 'certificate is not valid yet',
  SELF_SIGNED: 'certificate is self-signed',
  UNTRUSTED_ROOT: 'certificate is not trusted',
  INCOMPLETE_CHAIN: 'certificate chain is incomplete',
  CHAIN_EXPIRED: 'a certificate in its chain EXPIRED',
  WEAK_KEY: 'certificate uses a weak key',
  WEAK_SIGNATURE: 'certificate has a weak signature',
  MISSING_SAN: 'certificate names the host only in its Common Name',
  WRONG_EKU: 'certificate is not for TLS servers',
  WRONG_KEY_USAGE: 'a key usage in the chain forbids it',
  ISSUER_NOT_CA: 'its issuer is not a CA',
  PATH_LENGTH_EXCEEDED: 'chain is deeper than its CA allows',
  NAME_NOT_PERMITTED: "name is outside its CA's constraints",
  NAME_EXCLUDED: 'name is excluded by its CA',
  CHAIN_NOT_YET_VALID: 'a certificate in its chain is not valid yet',
  PATH_INVALID: 'certificate chain fails validation',
};

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * Hours below two days, where whole days would hide most of what is left (and "0 days" reads as nothing); the
 * count every other surface uses (main/shared/days.ts), so a notification never says another number.
 */
export function timeLeft(ms: number): string {
  return spanText(ms);
}

/** ISO date; with the UTC time once the exact hour matters. */
function when(iso: string, msLeft: number | null): string {
  const exact = msLeft !== null && Math.abs(msLeft) < 2 * DAY_MS;
  return exact ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso.slice(0, 10);
}

/** Longest label or name a notification line carries; the window shows the rest. */
const NAME_LIMIT = 80;

/** The address as the user typed it (port 443 implied), made safe to show. */
export function addressOf(a: Pick<Alert, 'host' | 'port'>): string {
  return displayText(a.port === 443 ? a.host : formatHostPort(a.host, a.port), NAME_LIMIT);
}

/**
 * The entry as the user knows it: its label, else the host as typed with the SNI name first when it differs
 * (`shop.example.com at 10.0.0.7:8443`), so a notification never names a bare address the user never thinks of.
 * The one naming rule every surface shares (main/shared/entry-name.ts).
 */
export function entryName(a: Pick<Alert, 'host' | 'port' | 'label' | 'sni'>): string {
  return sharedEntryName(a);
}

/** The address line of a labelled entry's notification (`api.example.com`, with SNI when it differs). */
function addressLine(a: Alert): string | undefined {
  if (!a.label?.trim()) return undefined;
  return entryName({ host: a.host, port: a.port, ...(a.sni ? { sni: a.sni } : {}) });
}

const hostOf = entryName;

const isGoodNews = (a: Alert) => a.kind === 'renewed' || a.kind === 'recovered';

export function headline(a: Alert): string {
  const host = hostOf(a);
  switch (a.kind) {
    case 'threshold':
    case 'last-day':
      return `${host} expires in ${timeLeft(a.msLeft ?? 0)}`;
    case 'expired':
      return `${host} certificate EXPIRED`;
    case 'invalid':
      return `${host}: ${INVALID_HEADLINE[a.reason.slice('invalid:'.length) as ProblemCode] ?? 'certificate is invalid'}`;
    case 'mismatch':
      return `${host}: addresses serve different certificates`;
    case 'unreachable':
      return `${host} is unreachable`;
    case 'renewed':
      return `${host} certificate renewed`;
    case 'recovered':
      return `${host} is reachable again`;
  }
}

function sentence(a: Alert): string {
  const messages = displayText(a.problems.map((p) => p.message).join(' '), 600);
  // Where the ACME client that should have renewed it lives (RENEWAL_OVERDUE), after the expiry sentence.
  const overdue = a.problems
    .filter((p) => p.code === 'RENEWAL_OVERDUE')
    .map((p) => ` ${displayText(p.message, 400)}`);
  const expiry = a.notAfter ? when(a.notAfter, a.msLeft) : 'an unknown date';
  switch (a.kind) {
    case 'threshold':
    case 'last-day':
      return `The certificate expires on ${expiry}, in ${timeLeft(a.msLeft ?? 0)}; clients will refuse it after that.${overdue.join('')}`;
    case 'expired':
      return `The certificate expired on ${expiry} (${timeLeft(-(a.msLeft ?? 0))} ago); clients refuse it.${overdue.join('')}`;
    case 'unreachable':
      return `${plural(a.failures ?? 0, 'check')} in a row failed. ${messages}`.trim();
    case 'renewed': {
      const was = a.previousNotAfter ? ` replaced the one expiring ${a.previousNotAfter.slice(0, 10)}` : '';
      return `A new certificate valid until ${expiry}${was}; every address serves it.`;
    }
    case 'recovered':
      return 'Checks succeed again.';
    default:
      return messages || headline(a);
  }
}

/** Days left for alerts whose own sentence does not already say when the certificate expires. */
function expiryLine(alerts: Alert[]): string | null {
  if (alerts.some((a) => ['threshold', 'last-day', 'expired', 'renewed'].includes(a.kind))) return null;
  const a = alerts.find((x) => x.notAfter !== null && x.msLeft !== null);
  if (!a || a.notAfter === null || a.msLeft === null) return null;
  if (a.msLeft <= 0) return `Expired on ${when(a.notAfter, a.msLeft)}.`;
  return `Expires on ${when(a.notAfter, a.msLeft)} (${timeLeft(a.msLeft)} left).`;
}

const worstFirst = (a: Alert, b: Alert) =>
  Number(isGoodNews(a)) - Number(isGoodNews(b)) ||
  statusRank(b.severity) - statusRank(a.severity) ||
  (a.msLeft ?? Infinity) - (b.msLeft ?? Infinity);

/** Severities that must never hide behind "…and N more", and that ask the desktop for critical urgency. */
const URGENT: ReadonlySet<string> = new Set(['expired', 'critical', 'invalid']);
export const isUrgent = (a: Alert): boolean => !isGoodNews(a) && URGENT.has(a.severity);

function single(alerts: Alert[]): NotificationText {
  const first = alerts[0]!;
  const lines = [addressLine(first), ...new Set(alerts.map(sentence)), expiryLine(alerts)];
  if (first.owner) lines.push(`Owner: ${displayText(first.owner, NAME_LIMIT)}`);
  if (first.runbookUrl) lines.push(`Runbook: ${displayText(first.runbookUrl, 300)}`);
  return {
    title: headline(first),
    body: lines.filter((l): l is string => !!l).join('\n'),
    entryIds: [first.entryId],
  };
}

/** One summary line per entry: its worst alert, with owner and runbook when set. */
function summaryLine(alerts: Alert[]): string {
  const a = alerts[0]!;
  const more = alerts.length > 1 ? ` (+${plural(alerts.length - 1, 'more problem')})` : '';
  const who = [
    a.owner ? `owner: ${displayText(a.owner, NAME_LIMIT)}` : '',
    a.runbookUrl ? `runbook: ${displayText(a.runbookUrl, 300)}` : '',
  ].filter(Boolean);
  return `${headline(a)}${more}${who.length ? ` (${who.join(', ')})` : ''}`;
}

/** One planned notification: its text, the alerts it shows (recorded once delivered) and those it left out. */
export interface PlannedNotification {
  text: NotificationText & {
    urgency: 'normal' | 'critical';
    /** Entries counted in "…and N more" but not named: a click opens the window filtered to them. */
    moreEntryIds: string[];
  };
  /** Alerts the notification shows; only these may enter the ledger once it was delivered. */
  shown: Alert[];
  /** Alerts it only counts; they stay due. */
  hidden: Alert[];
}

/** Alerts grouped by entry, each group worst first, the groups worst first. */
function byEntry(alerts: Alert[]): Alert[][] {
  const groups = new Map<string, Alert[]>();
  for (const a of [...alerts].sort(worstFirst)) {
    const group = groups.get(a.entryId);
    if (group) group.push(a);
    else groups.set(a.entryId, [a]);
  }
  return [...groups.values()];
}

function countBySeverity(groups: Alert[][]): string {
  const counts = new Map<string, number>();
  for (const g of groups) {
    const s = g[0]!.severity;
    if (URGENT.has(s)) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return ['expired', 'invalid', 'critical']
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(', ');
}

function plan(alerts: Alert[], good: boolean, maxLines: number): PlannedNotification {
  const groups = byEntry(alerts);
  const urgency = alerts.some(isUrgent) ? 'critical' : 'normal';
  if (groups.length === 1) {
    const shown = groups[0]!;
    return { text: { ...single(shown), urgency, moreEntryIds: [] }, shown, hidden: [] };
  }
  // Every urgent entry is named whatever the count; the rest fill what is left of the lines.
  const urgent = groups.filter((g) => isUrgent(g[0]!));
  const rest = groups.filter((g) => !isUrgent(g[0]!));
  const room = groups.length <= maxLines ? rest.length : Math.max(0, maxLines - 1 - urgent.length);
  const listed = [...urgent, ...rest.slice(0, room)];
  const unlisted = rest.slice(room);
  const lines = listed.map(summaryLine);
  if (unlisted.length) {
    const soonest = unlisted
      .map((g) => g[0]!)
      .filter((a) => a.msLeft !== null && a.msLeft > 0)
      .sort((a, b) => a.msLeft! - b.msLeft!)[0];
    const hint = soonest ? `, the soonest in ${timeLeft(soonest.msLeft!)}` : '';
    lines.push(`…and ${unlisted.length} more (${countLabel(unlisted)}${hint}); open Certwatch to see them`);
  }
  const n = groups.length;
  const severities = countBySeverity(groups);
  const title = good
    ? alerts.every((a) => a.kind === 'renewed')
      ? `${plural(n, 'certificate')} renewed`
      : `${plural(n, 'certificate')} back to normal`
    : `${plural(n, 'certificate')} need${n === 1 ? 's' : ''} attention${severities ? `: ${severities}` : ''}`;
  return {
    text: {
      title,
      body: lines.join('\n'),
      entryIds: listed.map((g) => g[0]!.entryId),
      urgency,
      moreEntryIds: unlisted.map((g) => g[0]!.entryId),
    },
    shown: listed.flat(),
    hidden: unlisted.flat(),
  };
}

function countLabel(groups: Alert[][]): string {
  const kinds = new Map<string, number>();
  for (const g of groups) {
    const s = g[0]!.severity === 'error' ? 'unreachable' : g[0]!.severity;
    kinds.set(s, (kinds.get(s) ?? 0) + 1);
  }
  return [...kinds].map(([k, v]) => `${v} ${k}`).join(', ');
}

/**
 * The notifications for everything due at once: one about what needs attention (worst first, urgent entries
 * always named) and, separately, one with the good news (renewed, recovered). Muted alerts are left out.
 */
export function notificationsFor(
  alerts: Alert[],
  options: { maxLines?: number } = {},
): PlannedNotification[] {
  const maxLines = options.maxLines ?? MAX_SUMMARY_LINES;
  const active = alerts.filter((a) => !a.muted);
  const bad = active.filter((a) => !isGoodNews(a));
  const good = active.filter(isGoodNews);
  return [
    ...(bad.length ? [plan(bad, false, maxLines)] : []),
    ...(good.length ? [plan(good, true, maxLines)] : []),
  ];
}

/** The first of `notificationsFor`: what needs attention, else the good news. Null when nothing is to be shown. */
export function notificationFor(alerts: Alert[]): NotificationText | null {
  const first = notificationsFor(alerts)[0];
  return first ? first.text : null;
}
