// Day arithmetic shared by verdicts, alerts and views, so "days left" means the same everywhere (the counting
// itself lives in main/shared/days.ts, which the window uses too), and the injectable clock.
import { DAY_MS, daysLeft } from '../../shared/days';

export { DAY_MS };

/** Whole days from now until `when`: floored while ahead (0 during the last day), minus whole days since once past. */
export function daysUntil(when: Date | string | number, now: number): number {
  return daysLeft(when, now);
}

/** A clock the core reads instead of Date.now(), so tests can run days of schedule in milliseconds. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
