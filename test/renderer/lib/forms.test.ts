// The edit and settings forms: values from the stored data, validation, and patches of only what changed.
import { describe, expect, it } from 'vitest';
import type { WatchEntry } from '../../../main/shared/model';
import { DEFAULT_SETTINGS } from '../../../main/shared/model';
import { formFromEntry, parseTags, patchFromForm, validateEntryForm } from '../../../renderer/lib/entry-form';
import {
  formFromSettings,
  patchFromSettingsForm,
  validateSettingsForm,
} from '../../../renderer/lib/settings-form';

const ENTRY: WatchEntry = {
  id: 'e1',
  target: 'example.com:443',
  host: 'example.com',
  port: 443,
  label: 'Main',
  tags: ['prod', 'eu'],
  thresholds: { criticalDays: 3 },
  enabled: true,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};
const GLOBALS = { warningDays: 30, criticalDays: 7 };

describe('entry form', () => {
  it('fills blanks for what the entry leaves to the defaults', () => {
    expect(formFromEntry(ENTRY)).toEqual({
      label: 'Main',
      tags: 'prod, eu',
      owner: '',
      runbookUrl: '',
      notes: '',
      starttls: '',
      sni: '',
      warningDays: '',
      criticalDays: '3',
      intervalMinutes: '',
      enabled: true,
    });
  });

  it('sends nothing when nothing changed, even with different spacing', () => {
    const initial = formFromEntry(ENTRY);
    expect(patchFromForm(initial, { ...initial, label: ' Main ', tags: 'prod,eu,' })).toEqual({});
  });

  it('clears with empty strings and nulls', () => {
    const initial = {
      ...formFromEntry(ENTRY),
      starttls: 'smtp' as const,
      sni: 'a.example.com',
      intervalMinutes: '60',
    };
    const patch = patchFromForm(initial, {
      ...initial,
      label: '',
      tags: '',
      starttls: '',
      sni: ' ',
      criticalDays: '',
      intervalMinutes: '',
    });
    expect(patch).toEqual({
      label: '',
      tags: [],
      starttls: null,
      sni: null,
      thresholds: null,
      intervalMinutes: null,
    });
  });

  it('sends both thresholds as set when one changes', () => {
    const initial = formFromEntry(ENTRY);
    expect(patchFromForm(initial, { ...initial, warningDays: '14' })).toEqual({
      thresholds: { warningDays: 14, criticalDays: 3 },
    });
  });

  it('parses tags: trimmed, no empties, no repeats ignoring case', () => {
    expect(parseTags(' prod, , Prod ,eu ')).toEqual(['prod', 'eu']);
  });

  it('validates numbers, URL, tags and the threshold order against the defaults', () => {
    const values = formFromEntry(ENTRY);
    expect(validateEntryForm(values, GLOBALS)).toEqual({});
    expect(validateEntryForm({ ...values, criticalDays: '30' }, GLOBALS)).toEqual({
      criticalDays: 'Critical (30 days) must be fewer than warning (30 days).',
    });
    expect(validateEntryForm({ ...values, warningDays: '2' }, GLOBALS).criticalDays).toMatch(
      /fewer than warning \(2/,
    );
    expect(validateEntryForm({ ...values, warningDays: '-1' }, GLOBALS).warningDays).toMatch(
      /from 0 to 3650/,
    );
    expect(validateEntryForm({ ...values, warningDays: '4000' }, GLOBALS).warningDays).toMatch(
      /from 0 to 3650/,
    );
    expect(validateEntryForm({ ...values, intervalMinutes: '4' }, GLOBALS).intervalMinutes).toMatch(
      /5 to 43200/,
    );
    expect(validateEntryForm({ ...values, intervalMinutes: '1.5' }, GLOBALS).intervalMinutes).toBeDefined();
    expect(validateEntryForm({ ...values, runbookUrl: 'ftp://x' }, GLOBALS).runbookUrl).toBeDefined();
    expect(
      validateEntryForm({ ...values, runbookUrl: 'http://wiki/tls' }, GLOBALS).runbookUrl,
    ).toBeUndefined();
    expect(validateEntryForm({ ...values, tags: 'x'.repeat(51) }, GLOBALS).tags).toMatch(/longer than 50/);
    expect(validateEntryForm({ ...values, label: 'x'.repeat(201) }, GLOBALS).label).toBeDefined();
    expect(validateEntryForm({ ...values, sni: 'two names' }, GLOBALS).sni).toBeDefined();
  });
});

describe('settings form', () => {
  it('sends only what changed, thresholds as a pair and an emptied CA path as null', () => {
    const settings = { ...DEFAULT_SETTINGS, caBundlePath: '/etc/ca.pem' };
    const values = formFromSettings(settings);
    expect(patchFromSettingsForm(settings, values)).toEqual({});
    expect(
      patchFromSettingsForm(settings, {
        ...values,
        criticalDays: '5',
        intervalMinutes: '60',
        caBundlePath: '',
      }),
    ).toEqual({ thresholds: { warningDays: 30, criticalDays: 5 }, intervalMinutes: 60, caBundlePath: null });
  });

  it('validates ranges and the threshold order', () => {
    const values = formFromSettings(DEFAULT_SETTINGS);
    expect(validateSettingsForm(values)).toEqual({});
    expect(validateSettingsForm({ ...values, warningDays: '' }).warningDays).toBeDefined();
    expect(validateSettingsForm({ ...values, criticalDays: '30' }).criticalDays).toMatch(
      /fewer than warning/,
    );
    expect(validateSettingsForm({ ...values, intervalMinutes: '50000' }).intervalMinutes).toBeDefined();
  });
});
