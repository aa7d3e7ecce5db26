// The rules for what a person may put in an entry's descriptive fields (label, tags, URL, thresholds...).
// Each check answers a cleaned value or a sentence naming the problem, so callers can report it per line.
import type { Thresholds } from '../../shared/types';
import { LIMITS } from '../../shared/limits';
import { hasControlCharacter } from '../../shared/http-url';
import { displayText } from '../../shared/untrusted-text';

export { LIMITS };

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const good = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = (error: string): Checked<never> => ({ ok: false, error });

/** Trims; empty means "no value". */
export function checkText(name: string, raw: string | undefined, max: number): Checked<string | undefined> {
  const value = raw?.trim();
  if (!value) return good(undefined);
  if (value.length > max) return bad(`the ${name} is longer than ${max} characters`);
  return good(value);
}

/** Trimmed, empties dropped, duplicates (ignoring case) dropped keeping the first spelling. */
export function checkTags(raw: readonly string[] | undefined): Checked<string[]> {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const rawTag of raw ?? []) {
    const tag = rawTag.trim();
    if (!tag) continue;
    // `;` separates tags in the CSV export, so a tag holding one would come back as two.
    if (tag.includes(';')) return bad(`the tag "${tag}" contains ";", which separates tags`);
    if (tag.length > LIMITS.tag) return bad(`the tag "${tag}" is longer than ${LIMITS.tag} characters`);
    if (seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  if (tags.length > LIMITS.tags) return bad(`there are more than ${LIMITS.tags} tags`);
  return good(tags);
}

/**
 * A runbook link is stored as the URL parser's normalised `href`, http(s) only. Control characters are refused
 * rather than dropped (the URL parser silently removes tabs and line breaks), since they only ever come from a
 * mistake or an attempt to break the line a URL is written on (ICS, CSV, a notification).
 */
export function checkRunbookUrl(raw: string | undefined): Checked<string | undefined> {
  const value = raw?.trim();
  if (!value) return good(undefined);
  if (value.length > LIMITS.runbookUrl)
    return bad(`the runbook URL is longer than ${LIMITS.runbookUrl} characters`);
  if (hasControlCharacter(value))
    return bad(
      `the runbook URL "${displayText(value, 120)}" contains control characters (line breaks, tabs)`,
    );
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return bad(`the runbook URL "${displayText(value, 120)}" is not a URL (it should start with https://)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return bad(`the runbook URL "${displayText(value, 120)}" must start with http:// or https://`);
  }
  if (url.href.length > LIMITS.runbookUrl)
    return bad(`the runbook URL is longer than ${LIMITS.runbookUrl} characters once normalised`);
  return good(url.href);
}

/** Notes keep their inner line breaks; only surrounding blank space goes. */
export function checkNotes(raw: string | undefined): Checked<string | undefined> {
  const value = raw?.replace(/^\s+|\s+$/g, '');
  if (!value) return good(undefined);
  if (value.length > LIMITS.notes) return bad(`the notes are longer than ${LIMITS.notes} characters`);
  return good(value);
}

/**
 * Per-entry thresholds; either may be absent (the global one applies). Critical must stay below warning,
 * judged against the global value for the half that is absent, when the caller knows it.
 */
export function checkThresholds(
  raw: Partial<Thresholds> | undefined,
  globals?: Thresholds,
): Checked<Partial<Thresholds> | undefined> {
  const out: Partial<Thresholds> = {};
  for (const key of ['warningDays', 'criticalDays'] as const) {
    const value = raw?.[key];
    if (value === undefined) continue;
    const name = key === 'warningDays' ? 'warning days' : 'critical days';
    if (!Number.isInteger(value) || value < 0 || value > LIMITS.maxDays) {
      return bad(`${name} must be a whole number from 0 to ${LIMITS.maxDays}, not ${String(value)}`);
    }
    out[key] = value;
  }
  if (out.warningDays === undefined && out.criticalDays === undefined) return good(undefined);
  const warning = out.warningDays ?? globals?.warningDays;
  const critical = out.criticalDays ?? globals?.criticalDays;
  if (warning !== undefined && critical !== undefined && critical >= warning) {
    return bad(`critical days (${critical}) must be fewer than warning days (${warning})`);
  }
  return good(out);
}

export function checkInterval(raw: number | undefined): Checked<number | undefined> {
  if (raw === undefined) return good(undefined);
  const { minIntervalMinutes: min, maxIntervalMinutes: max } = LIMITS;
  if (!Number.isInteger(raw) || raw < min || raw > max) {
    return bad(
      `the check interval must be a whole number of minutes from ${min} to ${max}, not ${String(raw)}`,
    );
  }
  return good(raw);
}
