// Time-based views: the 90-day timeline, validity bars, history with renewals, and the date wording.
import { describe, expect, it } from 'vitest';
import type { TableRow } from '../../../main/shared/window-state';
import {
  describeExpiryAt,
  formatDaysLeft,
  formatRelative,
  formatUtc,
  shortFingerprint,
} from '../../../renderer/lib/format';
import { historyRows } from '../../../renderer/lib/history';
import { expiryTimeline } from '../../../renderer/lib/timeline';
import { validity } from '../../../renderer/lib/validity';
import { record } from '../fixtures';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-24T12:00:00Z');
const iso = (days: number) => new Date(NOW + days * DAY).toISOString();

function row(id: string, days: number | null, enabled = true): TableRow {
  return {
    id,
    target: `${id}:443`,
    host: id,
    port: 443,
    tags: [],
    enabled,
    status: 'ok',
    daysLeft: days === null ? null : Math.floor(days),
    notAfter: days === null ? null : iso(days),
    issuer: null,
    lastCheckedAt: null,
    snoozed: false,
    checking: false,
    headline: null,
    problemCodes: [],
  };
}

describe('expiryTimeline', () => {
  it('buckets enabled entries with a known expiry into weeks of the next 90 days', () => {
    const t = expiryTimeline(
      [
        row('c', 8),
        row('a', 1),
        row('b', 6.9),
        row('d', 89.9),
        row('e', 90),
        row('f', -2),
        row('g', null),
        row('h', 3, false),
      ],
      NOW,
    );
    expect(t.buckets).toHaveLength(13);
    expect(t.buckets[0]!.entries.map((e) => e.id)).toEqual(['a', 'b']);
    expect(t.buckets[1]!.entries.map((e) => e.id)).toEqual(['c']);
    expect(t.buckets[12]!.entries.map((e) => e.id)).toEqual(['d']);
    expect(t.buckets[12]!.end).toBe(NOW + 90 * DAY);
    expect(t.overdue.map((e) => e.id)).toEqual(['f']);
    expect(t.upcoming).toBe(4);
  });
});

describe('validity', () => {
  it('measures elapsed time and days left', () => {
    expect(validity(iso(-75), iso(15), NOW)).toEqual({
      elapsed: 75 / 90,
      totalDays: 90,
      daysLeft: 15,
      phase: 'valid',
    });
    expect(validity(iso(-100), iso(-10), NOW)).toMatchObject({ elapsed: 1, daysLeft: -10, phase: 'expired' });
    expect(validity(iso(2), iso(92), NOW)).toMatchObject({ elapsed: 0, phase: 'not-yet-valid' });
    expect(validity('nonsense', iso(1), NOW)).toBeNull();
  });
});

describe('historyRows', () => {
  it('lists newest first and marks where the certificate changed, skipping failed checks', () => {
    const rows = historyRows([
      record({ at: iso(-1), fingerprint256: 'B' }),
      record({ at: iso(-3), fingerprint256: 'A' }),
      record({ at: iso(-2), fingerprint256: null, status: 'error' }),
      record({ at: iso(-4), fingerprint256: 'A' }),
    ]);
    expect(rows.map((r) => [r.fingerprint256, r.certificateChanged])).toEqual([
      ['B', true],
      [null, false],
      ['A', false],
      ['A', false],
    ]);
  });
});

describe('format', () => {
  it('words days left', () => {
    expect(describeExpiryAt(iso(12.5), NOW)).toBe('Expires in 12 days');
    expect(describeExpiryAt(iso(1.5), NOW)).toBe('Expires in 36 hours');
    expect(describeExpiryAt(iso(0.25), NOW)).toBe('Expires in 6 hours');
    expect(describeExpiryAt(iso(-3.5), NOW)).toBe('Expired 3 days ago');
    expect(describeExpiryAt(new Date(NOW - 5 * DAY - 39_000).toISOString(), NOW)).toBe('Expired 5 days ago');
    expect(describeExpiryAt(null, NOW)).toBe('Expiry unknown');
    expect(formatDaysLeft(-3)).toBe('−3');
    expect(formatDaysLeft(null)).toBe('—');
  });

  it('words relative times', () => {
    expect(formatRelative(new Date(NOW - 20_000).toISOString(), NOW)).toBe('just now');
    expect(formatRelative(new Date(NOW - 5 * 60_000).toISOString(), NOW)).toBe('5 minutes ago');
    expect(formatRelative(new Date(NOW + 3 * 3_600_000).toISOString(), NOW)).toBe('in 3 hours');
    expect(formatRelative(iso(-1), NOW)).toBe('yesterday');
    expect(formatRelative(iso(10), NOW)).toBe('in 10 days');
    expect(formatRelative(iso(21), NOW)).toBe('in 3 weeks');
    expect(formatRelative(iso(-65), NOW)).toBe('2 months ago');
  });

  it('gives UTC for hovering and short fingerprints', () => {
    expect(formatUtc('2026-12-06T14:05:09Z')).toBe('2026-12-06 14:05 UTC');
    expect(shortFingerprint('AA:BB:CC:DD:EE:FF:00:11', 4)).toBe('AA:BB:CC:DD…');
    expect(shortFingerprint(null)).toBe('—');
  });
});
