import { describe, expect, it } from 'vitest';
import type { WatchEntry } from '../../main/shared/model';
import { importEntries } from '../../main/core/watch/exchange';
import {
  addEntries,
  addReport,
  normaliseEntryTarget,
  parseBulk,
  removeEntries,
  removeEntry,
  restoreEntries,
  restoreEntry,
  updateEntry,
  type EntryInput,
} from '../../main/core/watch/watchlist';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');

function deps(start = 0) {
  let n = start;
  let now = T0;
  return {
    now: () => now,
    newId: () => `id-${++n}`,
    advance: (ms: number) => void (now += ms),
  };
}

function add(inputs: (string | EntryInput)[], existing: WatchEntry[] = [], d = deps()) {
  return addEntries(
    existing,
    inputs.map((i) => (typeof i === 'string' ? { target: i } : i)),
    d,
  );
}

function only(inputs: (string | EntryInput)[]): WatchEntry {
  const { results } = add(inputs);
  const r = results[0]!;
  if (!r.ok) throw new Error(r.error);
  return r.entry;
}

describe('normaliseEntryTarget', () => {
  it.each([
    ['Example.COM', 'example.com:443'],
    ['example.com.', 'example.com:443'],
    ['https://Shop.Example.com/cart?x=1', 'shop.example.com:443'],
    ['smtps://mail.example.com', 'mail.example.com:465'],
    ['[::1]:8443', '[::1]:8443'],
    ['2001:DB8::1', '[2001:db8::1]:443'],
    ['bücher.example', 'xn--bcher-kva.example:443'],
    ['smtp://Mail.Example.com', 'smtp://mail.example.com:25'],
    ['submission://mail.example.com', 'smtp://mail.example.com:587'],
    ['postgresql://db.example.com', 'postgres://db.example.com:5432'],
  ])('%s → %s', (input, canonical) => {
    const r = normaliseEntryTarget(input);
    expect(r).toMatchObject({ ok: true, target: canonical });
    // The canonical spelling reads back as itself, so stored targets are stable.
    expect(normaliseEntryTarget(canonical)).toMatchObject({ ok: true, target: canonical });
  });

  it('puts a STARTTLS protocol chosen separately into the target, and keeps SNI apart', () => {
    expect(
      normaliseEntryTarget('mail.example.com:587', { starttls: 'SMTP', sni: 'Smtp.Example.com' }),
    ).toEqual({
      ok: true,
      target: 'smtp://mail.example.com:587',
      host: 'mail.example.com',
      port: 587,
      starttls: 'smtp',
      sni: 'smtp.example.com',
    });
  });

  it('names what is wrong', () => {
    const gopher = normaliseEntryTarget('example.com', { starttls: 'gopher' });
    expect(gopher.ok).toBe(false);
    expect(!gopher.ok && gopher.error).toMatch(
      /^Invalid target "example.com": "gopher" is not a STARTTLS protocol \(use smtp, .*imap.*mysql/,
    );
    const bad = normaliseEntryTarget('example.com:99999');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toContain('99999');
  });
});

describe('addEntries', () => {
  it('adds a normalised entry with an id, timestamps and defaults', () => {
    const entry = only([
      { target: ' HTTPS://Example.com/login ', label: '  Login  ', tags: ['prod', ' Prod', 'web', ''] },
    ]);
    expect(entry).toEqual({
      id: 'id-1',
      target: 'example.com:443',
      host: 'example.com',
      port: 443,
      label: 'Login',
      tags: ['prod', 'web'],
      enabled: true,
      createdAt: '2025-03-01T12:00:00.000Z',
      updatedAt: '2025-03-01T12:00:00.000Z',
    });
  });

  it('keeps every optional field a person sets', () => {
    const entry = only([
      {
        target: 'mail.example.com:587',
        starttls: 'smtp',
        sni: 'smtp.example.com',
        owner: 'Mail team',
        runbookUrl: 'https://wiki.example.com/mail',
        notes: '  Renewed by hand.\nAsk Kim.  ',
        thresholds: { warningDays: 45, criticalDays: 10 },
        intervalMinutes: 60,
        enabled: false,
      },
    ]);
    expect(entry).toMatchObject({
      target: 'smtp://mail.example.com:587',
      starttls: 'smtp',
      sni: 'smtp.example.com',
      owner: 'Mail team',
      runbookUrl: 'https://wiki.example.com/mail',
      notes: 'Renewed by hand.\nAsk Kim.',
      thresholds: { warningDays: 45, criticalDays: 10 },
      intervalMinutes: 60,
      enabled: false,
    });
  });

  it('reports each bad input by name and still adds the good ones, without touching what it was given', () => {
    const existing = add(['old.example.com']).entries;
    const frozen = Object.freeze([...existing]);
    const inputs = Object.freeze([
      { target: 'good.example.com' },
      { target: 'bad host' },
      { target: 'also-good.example.com:8443' },
      { target: 'x.example.com', runbookUrl: 'ftp://wiki.example.com' },
      { target: 'y.example.com', thresholds: { warningDays: 7, criticalDays: 14 } },
      { target: 'z.example.com', intervalMinutes: 1 },
      { target: '' },
    ]);
    const { entries, results } = addEntries(frozen, inputs, deps(10));
    expect(entries.map((e) => e.target)).toEqual([
      'old.example.com:443',
      'good.example.com:443',
      'also-good.example.com:8443',
    ]);
    expect(frozen).toHaveLength(1);
    expect(results.map((r) => r.ok)).toEqual([true, false, true, false, false, false, false]);
    const errors = results.map((r) => (r.ok ? '' : r.error));
    expect(errors[1]).toBe('Invalid target "bad host": it contains spaces.');
    expect(errors[3]).toBe(
      'Invalid entry "x.example.com": the runbook URL "ftp://wiki.example.com" must start with http:// or https://.',
    );
    expect(errors[4]).toBe(
      'Invalid entry "y.example.com": critical days (14) must be fewer than warning days (7).',
    );
    expect(errors[5]).toContain('the check interval must be a whole number of minutes from 5');
    expect(errors[6]).toContain('it is empty');
  });

  it('refuses duplicates on host, port and STARTTLS protocol, naming the entry already there', () => {
    const first = add([{ target: 'example.com', label: 'Main site' }]);
    const { entries, results } = add(
      [
        'EXAMPLE.com',
        'https://example.com/path',
        'example.com:8443',
        'smtp://example.com:443',
        'new.example.com',
        'New.Example.com.',
      ],
      first.entries,
      deps(5),
    );
    expect(results.map((r) => r.ok)).toEqual([false, false, true, true, true, false]);
    const dup = results[0]!;
    expect(dup).toMatchObject({
      ok: false,
      duplicateOf: 'id-1',
      error: '"example.com:443" (Main site) is already in the watchlist.',
    });
    expect(results[5]).toMatchObject({ ok: false, duplicateOf: 'id-8' });
    expect(entries).toHaveLength(4);
  });

  it('rejects a tag holding the CSV tag separator', () => {
    const { results } = add([{ target: 'example.com', tags: ['a;b'] }]);
    expect(results[0]).toMatchObject({ ok: false, error: expect.stringContaining('"a;b" contains ";"') });
  });
});

describe('parseBulk', () => {
  const pasted = [
    '# production',
    'example.com',
    '',
    '   https://shop.example.com/cart  ',
    'mail.example.com:587 # the relay',
    'not a host name!',
    '\t',
    '#https://commented.example.com',
    'smtp://mx.example.com',
  ].join('\r\n');

  it('skips blank and comment lines and keeps line numbers', () => {
    expect(parseBulk(pasted)).toEqual([
      { target: 'example.com', line: 2 },
      { target: 'https://shop.example.com/cart', line: 4 },
      { target: 'mail.example.com:587', line: 5 },
      { target: 'not a host name!', line: 6 },
      { target: 'smtp://mx.example.com', line: 9 },
    ]);
  });

  it('reports every line’s fate after adding', () => {
    const { results } = addEntries([], parseBulk(pasted + '\nexample.com'), deps());
    const report = addReport(results);
    expect(report.added).toBe(4);
    expect(report.lines.map((l) => [l.line, l.ok])).toEqual([
      [2, true],
      [4, true],
      [5, true],
      [6, false],
      [9, true],
      [10, false],
    ]);
    expect(report.lines[3]).toMatchObject({
      error: 'Invalid target "not a host name!": it contains spaces.',
    });
    expect(report.lines[5]).toMatchObject({
      input: 'example.com',
      error: expect.stringContaining('already'),
    });
    expect(report.lines[0]).toMatchObject({ entryId: 'id-1' });
  });
});

describe('updateEntry', () => {
  const base = () =>
    add([
      { target: 'example.com', label: 'Main', tags: ['web'], runbookUrl: 'https://wiki.example.com/a' },
      'mail.example.com:587',
    ]).entries;

  it('cleans the patch, keeps what it does not mention, and stamps the change', () => {
    const entries = base();
    const r = updateEntry(
      entries,
      'id-1',
      { label: '  Front door ', tags: [' a ', 'b', 'A'] },
      { now: () => T0 + 60_000 },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.entry).toMatchObject({
      label: 'Front door',
      tags: ['a', 'b'],
      runbookUrl: 'https://wiki.example.com/a',
      createdAt: '2025-03-01T12:00:00.000Z',
      updatedAt: '2025-03-01T12:01:00.000Z',
    });
    expect(entries[0]!.label).toBe('Main');
    expect(r.entries[1]).toBe(entries[1]);
  });

  it('clears fields with empty text or null', () => {
    const entries = base();
    const withThresholds = updateEntry(
      entries,
      'id-1',
      { thresholds: { warningDays: 20 } },
      { now: () => T0 },
    );
    if (!withThresholds.ok) throw new Error(withThresholds.error);
    const r = updateEntry(
      withThresholds.entries,
      'id-1',
      { label: '', runbookUrl: '', thresholds: null },
      { now: () => T0 },
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.entry.label).toBeUndefined();
    expect(r.entry.runbookUrl).toBeUndefined();
    expect(r.entry.thresholds).toBeUndefined();
  });

  it('re-derives the target when STARTTLS changes, and refuses to make a duplicate', () => {
    const entries = base();
    const r = updateEntry(entries, 'id-2', { starttls: 'smtp' }, { now: () => T0 });
    if (!r.ok) throw new Error(r.error);
    expect(r.entry.target).toBe('smtp://mail.example.com:587');
    const back = updateEntry(r.entries, 'id-2', { starttls: null }, { now: () => T0 });
    expect(back.ok && back.entry.target).toBe('mail.example.com:587');

    const more = add(['smtp://mail.example.com:587'], entries, deps(2)).entries;
    const clash = updateEntry(more, 'id-2', { starttls: 'smtp' }, { now: () => T0 });
    expect(clash).toEqual({
      ok: false,
      error:
        'Cannot update "mail.example.com:587": "smtp://mail.example.com:587" is already in the watchlist.',
    });
  });

  it('rejects a bad value with a sentence and changes nothing', () => {
    const entries = base();
    expect(updateEntry(entries, 'id-1', { runbookUrl: 'javascript:alert(1)' }, { now: () => T0 })).toEqual({
      ok: false,
      error:
        'Cannot update "example.com:443" (Main): the runbook URL "javascript:alert(1)" must start with http:// or https://.',
    });
    const critical = updateEntry(
      entries,
      'id-1',
      { thresholds: { criticalDays: 40 } },
      {
        now: () => T0,
        thresholds: { warningDays: 30, criticalDays: 7 },
      },
    );
    expect(critical).toMatchObject({
      ok: false,
      error: expect.stringContaining('critical days (40) must be fewer than warning days (30)'),
    });
    expect(updateEntry(entries, 'id-1', { intervalMinutes: 2.5 }, { now: () => T0 }).ok).toBe(false);
    expect(updateEntry(entries, 'nope', { label: 'x' }, { now: () => T0 })).toMatchObject({
      ok: false,
      error: expect.stringContaining('No watchlist entry has the id "nope"'),
    });
  });
});

describe('remove and restore', () => {
  it('puts an entry back where it stood', () => {
    const { entries } = add(['a.example.com', 'b.example.com', 'c.example.com']);
    const removed = removeEntry(entries, 'id-2');
    if (!removed.ok) throw new Error(removed.error);
    expect(removed.entries.map((e) => e.id)).toEqual(['id-1', 'id-3']);
    expect(removed.removed.index).toBe(1);
    const restored = restoreEntry(removed.entries, removed.removed);
    expect(restored.ok && restored.entries).toEqual(entries);
    expect(removeEntry(entries, 'id-9').ok).toBe(false);
  });

  it('restores several in their old places, skipping one added again meanwhile', () => {
    const { entries } = add(['a.example.com', 'b.example.com', 'c.example.com', 'd.example.com']);
    const { entries: left, removed } = removeEntries(entries, ['id-4', 'id-1', 'id-3']);
    expect(left.map((e) => e.id)).toEqual(['id-2']);
    const readded = add(['C.example.com'], left, deps(10)).entries;
    const back = restoreEntries(readded, removed);
    expect(back.entries.map((e) => e.id)).toEqual(['id-1', 'id-2', 'id-11', 'id-4']);
    expect(back.skipped).toEqual([
      { entry: entries[2], error: '"c.example.com:443" was not restored: it is already in the watchlist.' },
    ]);
  });
});

describe('identity: host, port, STARTTLS protocol and SNI name', () => {
  const vip = '10.0.0.7:8443';

  it('two SNI names on one address are two entries; the same name twice is refused by that name', () => {
    const { entries, results } = add([
      { target: vip, sni: 'shop.example.com' },
      { target: vip, sni: 'Blog.Example.com' },
      { target: vip },
      { target: vip, sni: 'SHOP.example.com' },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(entries.map((e) => e.sni)).toEqual(['shop.example.com', 'blog.example.com', undefined]);
    const refused = results[3]!;
    expect(!refused.ok && refused.error).toBe(
      '"shop.example.com at 10.0.0.7:8443" is already in the watchlist.',
    );
    expect(!refused.ok && refused.duplicateOf).toBe(entries[0]!.id);
  });

  it('an SNI name equal to the host is no SNI name: `host --sni host` duplicates `host`', () => {
    const { results } = add([
      { target: 'api.example.com' },
      { target: 'api.example.com', sni: 'API.example.com' },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
  });

  it('an edit giving one entry the SNI name of another on the same address is refused', () => {
    const { entries } = add([
      { target: vip, sni: 'shop.example.com' },
      { target: vip, sni: 'blog.example.com' },
    ]);
    const r = updateEntry(entries, entries[1]!.id, { sni: 'shop.example.com' }, deps());
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/"shop\.example\.com at 10\.0\.0\.7:8443" is already in the watchlist/);
    expect(updateEntry(entries, entries[1]!.id, { sni: 'www.example.com' }, deps()).ok).toBe(true);
  });

  it('undo restores an SNI entry beside another name on the same address', () => {
    const { entries } = add([
      { target: vip, sni: 'shop.example.com' },
      { target: vip, sni: 'blog.example.com' },
    ]);
    const removed = removeEntry(entries, entries[0]!.id);
    if (!removed.ok) throw new Error(removed.error);
    const back = restoreEntries(removed.entries, [removed.removed]);
    expect(back.skipped).toEqual([]);
    expect(back.entries.map((e) => e.sni)).toEqual(['shop.example.com', 'blog.example.com']);
  });
});

describe('identity through import', () => {
  it('a JSON import with two SNI names on one address adds both and refuses a repeat by name', () => {
    const text = JSON.stringify({
      entries: [
        { target: '10.0.0.7:8443', sni: 'shop.example.com' },
        { target: '10.0.0.7:8443', sni: 'blog.example.com' },
        { target: '10.0.0.7:8443', sni: 'shop.example.com' },
      ],
    });
    const { entries, report } = importEntries([], text, 'json', deps());
    expect(entries.map((e) => e.sni)).toEqual(['shop.example.com', 'blog.example.com']);
    expect(report.lines.map((l) => l.error ?? 'added')).toEqual([
      'added',
      'added',
      '"shop.example.com at 10.0.0.7:8443" is already in the watchlist.',
    ]);
  });
});
