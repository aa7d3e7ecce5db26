// Reads the store file's bytes into a valid StoreDoc, keeping every part that can be read: a bad entry costs
// that entry, a bad setting its default, a cut-off file what comes after the cut. Never throws.
import { z } from 'zod';
import {
  STORE_VERSION,
  emptyDoc,
  type EntryState,
  type LedgerRecord,
  type Settings,
  type StoreDoc,
  type WatchEntry,
} from '../../../shared/model';
import type { EntryDeps } from '../watchlist';
import { dedupeKey } from '../watchlist';
import { parseFound, scanObjects } from './json-scan';
import { migrate, versionOf } from './migrate';
import { decodeDoc, decodeState, type CertPool } from './compact';
import {
  describeIssue,
  entryStateLoadSchema,
  ledgerRecordSchema,
  settingFieldSchemas,
  settingsSchema,
  watchEntrySchema,
} from './schema';
import { readChannelParts } from './channel-parts';

export type LoadResult =
  | {
      ok: true;
      doc: StoreDoc;
      /** True when something in the file could not be used: the caller keeps the original aside. */
      recovered: boolean;
      /** Set when the file was in an older format and was upgraded. */
      migratedFrom?: number;
      /** Sentences for the user, each naming what was lost or changed. */
      messages: string[];
    }
  | { ok: false; version: number; error: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function nameOfRaw(item: unknown, index: number): string {
  const target = isObject(item) && typeof item.target === 'string' ? ` ("${item.target}")` : '';
  return `Watchlist entry ${index + 1}${target}`;
}

/** Valid entries, in order; the second of two with the same id or the same host:port:protocol is left out. */
export function readEntries(items: unknown[], messages: string[]): WatchEntry[] {
  const ids = new Set<string>();
  const keys = new Set<string>();
  const out: WatchEntry[] = [];
  items.forEach((item, i) => {
    const parsed = watchEntrySchema.safeParse(item);
    if (!parsed.success) {
      messages.push(
        `${nameOfRaw(item, i)} could not be read and was left out: ${describeIssue(parsed.error)}.`,
      );
      return;
    }
    const entry = parsed.data;
    if (ids.has(entry.id) || keys.has(dedupeKey(entry))) {
      messages.push(`${nameOfRaw(item, i)} was listed twice; the copy was left out.`);
      return;
    }
    ids.add(entry.id);
    keys.add(dedupeKey(entry));
    out.push(entry);
  });
  return out;
}

/** Setting by setting: one bad value goes back to its default, the others stay. */
function readSettings(value: unknown, messages: string[]): Settings {
  if (!isObject(value)) {
    if (value !== undefined) messages.push('The settings could not be read; the defaults apply.');
    return settingsSchema.parse({});
  }
  const kept: Json = {};
  for (const [key, schema] of Object.entries(settingFieldSchemas) as [string, z.ZodType][]) {
    if (value[key] === undefined) continue;
    const parsed = schema.safeParse(value[key]);
    if (parsed.success) kept[key] = parsed.data;
    else
      messages.push(
        `The setting "${key}" was not valid (${describeIssue(parsed.error)}); it is back to its default.`,
      );
  }
  return settingsSchema.parse(kept);
}

function readLedger(items: unknown[], messages: string[]): LedgerRecord[] {
  const out = items.flatMap((item) => {
    const parsed = ledgerRecordSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  const lost = items.length - out.length;
  if (lost)
    messages.push(
      `${plural(lost, 'record', 'records')} of alerts already sent could not be read; those alerts may be sent again.`,
    );
  return out;
}

/** State of entries that survived; a record that cannot be read only costs that entry its history. */
function readState(value: Json, entries: WatchEntry[], messages: string[]): Record<string, EntryState> {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const out: Record<string, EntryState> = {};
  for (const [id, record] of Object.entries(value)) {
    const entry = byId.get(id);
    if (!entry) continue;
    const parsed = entryStateLoadSchema.safeParse(record);
    if (parsed.success) out[id] = parsed.data;
    else
      messages.push(
        `The check history of "${entry.target}" could not be read; it starts again with the next check.`,
      );
  }
  return out;
}

/** A parsed (and migrated) document, part by part. */
function fromParsed(doc: unknown, messages: string[]): StoreDoc | undefined {
  if (!isObject(doc) || !Array.isArray(doc.entries)) return undefined;
  if (doc.version !== STORE_VERSION) messages.push('The store file did not say which format it is in.');
  const entries = readEntries(doc.entries, messages);
  const settings = readSettings(doc.settings, messages);
  const ledger = Array.isArray(doc.ledger) ? readLedger(doc.ledger, messages) : [];
  if (doc.ledger !== undefined && !Array.isArray(doc.ledger)) {
    messages.push('The record of alerts already sent could not be read; some alerts may be sent again.');
  }
  const state = isObject(doc.state) ? readState(doc.state, entries, messages) : {};
  if (doc.state !== undefined && !isObject(doc.state)) {
    messages.push('The check history could not be read; it starts again with the next checks.');
  }
  return { version: STORE_VERSION, entries, settings, ledger, ...readChannelParts(doc, messages), state };
}

/** Whatever complete objects survive in damaged text: entries, settings, alert records, per-entry state. */
function fromFragments(text: string, messages: string[], compact: boolean): StoreDoc {
  const found = scanObjects(text);
  const entryItems: unknown[] = [];
  const ledgerItems: unknown[] = [];
  const stateItems: Json = {};
  const certItems: Json = {};
  const channelItems: unknown[] = [];
  let settings: unknown;
  let insideEntryUntil = -1;
  for (const f of found.sort((a, b) => a.start - b.start)) {
    if (f.start < insideEntryUntil) continue;
    if (f.key === 'settings' && settings === undefined) settings = parseFound(text, f);
    else if (f.containerKey === 'ledger') ledgerItems.push(parseFound(text, f));
    else if (f.containerKey === 'channels' && f.key === undefined) channelItems.push(parseFound(text, f));
    else if (f.containerKey === 'state' && f.key !== undefined) stateItems[f.key] = parseFound(text, f);
    else if (compact && f.containerKey === 'certs' && f.key !== undefined)
      certItems[f.key] = parseFound(text, f);
    else if (f.key === undefined && (f.containerKey === 'entries' || f.containerKey === undefined)) {
      const item = parseFound(text, f);
      if (!watchEntrySchema.safeParse(item).success) continue;
      entryItems.push(item);
      insideEntryUntil = f.end;
    }
  }
  const entries = readEntries(entryItems, []);
  messages.push(
    entries.length
      ? `${plural(entries.length, 'watchlist entry was', 'watchlist entries were')} recovered from it.`
      : 'No watchlist entries could be recovered from it.',
  );
  const keptSettings = readSettings(settings, messages);
  if (settings === undefined) messages.push('The settings could not be recovered; the defaults apply.');
  const ledger = readLedger(ledgerItems, []);
  // Format 2 names certificates from a table: states whose certificates were lost cannot be rebuilt.
  const pool: CertPool = new Map();
  if (compact)
    for (const id of Object.keys(stateItems)) stateItems[id] = decodeState(stateItems[id], certItems, pool);
  const state = readState(stateItems, entries, []);
  const lostHistory = entries.filter((e) => !state[e.id]).length;
  if (lostHistory) {
    messages.push(
      `The check history of ${plural(lostHistory, 'entry', 'entries')} was lost; it starts again with the next check.`,
    );
  }
  if (entries.length && !ledger.length) {
    messages.push('The record of alerts already sent was lost, so some alerts may be sent again.');
  }
  const { channels } = readChannelParts({ channels: channelItems }, messages);
  return {
    version: STORE_VERSION,
    entries,
    settings: keptSettings,
    ledger,
    ...(channels?.length ? { channels } : {}),
    state,
  };
}

/** Text, or undefined when the bytes are not UTF-8 or hold NULs (binary data, a zero-filled block). */
function decode(raw: string | Buffer): { text: string; binary: boolean } {
  if (typeof raw === 'string') return { text: raw.replace(/^\uFEFF/, ''), binary: raw.includes('\0') };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(raw);
    return { text, binary: text.includes('\0') };
  } catch {
    return { text: new TextDecoder('utf-8').decode(raw), binary: true };
  }
}

export function loadDoc(raw: string | Buffer | undefined, deps: EntryDeps): LoadResult {
  if (raw === undefined) return { ok: true, doc: emptyDoc(), recovered: false, messages: [] };
  const { text, binary } = decode(raw);

  let parsed: unknown;
  let parseError: string | undefined;
  if (binary) parseError = 'The store file holds binary data, not text.';
  else if (!text.trim()) parseError = 'The store file is empty.';
  else {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      parseError = `The store file is not valid JSON (${(error as Error).message}).`;
    }
  }

  if (parseError === undefined) {
    // Format 2 keeps certificates in a table on disk; the document in memory has them in each result.
    if (versionOf(parsed) === 2 && isObject(parsed)) parsed = decodeDoc(parsed);
    const migrated = migrate(parsed, deps);
    if (!migrated.ok) return migrated;
    const messages = [...migrated.messages];
    const validationMessages: string[] = [];
    const doc = fromParsed(migrated.doc, validationMessages);
    messages.push(...validationMessages);
    const upgraded = migrated.from < STORE_VERSION ? { migratedFrom: migrated.from } : {};
    if (doc) return { ok: true, doc, recovered: validationMessages.length > 0, ...upgraded, messages };
    parseError = 'The store file does not hold a Certwatch watchlist.';
  }

  // A file cut short still says its version at the top; one from a newer Certwatch is left alone.
  const claimed = /^\s*\{\s*"version"\s*:\s*(\d+)/.exec(text);
  if (claimed && Number(claimed[1]) > STORE_VERSION) {
    const tooNew = migrate({ version: Number(claimed[1]) }, deps);
    if (!tooNew.ok) return tooNew;
  }
  const messages = [parseError];
  const doc = fromFragments(text, messages, claimed !== null && Number(claimed[1]) === 2);
  return { ok: true, doc, recovered: true, messages };
}
