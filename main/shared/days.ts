// The one day arithmetic of every surface (CLI table and JSON, list, watch log, notifications, tray, window,
// calendar): whole days left while valid, whole days since expiry after it, hours under 48 hours. Pure, with no
// imports, so the engine, the CLI and the sandboxed window all count the same way.
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** Below this, days hide most of what is left ("1 day" could be 47 hours), so sentences count hours. */
const HOURS_BELOW_MS = 2 * DAY_MS;

const toMs = (when: Date | string | number): number =>
  typeof when === 'number' ? when : new Date(when).getTime();

/**
 * Signed whole days: floored while valid (0 during the final day), minus the whole days since expiry after it
 * (a certificate that expired 5 days and 39 seconds ago is -5, one that expired an hour ago is 0, and its
 * status says it expired).
 */
export function wholeDays(msLeft: number): number {
  const days = msLeft > 0 ? Math.floor(msLeft / DAY_MS) : -Math.floor(-msLeft / DAY_MS);
  return days === 0 ? 0 : days; // never -0, which JSON and String() would print as "0" anyway
}

/** Whole days from `now` until `notAfter`, as `wholeDays` counts them. */
export function daysLeft(notAfter: Date | string | number, now: number): number {
  return wholeDays(toMs(notAfter) - now);
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** A span of time, unsigned: "5 days" (floored), "30 hours" under 48 hours, "12 minutes", "less than a minute". */
export function spanText(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= HOURS_BELOW_MS) return plural(Math.floor(abs / DAY_MS), 'day');
  if (abs >= HOUR_MS) return plural(Math.floor(abs / HOUR_MS), 'hour');
  if (abs >= MINUTE_MS) return plural(Math.floor(abs / MINUTE_MS), 'minute');
  return 'less than a minute';
}

/** "expires in 5 days", "expires in 30 hours", "expired 5 days ago": the clause every surface words expiry with. */
export function expiryPhrase(notAfter: Date | string | number, now: number): string {
  const msLeft = toMs(notAfter) - now;
  return msLeft > 0 ? `expires in ${spanText(msLeft)}` : `expired ${spanText(msLeft)} ago`;
}

/** "in 5 days" / "5 days ago": the same count without the verb, for sentences that already have one. */
export function relativeSpan(notAfter: Date | string | number, now: number): string {
  const msLeft = toMs(notAfter) - now;
  return msLeft > 0 ? `in ${spanText(msLeft)}` : `${spanText(msLeft)} ago`;
}

/** "Expires in 5 days" / "Expired 30 hours ago": the phrase as a sentence start. */
export function describeExpiry(notAfter: Date | string | number, now: number): string {
  const phrase = expiryPhrase(notAfter, now);
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}
