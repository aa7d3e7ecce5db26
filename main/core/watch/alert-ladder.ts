// The expiry ladder: which days-left marks a certificate has crossed, with the marks scaled to the lifetime of
// short-lived certificates so that one renewed on schedule never alerts.
//
// The clock is expiryStanding's (expiry-standing.ts), the same one the status is read from: a certificate living
// less than twice the largest alert day (60 days by default: 47-day, 6-day and 24-hour certificates) runs on a
// compressed clock where one "alert day" lasts lifetime / (4 × largest alert day), i.e. it alerts at the same fractions of its life as a certificate living 120 days
// would: first with about a quarter of its life left, safely after the usual renewal at one third left
// (ACME clients, cert-manager, step-ca), last in its final 1/120. A 24-hour certificate renewed every 16 hours never
// has less than 8 hours left, below which nothing fires; one that is not renewed alerts from about 6 hours left.
import { countedDayMs, expiryStanding, ladderDays, type ExpiryStatus } from '../probe/expiry-standing';
import type { Settings } from '../../shared/model';
import type { Thresholds } from '../../shared/types';

export type ExpiryKind = 'threshold' | 'last-day' | 'expired';

export interface Mark {
  kind: ExpiryKind;
  /** `days:N` / `life:N` (short-lived), `days:0` / `life:0` for the final one, `expired`. */
  reason: string;
  /** The mark in alert days; -1 for expiry. */
  units: number;
}

export interface ExpiryPosition {
  msLeft: number;
  /** Milliseconds per alert day: DAY_MS, or less for a short-lived certificate. */
  unitMs: number;
  shortLived: boolean;
  /** Whole alert days left, floored: 0 during the final one, negative once expired. */
  units: number;
  /** Every mark passed, most urgent first. */
  crossed: Mark[];
  /** The status the same clock gives: what the verdict says at this moment. */
  status: ExpiryStatus;
}

/** The configured marks, largest first; 0 is dropped because the final day is always a mark. */
export function alertDays(settings: Settings): number[] {
  return ladderDays(settings.alertDays);
}

export function unitFor(lifetimeMs: number | null, settings: Settings): number {
  return countedDayMs(lifetimeMs, { alertDays: settings.alertDays });
}

/** `thresholds`: the entry's effective ones, for `status` (the marks are the settings' alert days). */
export function expiryPosition(
  notAfter: number,
  notBefore: number | null,
  settings: Settings,
  now: number,
  thresholds: Thresholds = settings.thresholds,
): ExpiryPosition {
  const standing = expiryStanding(notAfter, notBefore, { ...thresholds, alertDays: settings.alertDays }, now);
  const { unitMs, shortLived, msLeft, units, status } = standing;
  const prefix = shortLived ? 'life' : 'days';
  const marks: Mark[] = [
    { kind: 'expired', reason: 'expired', units: -1 },
    // The final day is a mark even when 1 and 0 are not configured: "0 days left" must never read as "no value".
    { kind: 'last-day', reason: `${prefix}:0`, units: 0 },
    ...alertDays(settings)
      .reverse()
      .map((d): Mark => ({ kind: 'threshold', reason: `${prefix}:${d}`, units: d })),
  ];
  const crossed = marks.filter((m) => (m.kind === 'expired' ? msLeft <= 0 : units <= m.units));
  return { msLeft, unitMs, shortLived, units, crossed, status };
}

/** The next mark still ahead, in alert days (-1 = expiry), or null once expired. */
export function nextMark(position: ExpiryPosition, settings: Settings): number | null {
  if (position.msLeft <= 0) return null;
  const ahead = [...alertDays(settings), 0, -1].filter((d) => d < position.units);
  return ahead[0] ?? null;
}
