// Property tests (fast-check): whatever a person types or a file holds, the target parser, the CSV/JSON
// importers, the ICS writer (read back by ical.js) and the store loader answer with a result, never a throw.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { parseTarget } from '../../main/core/probe/target';
import { readCsv } from '../../main/core/watch/csv';
import { importText, exportCsv } from '../../main/core/watch/exchange';
import { expiriesToIcs } from '../../main/core/watch/ics';
import { addEntries, normaliseEntryTarget, parseBulk } from '../../main/core/watch/watchlist';
import { loadDoc } from '../../main/core/watch/store/recover';
import { emptyDoc } from '../../main/shared/model';
import { previewBulk, previewTarget } from '../../renderer/lib/bulk-preview';
import { isIPv6 } from '../../main/shared/target-grammar';
import { isIP } from 'node:net';
import type { EntrySummary } from '../../main/shared/contract';

const RUNS = { numRuns: 400 };
const deps = { now: () => Date.parse('2026-11-24T12:00:00Z'), newId: () => 'id' };
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Text that looks like targets often enough to reach deep into the grammar, and sometimes does not at all. */
const piece = fc.constantFrom(
  'https://',
  'smtp://',
  'ftp',
  '//',
  ':/',
  ':',
  '[',
  ']',
  '::1',
  '@',
  '.',
  '..',
  '0x7f',
  '127',
  '1',
  '0177',
  'example',
  'com',
  'xn--',
  'bücher',
  '-',
  '_',
  '/',
  '~/',
  './',
  'file:',
  '%41',
  '#',
  '?',
  ' ',
  '\t',
  '\r\n',
  '\u001b[2J',
  '\u202e',
  '65536',
  '443',
  'localhost',
  'intranet',
  'C:\\',
  '\\\\',
  '\u0000',
);
const targetLike = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')),
);

describe('the target grammar never throws', () => {
  it('parseTarget answers ok or one sentence without control characters', () => {
    fc.assert(
      fc.property(targetLike, fc.boolean(), (input, allowSingleLabel) => {
        const r = parseTarget(input, { allowSingleLabel, cwd: '/tmp', home: '/home/u' });
        if (!r.ok) {
          expect(r.error).toMatch(/^Invalid target /);
          expect(r.error).not.toMatch(CONTROL);
          return;
        }
        // What parses re-parses to itself: the canonical spelling is stable.
        const again = normaliseEntryTarget(input, { allowSingleLabel });
        if (again.ok && !r.target.file) {
          const twice = normaliseEntryTarget(again.target, { allowSingleLabel });
          expect(twice).toMatchObject({ ok: true, target: again.target });
        }
      }),
      RUNS,
    );
  });

  it('the window preview never throws and agrees with the engine on ASCII input', () => {
    const ascii = fc.array(
      piece.filter((p) => /^[\x20-\x7e]*$/.test(p) && p !== 'bücher'),
      { maxLength: 10 },
    );
    fc.assert(
      fc.property(ascii, (parts) => {
        const input = parts.join('').trim();
        const preview = previewTarget(input);
        // File paths are only recognised by the preview; the engine resolves and reads them.
        if (/^(file:|\/|\.{1,2}[\\/]|~[\\/]|[a-z]:[\\/])/i.test(input)) return;
        const engine = parseTarget(input, { cwd: '/tmp', home: '/home/u' });
        expect(preview.ok).toBe(engine.ok);
        if (preview.ok && engine.ok && preview.kind === 'network')
          expect([preview.host, preview.port]).toEqual([engine.target.host, engine.target.port]);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        previewBulk(text);
        parseBulk(text);
      }),
      RUNS,
    );
  });
});

describe('the shared IPv6 reader (used by the window) agrees with node:net', () => {
  it('on address-like text', () => {
    const unit = fc.constantFrom(
      '0',
      '1',
      'f',
      'ffff',
      '12345',
      ':',
      '::',
      '.',
      '1.2.3.4',
      '255',
      '%',
      'eth0',
      'g',
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 14 }), (parts) => {
        const text = parts.join('');
        expect(isIPv6(text)).toBe(isIP(text) === 6);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('importers never throw', () => {
  const csvLike = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc
      .array(
        fc.constantFrom(
          'target',
          ',',
          '"',
          '""',
          '\r\n',
          '\n',
          '\r',
          "'=",
          '=1+1',
          'a.example.com',
          'x',
          '#',
        ),
        {
          maxLength: 40,
        },
      )
      .map((p) => p.join('')),
  );
  it('readCsv and importText (csv, json, auto) answer a report for any text', () => {
    fc.assert(
      fc.property(csvLike, (text) => {
        readCsv(text);
        for (const format of ['csv', 'json', 'auto'] as const) {
          const read = importText(text, format);
          expect(Array.isArray(read.inputs) && Array.isArray(read.errors)).toBe(true);
          addEntries([], read.inputs, deps);
        }
      }),
      RUNS,
    );
  });

  it('JSON imports of any shape answer a report', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify({ entries: Array.isArray(value) ? value : [value] });
        const read = importText(text, 'json');
        addEntries([], read.inputs, deps);
        importText(JSON.stringify(value) ?? '', 'auto');
      }),
      RUNS,
    );
  });

  it('CSV export then import gives back every label, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (label) => {
        const added = addEntries([], [{ target: 'a.example.com', label }], deps);
        const entry = added.entries[0];
        if (!entry) return; // refused with a sentence (too long, say)
        const back = importText(exportCsv(added.entries), 'csv');
        expect(back.errors).toEqual([]);
        expect(back.inputs[0]!.label?.trim() || undefined).toBe(entry.label);
      }),
      RUNS,
    );
  });
});

describe('ICS export, read by ical.js', () => {
  it('has exactly one event per upcoming entry and no line over 75 octets, whatever the fields hold', () => {
    const text = fc.string({ unit: 'binary', maxLength: 120 });
    const row = fc.record({
      id: text,
      label: fc.option(text, { nil: undefined }),
      owner: fc.option(text, { nil: undefined }),
      issuer: fc.option(text, { nil: null }),
      runbookUrl: fc.option(
        fc.oneof(
          text,
          fc.webUrl(),
          text.map((t) => `https://x.example/${t}`),
        ),
        {
          nil: undefined,
        },
      ),
      host: text,
      days: fc.integer({ min: 1, max: 3000 }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 5 }), (rows) => {
        const now = Date.parse('2026-11-24T12:00:00Z');
        const entries = rows.map((r): EntrySummary => ({
          id: r.id,
          target: r.host,
          host: r.host,
          port: 443,
          tags: [],
          enabled: true,
          status: 'ok',
          daysLeft: r.days,
          notAfter: new Date(now + r.days * 86_400_000).toISOString(),
          issuer: r.issuer,
          lastCheckedAt: null,
          nextDueAt: null,
          checking: false,
          headline: null,
          problemCodes: [],
          ...(r.label !== undefined ? { label: r.label } : {}),
          ...(r.owner !== undefined ? { owner: r.owner } : {}),
          ...(r.runbookUrl !== undefined ? { runbookUrl: r.runbookUrl } : {}),
        }));
        const ics = expiriesToIcs(entries, now);
        for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
        const calendar = new ICAL.Component(ICAL.parse(ics));
        expect(calendar.getAllSubcomponents('vevent')).toHaveLength(entries.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the store loader never throws', () => {
  const valid = JSON.stringify({
    ...emptyDoc(),
    entries: [
      {
        id: 'a',
        target: 'a.example.com:443',
        host: 'a.example.com',
        port: 443,
        tags: [],
        enabled: true,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      },
    ],
  });

  it('loads, salvages or refuses any bytes', () => {
    const bytes = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
      // A valid file cut short or with a stretch overwritten, as a crash or a bad disk leaves it.
      fc
        .tuple(fc.nat(valid.length), fc.nat(valid.length), fc.string({ maxLength: 20 }))
        .map(([a, b, junk]) => valid.slice(0, Math.min(a, b)) + junk + valid.slice(Math.max(a, b))),
      fc
        .jsonValue({ maxDepth: 5 })
        .map((v) => JSON.stringify({ version: 1, entries: [v], state: v, settings: v })),
    );
    fc.assert(
      fc.property(bytes, (raw) => {
        const r = loadDoc(raw, deps);
        expect(typeof r.ok).toBe('boolean');
      }),
      RUNS,
    );
  });
});
