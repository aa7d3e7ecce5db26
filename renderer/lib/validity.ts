// How far through its validity a certificate is, for the bar in the chain view.

import { DAY_MS, daysLeft } from '../../main/shared/days';

export interface Validity {
  /** 0 at notBefore, 1 at notAfter, clamped. */
  elapsed: number;
  totalDays: number;
  /** Whole days until notAfter (floored; minus whole days since expiry once past), as the engine counts them. */
  daysLeft: number;
  phase: 'not-yet-valid' | 'valid' | 'expired';
}

export function validity(notBefore: string, notAfter: string, now: number): Validity | null {
  const start = Date.parse(notBefore);
  const end = Date.parse(notAfter);
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) return null;
  const elapsed = Math.min(1, Math.max(0, (now - start) / (end - start)));
  return {
    elapsed,
    totalDays: Math.round((end - start) / DAY_MS),
    daysLeft: daysLeft(end, now),
    phase: now < start ? 'not-yet-valid' : now > end ? 'expired' : 'valid',
  };
}
