// Property test of format 2's history encoding (store/compact.ts): whatever runs a history holds — times in
// canonical ISO or not, runs of one check or many, with and without a certificate — the file gives back exactly
// the records that were saved.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeDoc, serializeStore } from '../../main/core/watch/store/compact';
import { emptyDoc, type CheckRecord } from '../../main/shared/model';
import { PROBLEM_CODES, STATUSES } from '../../main/shared/types';

const isoTime = fc
  .integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2099-12-31T23:59:59Z') })
  .map((ms) => new Date(ms).toISOString());
// Older stores may hold times written some other way; they must come back as they were.
const anyTime = fc.oneof(
  isoTime,
  isoTime.map((t) => t.replace('.000Z', 'Z')),
  fc.string({ maxLength: 30 }),
);
const fingerprint = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((b) => [...b].map((x) => x.toString(16).padStart(2, '0').toUpperCase()).join(':'));

const record: fc.Arbitrary<CheckRecord> = fc
  .record({
    at: anyTime,
    lastAt: fc.option(anyTime, { nil: undefined }),
    checks: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
    status: fc.constantFrom(...STATUSES),
    daysLeft: fc.option(fc.integer({ min: -5000, max: 5000 }), { nil: null }),
    notAfter: fc.option(anyTime, { nil: null }),
    fingerprint256: fc.option(fingerprint, { nil: null }),
    problems: fc.uniqueArray(fc.constantFrom(...PROBLEM_CODES), { maxLength: 4 }),
    durationMs: fc.integer({ min: 0, max: 100_000 }),
  })
  .map((r) => {
    const out: CheckRecord = {
      at: r.at,
      ...(r.lastAt !== undefined ? { lastAt: r.lastAt } : {}),
      ...(r.checks !== undefined ? { checks: r.checks } : {}),
      status: r.status,
      daysLeft: r.daysLeft,
      notAfter: r.notAfter,
      fingerprint256: r.fingerprint256,
      problems: r.problems,
      durationMs: r.durationMs,
    };
    return out;
  });

describe('format 2 history', () => {
  it('gives back every run exactly as it was saved', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), (history) => {
        const doc = emptyDoc();
        doc.state = { e: { history, consecutiveFailures: 0, lastCheckedAt: '2026-01-01T00:00:00.000Z' } };
        const back = decodeDoc(JSON.parse(serializeStore(doc)));
        expect(back).toEqual(doc);
      }),
      { numRuns: 300 },
    );
  });
});
