import { describe, expect, it } from 'vitest';
import { expiriesToIcs } from '../../main/core/watch/ics';
import type { EntrySummary } from '../../main/shared/contract';

const now = Date.parse('2026-11-24T12:00:00Z');
function row(over: Partial<EntrySummary>): EntrySummary {
  return {
    id: 'e1',
    target: 'shop.example.com:443',
    host: 'shop.example.com',
    port: 443,
    tags: [],
    enabled: true,
    status: 'ok',
    daysLeft: 40,
    notAfter: '2027-01-03T08:55:00.000Z',
    issuer: 'R11',
    lastCheckedAt: null,
    nextDueAt: null,
    checking: false,
    headline: null,
    problemCodes: [],
    ...over,
  };
}

describe('expiriesToIcs', () => {
  it('writes one all-day event per upcoming expiry with a reminder 30 days before', () => {
    const ics = expiriesToIcs(
      [
        row({ owner: 'Payments team', runbookUrl: 'https://wiki.example.com/renew', label: 'Shop, EU' }),
        row({ id: 'old', notAfter: '2026-11-01T00:00:00.000Z' }),
        row({ id: 'never', notAfter: null }),
      ],
      now,
    );
    const unfolded = ics.replace(/\r\n /g, '');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    expect(unfolded.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(unfolded).toContain('DTSTART;VALUE=DATE:20270103\r\nDTEND;VALUE=DATE:20270104');
    expect(unfolded).toContain('SUMMARY:Certificate expires: Shop\\, EU (shop.example.com:443)');
    expect(unfolded).toContain('Owner: Payments team.');
    expect(unfolded).toContain('TRIGGER:-P30D');
    expect(unfolded).toContain('URL:https://wiki.example.com/renew');
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it('sorts soonest first and brackets IPv6 hosts', () => {
    const ics = expiriesToIcs(
      [
        row({ id: 'b', notAfter: '2027-03-01T00:00:00Z' }),
        row({ id: 'a', host: '2001:db8::1', notAfter: '2027-02-01T00:00:00Z' }),
      ],
      now,
    );
    const order = [...ics.matchAll(/UID:(\w+)-/g)].map((m) => m[1]);
    expect(order).toEqual(['a', 'b']);
    expect(ics.replace(/\r\n /g, '')).toContain('[2001:db8::1]:443');
  });
});
