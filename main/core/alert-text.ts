// Notification wording: alerts about one entry become one specific notification, alerts about several become
// one summary, worst first. Each names the host, what is wrong, the time left, and the owner and runbook when set.
import type { Alert } from './alerts';
import { statusRank } from './status';
import { formatHostPort } from './target';
import { DAY_MS, spanText } from '../shared/days';
import type { ProblemCode } from './types';

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

function hostOf(a: Alert): string {
  return a.port === 443 ? a.host : formatHostPort(a.host, a.port);
}

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
  const messages = a.problems.map((p) => p.message).join(' ');
  // Where the ACME client that should have renewed it lives (RENEWAL_OVERDUE), after the expiry sentence.
  const overdue = a.problems.filter((p) => p.code === 'RENEWAL_OVERDUE').map((p) => ` ${p.message}`);
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

function single(alerts: Alert[]): NotificationText {
  const first = alerts[0]!;
  const lines = [first.label, ...new Set(alerts.map(sentence)), expiryLine(alerts)];
  if (first.owner) lines.push(`Owner: ${first.owner}`);
  if (first.runbookUrl) lines.push(`Runbook: ${first.runbookUrl}`);
  return {
    title: headline(first),
    body: lines.filter((l): l is string => !!l).join('\n'),
    entryIds: [first.entryId],
  };
}

function summary(alerts: Alert[], entryIds: string[]): NotificationText {
  const needy = new Set(alerts.filter((a) => !isGoodNews(a)).map((a) => a.entryId));
  const title = needy.size
    ? `${plural(needy.size, 'certificate')} need${needy.size === 1 ? 's' : ''} attention`
    : alerts.every((a) => a.kind === 'renewed')
      ? `${plural(entryIds.length, 'certificate')} renewed`
      : `${plural(entryIds.length, 'certificate')} back to normal`;
  const lines = alerts.map((a) => (a.owner ? `${headline(a)} (owner: ${a.owner})` : headline(a)));
  const shown =
    lines.length > MAX_SUMMARY_LINES
      ? [...lines.slice(0, MAX_SUMMARY_LINES - 1), `…and ${lines.length - MAX_SUMMARY_LINES + 1} more`]
      : lines;
  return { title, body: shown.join('\n'), entryIds };
}

/** One notification for everything due at once; muted alerts are left out. Null when nothing is to be shown. */
export function notificationFor(alerts: Alert[]): NotificationText | null {
  const shown = alerts.filter((a) => !a.muted).sort(worstFirst);
  if (!shown.length) return null;
  const entryIds = [...new Set(shown.map((a) => a.entryId))];
  return entryIds.length === 1 ? single(shown) : summary(shown, entryIds);
}
