// Day arithmetic shared by verdicts, alerts and views, so "days left" means the same everywhere.
export const DAY_MS = 86_400_000;

/** Whole days from now until `when`, floored: 0 during the last day, negative once past. */
export function daysUntil(when: Date | string | number, now: number): number {
  return Math.floor((new Date(when).getTime() - now) / DAY_MS);
}

/** A clock the core reads instead of Date.now(), so tests can run days of schedule in milliseconds. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
