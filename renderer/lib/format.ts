// Dates, relative times, day counts and fingerprints as people read them: local time first, UTC on hover.

import { DAY_MS, describeExpiry } from '../../main/shared/days';

/**
 * The texts written with ICU (dates, relative times, counts) in one locale and time zone. The window uses the
 * browser's own (`localFormats`); the app's page handler and the web bridge, which write the first screen into
 * the page they serve, use the page's language (main/app/protocol.ts, main/bridge/routes.ts).
 */
export interface LocalFormats {
  date(iso: string): string;
  dateTime(iso: string): string;
  relative(iso: string, now: number): string;
  count(n: number): string;
}

/**
 * Formats for `locale` (undefined: the runtime's default) and the runtime's time zone. Each Intl object is made
 * on first use, not here: each costs the ICU set-up for its kind (tens of ms in a fresh page).
 */
export function createFormats(locale?: string): LocalFormats {
  let dateFormat: Intl.DateTimeFormat | undefined;
  let dateTimeFormat: Intl.DateTimeFormat | undefined;
  let relativeFormat: Intl.RelativeTimeFormat | undefined;
  let numberFormat: Intl.NumberFormat | undefined;
  return {
    date: (iso) => {
      const date = parse(iso);
      return date
        ? (dateFormat ??= new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })).format(date)
        : iso;
    },
    dateTime: (iso) => {
      const date = parse(iso);
      return date
        ? (dateTimeFormat ??= new Intl.DateTimeFormat(locale, {
            dateStyle: 'medium',
            timeStyle: 'short',
          })).format(date)
        : iso;
    },
    relative: (iso, now) =>
      relativeText(iso, now, (value, unit) =>
        (relativeFormat ??= new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })).format(value, unit),
      ),
    count: (n) => (numberFormat ??= new Intl.NumberFormat(locale)).format(n),
  };
}

/** The browser's (or the runtime's) own locale. */
export const localFormats: LocalFormats = createFormats();

/** Makes the formats (and the number format the table's texts use) now, so the first screen does not wait on them. */
export function warmFormats(): void {
  const now = new Date().toISOString();
  localFormats.date(now);
  localFormats.dateTime(now);
  localFormats.relative(now, 0);
  localFormats.count(1000);
}

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatLocalDate(iso: string): string {
  return localFormats.date(iso);
}

export function formatLocalDateTime(iso: string): string {
  return localFormats.dateTime(iso);
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
  return localFormats.relative(iso, now);
}

function relativeText(
  iso: string,
  now: number,
  format: (value: number, unit: Intl.RelativeTimeFormatUnit) => string,
): string {
  const date = parse(iso);
  if (!date) return iso;
  const diff = date.getTime() - now;
  const abs = Math.abs(diff);
  if (abs < 60_000) return 'just now';
  for (const [unit, ms] of UNITS) {
    // Weeks only between 2 and 4 of them: "in 10 days" reads better than "next week".
    if (unit === 'week' && (abs < 14 * DAY_MS || abs >= 30 * DAY_MS)) continue;
    if (abs >= ms) return format(Math.trunc(diff / ms), unit);
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

export function pluralise(n: number, word: string, many = `${word}s`, formats = localFormats): string {
  return `${formats.count(n)} ${n === 1 ? word : many}`;
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
