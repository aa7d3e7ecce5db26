// Sorting and filtering the watchlist rows: pure functions over TableRow[].
import { describe, expect, it } from 'vitest';
import type { TableRow } from '../../../main/shared/window-state';
import {
  countByStatus,
  filterEntries,
  isFilterActive,
  tagCounts,
  toggle,
  EMPTY_FILTER,
} from '../../../renderer/lib/filter';
import fc from 'fast-check';
import { DEFAULT_SORT, SORT_KEYS, firstEntries, nextSort, sortEntries } from '../../../renderer/lib/sort';

function row(target: string, fields: Partial<TableRow> = {}): TableRow {
  const [host = target, port = '443'] = target.split(':');
  return {
    id: target,
    target,
    host,
    port: Number(port),
    tags: [],
    enabled: true,
    status: 'ok',
    daysLeft: null,
    notAfter: null,
    issuer: null,
    lastCheckedAt: null,
    snoozed: false,
    checking: false,
    headline: null,
    problemCodes: [],
    ...fields,
  };
}

const at = (days: number) => new Date(Date.UTC(2026, 10, 24) + days * 86_400_000).toISOString();

const ROWS = [
  row('web10.example.com', {
    notAfter: at(40),
    daysLeft: 40,
    label: 'beta',
    issuer: 'R11',
    lastCheckedAt: at(-1),
  }),
  row('web2.example.com', { notAfter: at(5), daysLeft: 5, status: 'critical', issuer: 'E5' }),
  row('down.example.com', {
    status: 'error',
    headline: 'Timed out',
    problemCodes: ['TIMEOUT'],
    lastCheckedAt: at(-2),
  }),
  row('new.example.com', { status: 'pending' }),
  row('old.example.com', {
    notAfter: at(-2),
    daysLeft: -2,
    status: 'expired',
    label: 'Alpha',
    tags: ['Legacy'],
  }),
];

const targets = (rows: TableRow[]) => rows.map((r) => r.target);

describe('sortEntries', () => {
  it('defaults to urgency: expired, invalid, critical, error, warning, then fewest days left', () => {
    expect(DEFAULT_SORT).toEqual({ key: 'status', dir: 'asc' });
    expect(targets(sortEntries(ROWS, DEFAULT_SORT))).toEqual([
      'old.example.com',
      'web2.example.com',
      'down.example.com',
      'web10.example.com',
      'new.example.com',
    ]);
    const estate = [
      row('ok-long.example.com', { daysLeft: 300 }),
      row('warn.example.com', { daysLeft: 20, status: 'warning' }),
      row('ok-short.example.com', { daysLeft: 31 }),
      row('revoked.example.com', { daysLeft: 40, status: 'invalid' }),
      row('crit-later.example.com', { daysLeft: 6, status: 'critical' }),
      row('crit-soon.example.com', { daysLeft: 2, status: 'critical' }),
      row('down.example.com', { status: 'error' }),
      row('gone.example.com', { daysLeft: -1, status: 'expired' }),
    ];
    expect(targets(sortEntries(estate, DEFAULT_SORT))).toEqual([
      'gone.example.com',
      'revoked.example.com',
      'crit-soon.example.com',
      'crit-later.example.com',
      'down.example.com',
      'warn.example.com',
      'ok-short.example.com',
      'ok-long.example.com',
    ]);
  });

  it('sorting by expiry keeps broken rows (expired, invalid) on top, never among OK ones', () => {
    const estate = [
      row('ok-10.example.com', { notAfter: at(10), daysLeft: 10 }),
      row('revoked.example.com', { notAfter: at(40), daysLeft: 40, status: 'invalid' }),
      row('ok-60.example.com', { notAfter: at(60), daysLeft: 60 }),
      row('gone.example.com', { notAfter: at(-3), daysLeft: -3, status: 'expired' }),
    ];
    for (const key of ['notAfter', 'daysLeft'] as const) {
      expect(targets(sortEntries(estate, { key, dir: 'asc' }))).toEqual([
        'gone.example.com',
        'revoked.example.com',
        'ok-10.example.com',
        'ok-60.example.com',
      ]);
      expect(targets(sortEntries(estate, { key, dir: 'desc' }))).toEqual([
        'revoked.example.com',
        'gone.example.com',
        'ok-60.example.com',
        'ok-10.example.com',
      ]);
    }
  });

  it('keeps unknown values last when descending too', () => {
    expect(targets(sortEntries(ROWS, { key: 'notAfter', dir: 'desc' }))).toEqual([
      'old.example.com',
      'web10.example.com',
      'web2.example.com',
      'down.example.com',
      'new.example.com',
    ]);
  });

  it('orders hosts naturally (web2 before web10) and statuses by urgency', () => {
    expect(targets(sortEntries(ROWS, { key: 'target', dir: 'asc' }))).toEqual([
      'down.example.com',
      'new.example.com',
      'old.example.com',
      'web2.example.com',
      'web10.example.com',
    ]);
    expect(sortEntries(ROWS, { key: 'status', dir: 'asc' }).map((r) => r.status)).toEqual([
      'expired',
      'critical',
      'error',
      'ok',
      'pending',
    ]);
  });

  it('sorts text ignoring case and numbers as numbers', () => {
    expect(targets(sortEntries(ROWS, { key: 'label', dir: 'asc' })).slice(0, 2)).toEqual([
      'old.example.com',
      'web10.example.com',
    ]);
    expect(targets(sortEntries(ROWS, { key: 'daysLeft', dir: 'desc' })).slice(0, 3)).toEqual([
      'old.example.com',
      'web10.example.com',
      'web2.example.com',
    ]);
    expect(targets(sortEntries(ROWS, { key: 'lastCheckedAt', dir: 'desc' })).slice(0, 2)).toEqual([
      'web10.example.com',
      'down.example.com',
    ]);
  });

  it('does not change its input', () => {
    const copy = [...ROWS];
    sortEntries(ROWS, { key: 'target', dir: 'desc' });
    expect(ROWS).toEqual(copy);
  });

  it('flips direction on the same column and starts ascending on another', () => {
    expect(nextSort({ key: 'target', dir: 'asc' }, 'target')).toEqual({ key: 'target', dir: 'desc' });
    expect(nextSort({ key: 'target', dir: 'desc' }, 'issuer')).toEqual({ key: 'issuer', dir: 'asc' });
  });
});

describe('filterEntries', () => {
  it('returns everything without a filter', () => {
    expect(filterEntries(ROWS, EMPTY_FILTER)).toBe(ROWS);
    expect(isFilterActive(EMPTY_FILTER)).toBe(false);
    expect(isFilterActive({ ...EMPTY_FILTER, text: '  ' })).toBe(false);
  });

  it('matches every word anywhere in the row, ignoring case', () => {
    expect(targets(filterEntries(ROWS, { ...EMPTY_FILTER, text: 'WEB r11' }))).toEqual(['web10.example.com']);
    expect(targets(filterEntries(ROWS, { ...EMPTY_FILTER, text: 'timeout' }))).toEqual(['down.example.com']);
    expect(targets(filterEntries(ROWS, { ...EMPTY_FILTER, text: 'legacy' }))).toEqual(['old.example.com']);
    expect(targets(filterEntries(ROWS, { ...EMPTY_FILTER, text: 'critical' }))).toEqual(['web2.example.com']);
  });

  it('keeps rows with any chosen status and all chosen tags', () => {
    expect(targets(filterEntries(ROWS, { ...EMPTY_FILTER, statuses: ['expired', 'pending'] }))).toEqual([
      'new.example.com',
      'old.example.com',
    ]);
    expect(targets(filterEntries(ROWS, { ...EMPTY_FILTER, tags: ['legacy'] }))).toEqual(['old.example.com']);
    expect(filterEntries(ROWS, { ...EMPTY_FILTER, tags: ['legacy', 'prod'] })).toEqual([]);
  });

  it('filters 5,000 rows fast enough to run on every keystroke', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      row(`host-${i}.example.com`, { label: `Service ${i}`, tags: i % 3 ? [] : ['edge'], issuer: 'R11' }),
    );
    filterEntries(many, { ...EMPTY_FILTER, text: 'warm-up' });
    const started = performance.now();
    for (const text of ['h', 'ho', 'host-4', 'host-49', 'host-499', 'service 12', 'r11 edge']) {
      filterEntries(many, { ...EMPTY_FILTER, text, tags: ['edge'] });
    }
    expect((performance.now() - started) / 7).toBeLessThan(50);
    expect(filterEntries(many, { ...EMPTY_FILTER, text: 'host-4999' })).toHaveLength(1);
  });
});

describe('counts and tags', () => {
  it('counts rows per status', () => {
    expect(countByStatus(ROWS)).toEqual({
      expired: 1,
      invalid: 0,
      critical: 1,
      error: 1,
      warning: 0,
      ok: 1,
      pending: 1,
    });
  });

  it('lists tags alphabetically with counts, merging case', () => {
    const rows = [row('a', { tags: ['prod', 'EU'] }), row('b', { tags: ['Prod'] })];
    expect(tagCounts(rows)).toEqual([
      { tag: 'EU', count: 1 },
      { tag: 'prod', count: 2 },
    ]);
  });

  it('toggles an item in a list', () => {
    expect(toggle(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a')).toEqual(['b']);
  });
});

describe('firstEntries', () => {
  const STATUSES = ['ok', 'warning', 'critical', 'expired', 'invalid', 'error', 'pending'] as const;
  // Few distinct values, so ties (same status, same days, targets equal but for case) are common.
  const rowArb = fc
    .record({
      n: fc.integer({ min: 0, max: 30 }),
      upper: fc.boolean(),
      status: fc.constantFrom(...STATUSES),
      days: fc.option(fc.integer({ min: -3, max: 12 }), { nil: null }),
      label: fc.option(fc.constantFrom('alpha', 'Beta', 'beta', 'gamma'), { nil: undefined }),
      issuer: fc.option(fc.constantFrom('R11', 'E5', 'r11'), { nil: null }),
      checked: fc.option(fc.integer({ min: -5, max: 0 }), { nil: null }),
    })
    .map(({ n, upper, status, days, label, issuer, checked }) =>
      row(`${upper ? 'Web' : 'web'}${n}.example.com`, {
        status,
        daysLeft: days,
        notAfter: days === null ? null : at(days),
        issuer,
        lastCheckedAt: checked === null ? null : at(checked),
        ...(label ? { label } : {}),
        ...(status === 'error' ? { headline: `Timed out ${n}` } : {}),
      }),
    );

  it('is the start of the fully sorted list, in any order the table offers', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 60 }),
        fc.constantFrom(...SORT_KEYS),
        fc.constantFrom('asc' as const, 'desc' as const),
        fc.integer({ min: 0, max: 70 }),
        (rows, key, dir, count) => {
          const sort = { key, dir };
          expect(firstEntries(rows, sort, count)).toEqual(sortEntries(rows, sort).slice(0, count));
        },
      ),
      { numRuns: 300 },
    );
  });
});
