// The edit form's values, their light validation, and the patch that carries only what changed. The limits
// match the engine's (main/core/watchlist-fields.ts); the engine re-checks and its message is shown too.
import type { WatchEntry } from '../../main/shared/model';
import { LIMITS } from '../../main/shared/limits';
import type { StarttlsProtocol, Thresholds } from '../../main/shared/types';
import type { EntryPatch } from '../../main/shared/contract';

export interface EntryFormValues {
  label: string;
  /** Comma-separated, as typed. */
  tags: string;
  owner: string;
  runbookUrl: string;
  notes: string;
  /** '' means direct TLS (or what the target's scheme implied). */
  starttls: '' | StarttlsProtocol;
  sni: string;
  /** Blank means the global threshold applies. */
  warningDays: string;
  criticalDays: string;
  /** Blank means the global interval applies. */
  intervalMinutes: string;
  enabled: boolean;
}

export type EntryFormErrors = Partial<Record<keyof EntryFormValues, string>>;

export function formFromEntry(entry: WatchEntry): EntryFormValues {
  return {
    label: entry.label ?? '',
    tags: entry.tags.join(', '),
    owner: entry.owner ?? '',
    runbookUrl: entry.runbookUrl ?? '',
    notes: entry.notes ?? '',
    starttls: entry.starttls ?? '',
    sni: entry.sni ?? '',
    warningDays: entry.thresholds?.warningDays?.toString() ?? '',
    criticalDays: entry.thresholds?.criticalDays?.toString() ?? '',
    intervalMinutes: entry.intervalMinutes?.toString() ?? '',
    enabled: entry.enabled,
  };
}

/** Split on commas, trimmed, empties and case-insensitive repeats dropped. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  return tags;
}

function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

export function validateEntryForm(values: EntryFormValues, globals: Thresholds): EntryFormErrors {
  const errors: EntryFormErrors = {};
  const L = LIMITS;
  if (values.label.trim().length > L.label) errors.label = `Use at most ${L.label} characters.`;
  if (values.owner.trim().length > L.owner) errors.owner = `Use at most ${L.owner} characters.`;
  if (values.notes.trim().length > L.notes) errors.notes = `Use at most ${L.notes} characters.`;

  const tags = parseTags(values.tags);
  const badTag = tags.find((t) => t.includes(';') || t.length > L.tag);
  if (badTag) {
    errors.tags = badTag.includes(';')
      ? `The tag "${badTag}" contains ";"; separate tags with commas.`
      : `The tag "${badTag}" is longer than ${L.tag} characters.`;
  } else if (tags.length > L.tags) {
    errors.tags = `Use at most ${L.tags} tags.`;
  }

  const url = values.runbookUrl.trim();
  if (url) {
    if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) {
      errors.runbookUrl = 'Enter a web address starting with https:// (or http://).';
    } else if (url.length > L.runbookUrl) {
      errors.runbookUrl = `Use at most ${L.runbookUrl} characters.`;
    }
  }

  const sni = values.sni.trim();
  if (sni && (/\s/.test(sni) || sni.length > 253)) errors.sni = 'Enter one host name, without spaces.';

  const days: Partial<Thresholds> = {};
  for (const key of ['warningDays', 'criticalDays'] as const) {
    const text = values[key].trim();
    if (!text) continue;
    const n = wholeNumber(text);
    if (n === null || n > L.maxDays) errors[key] = `Enter a whole number of days from 0 to ${L.maxDays}.`;
    else days[key] = n;
  }
  if (!errors.warningDays && !errors.criticalDays && (days.warningDays ?? days.criticalDays) !== undefined) {
    const warning = days.warningDays ?? globals.warningDays;
    const critical = days.criticalDays ?? globals.criticalDays;
    if (critical >= warning) {
      errors.criticalDays = `Critical (${critical} days) must be fewer than warning (${warning} days).`;
    }
  }

  const interval = values.intervalMinutes.trim();
  if (interval) {
    const n = wholeNumber(interval);
    if (n === null || n < L.minIntervalMinutes || n > L.maxIntervalMinutes) {
      errors.intervalMinutes = `Enter a whole number of minutes from ${L.minIntervalMinutes} to ${L.maxIntervalMinutes}.`;
    }
  }
  return errors;
}

/** Only the fields that changed; an emptied field is sent as '' or null, which the engine treats as "clear". */
export function patchFromForm(initial: EntryFormValues, values: EntryFormValues): EntryPatch {
  const patch: EntryPatch = {};
  const changed = (key: keyof EntryFormValues) =>
    typeof values[key] === 'string'
      ? (values[key] as string).trim() !== (initial[key] as string).trim()
      : values[key] !== initial[key];

  if (changed('label')) patch.label = values.label.trim();
  if (changed('owner')) patch.owner = values.owner.trim();
  if (changed('runbookUrl')) patch.runbookUrl = values.runbookUrl.trim();
  if (changed('notes')) patch.notes = values.notes.trim();
  if (parseTags(values.tags).join('\n') !== parseTags(initial.tags).join('\n')) {
    patch.tags = parseTags(values.tags);
  }
  if (changed('starttls')) patch.starttls = values.starttls || null;
  if (changed('sni')) patch.sni = values.sni.trim() || null;
  if (changed('warningDays') || changed('criticalDays')) {
    const thresholds: Partial<Thresholds> = {};
    const warning = values.warningDays.trim();
    const critical = values.criticalDays.trim();
    if (warning) thresholds.warningDays = Number(warning);
    if (critical) thresholds.criticalDays = Number(critical);
    patch.thresholds = warning || critical ? thresholds : null;
  }
  if (changed('intervalMinutes')) {
    const interval = values.intervalMinutes.trim();
    patch.intervalMinutes = interval ? Number(interval) : null;
  }
  if (changed('enabled')) patch.enabled = values.enabled;
  return patch;
}
