// Where a certificate stands on its way to expiry: ok, warning, critical or expired, and how many "alert days"
// are left. The one function behind the status of every surface (verdicts, `check`, `list`, tray, window) and
// the alert ladder, so a status never says more or less than the alerts do.
//
// A certificate that lives at least twice the largest alert day (60 days by default) counts calendar days, so
// thresholds, global or per entry, apply as given. A shorter-lived one (47-day, 6-day, 24-hour certificates) runs
// on its own clock where one day lasts lifetime / (4 × largest alert day), i.e. lifetime / 120 by default: every
// threshold scales down with its life, so it turns warning and alerts at the same fractions of its life as a
// 120-day certificate would: with a quarter of its life left by default, after the usual renewal at one third
// left (certbot, cert-manager, Caddy, Traefik). A 6-day certificate is warning from 36 hours left and critical
// from 8.4 hours; one renewed on schedule never is (unless a warning threshold above 40 days asks for it).
import { DAY_MS } from '../../shared/days';
import { DEFAULT_SETTINGS } from '../../shared/model';
import type { Thresholds } from '../../shared/types';

export type ExpiryStatus = 'ok' | 'warning' | 'critical' | 'expired';

/** What decides a standing: the status thresholds and the alert days (the settings' ladder; defaults if absent). */
export interface ExpiryPolicy extends Thresholds {
  alertDays?: readonly number[];
}

export interface ExpiryStanding {
  msLeft: number;
  /** Milliseconds per counted day: DAY_MS, or less for a short-lived certificate. */
  unitMs: number;
  shortLived: boolean;
  /** Whole counted days left, floored: 0 during the final one, negative once expired. */
  units: number;
  status: ExpiryStatus;
}

/** The configured alert marks, largest first; 0 is dropped because the final day is always a mark. */
export function ladderDays(days: readonly number[] = DEFAULT_SETTINGS.alertDays): number[] {
  const whole = days.filter((d) => Number.isFinite(d) && d >= 1).map((d) => Math.floor(d));
  return [...new Set(whole)].sort((a, b) => b - a);
}

/** The largest alert day: a certificate living less than twice it runs on the compressed clock. */
export function horizonDays(policy: Pick<ExpiryPolicy, 'alertDays'>): number {
  return ladderDays(policy.alertDays)[0] ?? 1;
}

/** Milliseconds per counted day for a certificate living `lifetimeMs` (null: unknown, calendar days). */
export function countedDayMs(lifetimeMs: number | null, policy: Pick<ExpiryPolicy, 'alertDays'>): number {
  const horizon = horizonDays(policy);
  if (lifetimeMs === null || !(lifetimeMs > 0) || lifetimeMs >= 2 * horizon * DAY_MS) return DAY_MS;
  return lifetimeMs / (4 * horizon);
}

/**
 * The standing of a certificate valid from `notBefore` (its lifetime sets the clock; null: calendar days) that
 * expires, or whose chain expires, at `expiresAt`.
 */
export function expiryStanding(
  expiresAt: number,
  notBefore: number | null,
  policy: ExpiryPolicy,
  now: number,
  /** The end of the certificate's own validity, when `expiresAt` is an earlier chain expiry. */
  notAfter: number = expiresAt,
): ExpiryStanding {
  const unitMs = countedDayMs(notBefore === null ? null : notAfter - notBefore, policy);
  const msLeft = expiresAt - now;
  const units = Math.floor(msLeft / unitMs);
  const status: ExpiryStatus =
    msLeft <= 0
      ? 'expired'
      : units < policy.criticalDays
        ? 'critical'
        : units < policy.warningDays
          ? 'warning'
          : 'ok';
  return { msLeft, unitMs, shortLived: unitMs !== DAY_MS, units, status };
}
