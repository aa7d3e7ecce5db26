// The day arithmetic every surface shares, and the lifetime clock status and alerts share.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DAY_MS,
  HOUR_MS,
  daysLeft,
  describeExpiry,
  expiryPhrase,
  spanText,
  wholeDays,
} from '../../main/shared/days';
import { expiryStanding } from '../../main/core/probe/expiry-standing';
import { expiryPosition } from '../../main/core/watch/alert-ladder';
import { DEFAULT_SETTINGS } from '../../main/shared/model';

const NOW = Date.parse('2026-12-02T12:00:00Z');

describe('whole days', () => {
  it('floors while valid and counts whole days since expiry after it', () => {
    expect(wholeDays(4 * DAY_MS + 23 * HOUR_MS)).toBe(4);
    expect(wholeDays(5 * HOUR_MS)).toBe(0);
    expect(wholeDays(-39_000)).toBe(0);
    expect(Object.is(wholeDays(-39_000), -0)).toBe(false);
    expect(wholeDays(-(5 * DAY_MS + 39_000))).toBe(-5);
    expect(daysLeft(new Date(NOW - 5 * DAY_MS - 39_000).toISOString(), NOW)).toBe(-5);
  });

  it('words spans in days from 48 hours, in hours and minutes below', () => {
    expect(spanText(12 * DAY_MS + HOUR_MS)).toBe('12 days');
    expect(spanText(2 * DAY_MS)).toBe('2 days');
    expect(spanText(2 * DAY_MS - 1)).toBe('47 hours');
    expect(spanText(HOUR_MS)).toBe('1 hour');
    expect(spanText(90_000)).toBe('1 minute');
    expect(spanText(-10_000)).toBe('less than a minute');
    expect(expiryPhrase(NOW - 5 * DAY_MS - 39_000, NOW)).toBe('expired 5 days ago');
    expect(expiryPhrase(NOW + 30 * HOUR_MS, NOW)).toBe('expires in 30 hours');
    expect(describeExpiry(NOW + 3 * DAY_MS, NOW)).toBe('Expires in 3 days');
  });

  it('a whole-day count and its sentence never disagree', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400 * DAY_MS, max: 400 * DAY_MS }), (ms) => {
        const days = wholeDays(ms);
        const text = spanText(ms);
        if (Math.abs(ms) >= 2 * DAY_MS) expect(text).toBe(`${Math.abs(days)} days`);
        expect(Math.sign(days) === 0 || Math.sign(days) === Math.sign(ms)).toBe(true);
      }),
    );
  });
});

describe('the lifetime clock', () => {
  const policy = { ...DEFAULT_SETTINGS.thresholds, alertDays: DEFAULT_SETTINGS.alertDays };

  it('a 6-day certificate: OK with 4 days left, warning below 36 hours, critical below 8.4 hours', () => {
    const life = 6 * DAY_MS;
    const at = (left: number) => expiryStanding(NOW + left, NOW + left - life, policy, NOW).status;
    expect(at(4 * DAY_MS)).toBe('ok');
    expect(at(36 * HOUR_MS + 1)).toBe('ok');
    expect(at(36 * HOUR_MS - 1)).toBe('warning');
    expect(at(8.4 * HOUR_MS - 1)).toBe('critical');
    expect(at(5 * HOUR_MS)).toBe('critical');
    expect(at(0)).toBe('expired');
  });

  it('a certificate renewed with a third of its life left is never warning and never alerts; status and ladder agree', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: HOUR_MS, max: 800 * DAY_MS }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (life, fraction) => {
          const left = Math.max(1, Math.round(life * fraction));
          const notAfter = NOW + left;
          const standing = expiryStanding(notAfter, notAfter - life, policy, NOW);
          const position = expiryPosition(notAfter, notAfter - life, DEFAULT_SETTINGS, NOW);
          expect(position.status).toBe(standing.status);
          // Long-lived ones keep calendar thresholds, which may be more than a third of a short life.
          if (life < 60 * DAY_MS && fraction > 1 / 3) {
            expect(standing.status).toBe('ok');
            expect(position.crossed).toEqual([]);
          }
          // Critical only on the ladder's last marks: a critical status always has an alert mark crossed.
          if (standing.status === 'critical') expect(position.crossed.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});
