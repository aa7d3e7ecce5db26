// Brings a store document written by an earlier Certwatch up to STORE_VERSION, one version at a time, and
// refuses one written by a later Certwatch (it would lose what it cannot read).
import { STORE_VERSION } from '../../../shared/model';
import { addEntries, type EntryDeps } from '../watchlist';

type Json = Record<string, unknown>;

/** Turns a version-N document into a version-(N+1) one, saying what it could not carry over. */
type Migration = (doc: Json, deps: EntryDeps) => { doc: Json; messages: string[] };

/**
 * Version 0, the pre-release format: no `version` (or `version: 0`), a list of host strings and flat settings,
 * e.g. `{ "hosts": ["example.com", "mail.example.com:465"], "warningDays": 21 }`.
 */
const v0ToV1: Migration = (old, deps) => {
  const hosts = Array.isArray(old.hosts) ? old.hosts : [];
  const inputs = hosts.map((h, i) => ({ target: typeof h === 'string' ? h : '', line: i + 1 }));
  const { entries, results } = addEntries([], inputs, deps);
  const messages = results.flatMap((r) =>
    r.ok || r.duplicateOf ? [] : [`The old watchlist's host ${r.line} could not be carried over. ${r.error}`],
  );
  const settings: Json = {};
  const thresholds: Json = {};
  if (typeof old.warningDays === 'number') thresholds.warningDays = old.warningDays;
  if (typeof old.criticalDays === 'number') thresholds.criticalDays = old.criticalDays;
  if (Object.keys(thresholds).length === 2) settings.thresholds = thresholds;
  if (typeof old.intervalMinutes === 'number') settings.intervalMinutes = old.intervalMinutes;
  return { doc: { version: 1, entries, settings, ledger: [], state: {} }, messages };
};

/**
 * Version 1 held every result's certificates in full (twice: the result's chain and each endpoint's). Format 2
 * differs only on disk (store/compact.ts, applied when it is written): in memory the document is the same, so
 * the step keeps every field as it was.
 */
const v1ToV2: Migration = (old) => ({ doc: { ...old, version: 2 }, messages: [] });

/** Keyed by the version a migration starts from. */
const MIGRATIONS: Record<number, Migration> = { 0: v0ToV1, 1: v1ToV2 };

export type MigrateResult =
  | { ok: true; doc: unknown; from: number; messages: string[] }
  | { ok: false; version: number; error: string };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The version a parsed document claims; a shape nothing ever wrote is left to validation as the current one. */
export function versionOf(doc: unknown): number {
  if (!isObject(doc)) return STORE_VERSION;
  if (doc.version === undefined) return Array.isArray(doc.hosts) ? 0 : STORE_VERSION;
  return Number.isInteger(doc.version) && (doc.version as number) >= 0
    ? (doc.version as number)
    : STORE_VERSION;
}

export function migrate(doc: unknown, deps: EntryDeps): MigrateResult {
  const from = versionOf(doc);
  if (from > STORE_VERSION) {
    return {
      ok: false,
      version: from,
      error:
        `The store was written by a newer Certwatch (format ${from}; this version reads up to ${STORE_VERSION}). ` +
        'Update Certwatch to use it; the file was left untouched.',
    };
  }
  let current = doc;
  const messages: string[] = [];
  for (let v = from; v < STORE_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step || !isObject(current)) throw new Error(`No store migration from format ${v}.`);
    const next = step(current, deps);
    current = next.doc;
    messages.push(...next.messages);
  }
  return { ok: true, doc: current, from, messages };
}
