import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from '../../main/core/watch/csv';
import { exportCsv, exportJson, importEntries, importText, toInput } from '../../main/core/watch/exchange';
import type { WatchEntry } from '../../main/shared/model';
import { addEntries, type EntryInput } from '../../main/core/watch/watchlist';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
function deps() {
  let n = 0;
  return { now: () => T0, newId: () => `id-${++n}` };
}

/** Entries with every field, and the awkward characters a spreadsheet mangles. */
function sample(): WatchEntry[] {
  const inputs: EntryInput[] = [
    {
      target: 'shop.example.com',
      label: 'Shop, "main"',
      tags: ['prod', 'web, public'],
      owner: 'Web team',
      runbookUrl: 'https://wiki.example.com/shop?a=1,2',
      notes: 'Line one, with a comma\nLine "two"\r\nLine three',
      thresholds: { warningDays: 45, criticalDays: 10 },
      intervalMinutes: 60,
    },
    { target: 'mail.example.com:587', starttls: 'smtp', sni: 'smtp.example.com', enabled: false },
    { target: '[2001:db8::1]:8443', thresholds: { criticalDays: 3 } },
    { target: 'bücher.example', label: ' leading space kept out ' },
  ];
  const { entries, results } = addEntries([], inputs, deps());
  expect(results.every((r) => r.ok)).toBe(true);
  return entries;
}

describe('export and import round trip', () => {
  it.each([
    ['json', exportJson],
    ['csv', exportCsv],
  ] as const)('%s gives back the same watchlist', (format, exporter) => {
    const entries = sample();
    const text = exporter(entries);
    for (const as of [format, 'auto'] as const) {
      const { entries: back, report } = importEntries([], text, as, deps());
      expect(report.lines.filter((l) => !l.ok)).toEqual([]);
      expect(report.added).toBe(entries.length);
      expect(back.map(toInput)).toEqual(entries.map(toInput));
    }
  });

  it('writes CSV with quoting a spreadsheet reads back', () => {
    const csv = exportCsv(sample().slice(0, 2));
    expect(csv.split('\r\n')[0]).toBe(
      'target,label,tags,owner,runbookUrl,notes,starttls,sni,warningDays,criticalDays,intervalMinutes,enabled',
    );
    expect(csv).toBe(
      'target,label,tags,owner,runbookUrl,notes,starttls,sni,warningDays,criticalDays,intervalMinutes,enabled\r\n' +
        'shop.example.com:443,"Shop, ""main""","prod;web, public",Web team,"https://wiki.example.com/shop?a=1,2",' +
        '"Line one, with a comma\nLine ""two""\r\nLine three",,,45,10,60,true\r\n' +
        'smtp://mail.example.com:587,,,,,,smtp,smtp.example.com,,,,false\r\n',
    );
  });

  it('adds imported entries beside existing ones and reports the ones already there', () => {
    const entries = sample();
    const { entries: after, report } = importEntries(
      entries.slice(0, 1),
      exportJson(entries),
      'json',
      deps(),
    );
    expect(after).toHaveLength(entries.length);
    expect(after[0]).toBe(entries[0]);
    expect(report.lines[0]).toMatchObject({
      ok: false,
      error: expect.stringContaining('already in the watchlist'),
    });
  });
});

describe('CSV import errors', () => {
  it('reports each bad row on its own line number and adds the rest', () => {
    const csv = [
      'Target,Label,Notes,warningDays,enabled,colour',
      'good.example.com,Good,"a note that',
      'spans two lines",,',
      'bad host,Broken,,,',
      'nums.example.com,,,soon,',
      'flag.example.com,,,,maybe',
      'good.example.com,Again,,,',
      '',
      'x.example.com,a,b,1,true,blue,extra',
      'ok.example.com,Fine,,20,no',
    ].join('\n');
    const { entries, report } = importEntries([], csv, 'auto', deps());
    expect(entries.map((e) => [e.target, e.label, e.enabled])).toEqual([
      ['good.example.com:443', 'Good', true],
      ['ok.example.com:443', 'Fine', false],
    ]);
    expect(entries[0]!.notes).toBe('a note that\nspans two lines');
    expect(report.added).toBe(2);
    expect(report.lines.map((l) => [l.line, l.input, l.ok, l.error])).toEqual([
      [
        1,
        'colour',
        false,
        'The column "colour" is not one Certwatch knows; it was ignored (known: target, label, tags, owner, runbookUrl, notes, starttls, sni, warningDays, criticalDays, intervalMinutes, enabled).',
      ],
      [2, 'good.example.com', true, undefined],
      [4, 'bad host', false, 'Invalid target "bad host": it contains spaces.'],
      [
        5,
        'nums.example.com',
        false,
        'Invalid entry "nums.example.com": warningDays "soon" is not a whole number.',
      ],
      [
        6,
        'flag.example.com',
        false,
        'Invalid entry "flag.example.com": enabled "maybe" should be true or false.',
      ],
      [7, 'good.example.com', false, '"good.example.com:443" (Good) is already in the watchlist.'],
      [9, 'x.example.com', false, 'This line has 7 fields but there are 6 columns; check its quoting.'],
      [10, 'ok.example.com', true, undefined],
    ]);
  });

  it('names the line of a quote that is never closed', () => {
    const r = importText('target,notes\na.example.com,fine\nb.example.com,"oops\nc.example.com,x\n', 'csv');
    expect(r.inputs).toEqual([]);
    expect(r.errors).toEqual([
      {
        line: 3,
        input: '',
        ok: false,
        error: 'The CSV cannot be read: a quoted field opened on line 3 is never closed.',
      },
    ]);
  });

  it('reads a CSV without a header in the export column order', () => {
    const r = importText('a.example.com,Label A,x;y\nb.example.com\n', 'csv');
    expect(r.inputs).toEqual([
      { target: 'a.example.com', label: 'Label A', tags: ['x', 'y'], line: 1 },
      { target: 'b.example.com', line: 2 },
    ]);
  });
});

describe('JSON import errors', () => {
  it('reports bad items by the line they start on', () => {
    const json = `{
  "entries": [
    "plain.example.com",
    { "target": "obj.example.com", "tags": "a;b", "warningDays": 40 },
    { "label": "no target" },
    { "target": "num.example.com", "intervalMinutes": "hourly" },
    42,
    { "target": "bad..example.com" }
  ]
}`;
    const { entries, report } = importEntries([], json, 'auto', deps());
    expect(entries.map((e) => e.target)).toEqual(['plain.example.com:443', 'obj.example.com:443']);
    expect(entries[1]).toMatchObject({ tags: ['a', 'b'], thresholds: { warningDays: 40 } });
    expect(report.lines.map((l) => [l.line, l.ok, l.error])).toEqual([
      [3, true, undefined],
      [4, true, undefined],
      [5, false, 'Item 3 could not be read: target: must be text such as "example.com:443".'],
      [
        6,
        false,
        'Item 4 could not be read: intervalMinutes: Invalid input: expected number, received string.',
      ],
      [7, false, 'Item 5 could not be read: it is neither a target nor an entry.'],
      [
        8,
        false,
        'Invalid target "bad..example.com": "bad..example.com" has an empty label (two dots in a row).',
      ],
    ]);
  });

  it('points at the line where the JSON breaks, and explains a file that is no watchlist', () => {
    const broken = importText('[\n  "a.example.com",\n  "b.example.com"\n  "c.example.com"\n]', 'json');
    expect(broken.errors).toHaveLength(1);
    expect(broken.errors[0]).toMatchObject({
      line: 4,
      error: expect.stringMatching(/^The file is not valid JSON: /),
    });
    expect(importText('{"hosts": 3}', 'json').errors[0]!.error).toBe(
      'The JSON holds no watchlist: expected a list of entries, or an object with "entries".',
    );
  });

  it('imports from a store file too (entries with ids and history are reduced to what a person set)', () => {
    const entries = sample();
    const storeFile = JSON.stringify(
      { version: 1, entries, settings: {}, ledger: [], state: {} },
      null,
      '\t',
    );
    const { entries: back } = importEntries([], storeFile, 'auto', deps());
    expect(back.map(toInput)).toEqual(entries.map(toInput));
  });
});

describe('auto detection of pasted text', () => {
  it('takes one target per line when there is no JSON or CSV shape', () => {
    const r = importText('# my hosts\nexample.com\nhttps://shop.example.com/\n', 'auto');
    expect(r.format).toBe('lines');
    expect(r.inputs).toEqual([
      { target: 'example.com', line: 2 },
      { target: 'https://shop.example.com/', line: 3 },
    ]);
  });
});

describe('csv', () => {
  it('reads back what it writes, including empty cells and every line ending', () => {
    const rows = [
      ['a', '', 'with,comma', 'with "quote"', 'multi\nline', ' padded '],
      ['', '', '', '', '', ''],
    ];
    const parsed = readCsv(writeCsv(rows));
    expect(parsed.ok && parsed.records.map((r) => r.cells)).toEqual(rows);
    const mixed = readCsv('a,b\r\nc,d\re,f\ng,h');
    expect(mixed.ok && mixed.records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', 'd'] },
      { line: 3, cells: ['e', 'f'] },
      { line: 4, cells: ['g', 'h'] },
    ]);
  });
});
