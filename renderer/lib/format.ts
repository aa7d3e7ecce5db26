// Dates, relative times, day counts and fingerprints as people read them: local time first, UTC on hover.

import { DAY_MS, describeExpiry } from '../../main/shared/days';

// Made on first use, not as the module loads: each costs the ICU set-up for its kind (tens of ms in a fresh page),
// which the page's start does while its first request travels (warmFormats) rather than before sending it.
let dateFormat: Intl.DateTimeFormat | undefined;
let dateTimeFormat: Intl.DateTimeFormat | undefined;
let relativeFormat: Intl.RelativeTimeFormat | undefined;
const formats = {
  date: () => (dateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })),
  dateTime: () =>
    (dateTimeFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })),
  relative: () => (relativeFormat ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })),
};

/** Makes the formats (and the number format the table's texts use) now, so the first screen does not wait on them. */
export function warmFormats(): void {
  formats.date();
  formats.dateTime();
  formats.relative();
  (1000).toLocaleString();
}

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatLocalDate(iso: string): string {
  const date = parse(iso);
  return date ? formats.date().format(date) : iso;
}

export function formatLocalDateTime(iso: string): string {
  const date = parse(iso);
  return date ? formats.dateTime().format(date) : iso;
}

/** `2026-12-06 14:00 UTC`: unambiguous for a team spread over time zones. */
export function formatUtc(iso: string): string {
  const date = parse(iso);
  return date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : iso;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * DAY_MS],
  ['month', 30 * DAY_MS],
  ['week', 7 * DAY_MS],
  ['day', DAY_MS],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "5 minutes ago", "in 3 days"; under a minute reads "just now" so the text does not tick every second. */
export function formatRelative(iso: string, now: number): string {
  const date = parse(iso);
  if (!date) return iso;
  const diff = date.getTime() - now;
  const abs = Math.abs(diff);
  if (abs < 60_000) return 'just now';
  for (const [unit, ms] of UNITS) {
    // Weeks only between 2 and 4 of them: "in 10 days" reads better than "next week".
    if (unit === 'week' && (abs < 14 * DAY_MS || abs >= 30 * DAY_MS)) continue;
    if (abs >= ms) return formats.relative().format(Math.trunc(diff / ms), unit);
  }
  return 'just now';
}

/** The days-left column: a signed whole number, or a dash when unknown. */
export function formatDaysLeft(daysLeft: number | null): string {
  if (daysLeft === null) return '—';
  return daysLeft < 0 ? `−${Math.abs(daysLeft)}` : String(daysLeft);
}

/**
 * "Expires in 5 days", "Expires in 30 hours", "Expired 5 days ago": the engine's own count and words
 * (main/shared/days.ts), so the window never says another number than the CLI or a notification.
 */
export function describeExpiryAt(notAfter: string | null, now: number): string {
  if (!notAfter || Number.isNaN(Date.parse(notAfter))) return 'Expiry unknown';
  return describeExpiry(notAfter, now);
}

export function pluralise(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? word : many}`;
}

/** First bytes of a colon-separated fingerprint, enough to tell two certificates apart at a glance. */
export function shortFingerprint(fingerprint: string | null | undefined, bytes = 6): string {
  if (!fingerprint) return '—';
  const parts = fingerprint.split(':');
  return parts.length > bytes ? `${parts.slice(0, bytes).join(':')}…` : fingerprint;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** The CN (or O) of a distinguished name, which is what people recognise. */
export function commonName(dn: string): string {
  return /CN=([^,]+)/.exec(dn)?.[1] ?? /O=([^,]+)/.exec(dn)?.[1] ?? dn;
}
