// Adding, editing, removing and restoring watchlist entries, each input parsed and checked on its own so one
// bad line is reported by name and never disturbs the others. Pure: arrays in, new arrays out.
import type { AddReport, EntryPatch } from '../../shared/contract';
import type { WatchEntry } from '../../shared/model';
import { formatHostPort, isStarttlsProtocol, parseTarget } from '../probe/target';
import { STARTTLS_PROTOCOLS, type StarttlsProtocol, type Thresholds } from '../../shared/types';
import { targetName } from '../../shared/entry-name';
import {
  LIMITS,
  checkInterval,
  checkNotes,
  checkRunbookUrl,
  checkTags,
  checkText,
  checkThresholds,
  type Checked,
} from './watchlist-fields';

/** One entry as a person or a file gives it; only `target` is required. */
export interface EntryInput {
  target: string;
  label?: string;
  tags?: string[];
  owner?: string;
  runbookUrl?: string;
  notes?: string;
  /** A STARTTLS protocol name; empty means direct TLS (or what the target's scheme implies). */
  starttls?: string;
  sni?: string;
  thresholds?: Partial<Thresholds>;
  intervalMinutes?: number;
  enabled?: boolean;
  /** 1-based line in the pasted or imported text, carried into the report. */
  line?: number;
}

export interface EntryDeps {
  now(): number;
  newId(): string;
  /** The global thresholds, so a per-entry critical value can be checked against the global warning one. */
  thresholds?: Thresholds;
  /** The person confirmed names without a dot (`intranet`) for this batch. */
  allowSingleLabel?: boolean;
}

export type AddResult =
  | { ok: true; input: EntryInput; line?: number; entry: WatchEntry }
  | { ok: false; input: EntryInput; line?: number; error: string; duplicateOf?: string };

export interface NormalisedTarget {
  target: string;
  host: string;
  port: number;
  starttls?: StarttlsProtocol;
  sni?: string;
}

/**
 * The canonical spelling: `host:port`, or `smtp://host:port` when a STARTTLS dialogue comes first; a
 * certificate file is its absolute path (port 0).
 */
export function canonicalTarget(t: { host: string; port: number; starttls?: StarttlsProtocol }): string {
  const hostPort = formatHostPort(t.host, t.port);
  return t.starttls ? `${t.starttls}://${hostPort}` : hostPort;
}

export function normaliseEntryTarget(
  raw: string,
  options: { starttls?: string; sni?: string; allowSingleLabel?: boolean; stored?: boolean } = {},
): ({ ok: true } & NormalisedTarget) | { ok: false; error: string } {
  const name = options.starttls?.trim().toLowerCase() || undefined;
  let starttls: StarttlsProtocol | undefined;
  if (name) {
    if (!isStarttlsProtocol(name)) {
      return {
        ok: false,
        error: `Invalid target "${raw.trim()}": "${name}" is not a STARTTLS protocol (use ${STARTTLS_PROTOCOLS.join(', ')}).`,
      };
    }
    starttls = name;
  }
  const parsed = parseTarget(raw, {
    starttls,
    sni: options.sni?.trim() || undefined,
    allowSingleLabel: options.allowSingleLabel,
    stored: options.stored,
  });
  if (!parsed.ok) return parsed;
  const { host, port, starttls: proto, sni } = parsed.target;
  return {
    ok: true,
    target: canonicalTarget({ host, port, starttls: proto }),
    host,
    port,
    ...(proto ? { starttls: proto } : {}),
    ...(sni ? { sni } : {}),
  };
}

/**
 * Two entries are the same watch when host, port, STARTTLS protocol and SNI name agree: two names served from
 * one address (a VIP) are two watches, each judged with the certificate its name gets.
 */
export function dedupeKey(e: { host: string; port: number; starttls?: string; sni?: string | null }): string {
  return `${formatHostPort(e.host, e.port)}|${e.starttls ?? ''}|${e.sni?.toLowerCase() ?? ''}`;
}

type Described = Pick<
  WatchEntry,
  'label' | 'tags' | 'owner' | 'runbookUrl' | 'notes' | 'thresholds' | 'intervalMinutes'
>;

/** Runs the field checks in order; the first failure names the problem. */
function checkFields(
  input: Omit<EntryPatch, 'starttls' | 'sni' | 'enabled'>,
  globals?: Thresholds,
): Checked<Described> {
  const label = checkText('label', input.label, LIMITS.label);
  if (!label.ok) return label;
  const tags = checkTags(input.tags);
  if (!tags.ok) return tags;
  const owner = checkText('owner', input.owner, LIMITS.owner);
  if (!owner.ok) return owner;
  const runbookUrl = checkRunbookUrl(input.runbookUrl);
  if (!runbookUrl.ok) return runbookUrl;
  const notes = checkNotes(input.notes);
  if (!notes.ok) return notes;
  const thresholds = checkThresholds(input.thresholds ?? undefined, globals);
  if (!thresholds.ok) return thresholds;
  const interval = checkInterval(input.intervalMinutes ?? undefined);
  if (!interval.ok) return interval;
  return {
    ok: true,
    value: {
      label: label.value,
      tags: tags.value,
      owner: owner.value,
      runbookUrl: runbookUrl.value,
      notes: notes.value,
      thresholds: thresholds.value,
      intervalMinutes: interval.value,
    },
  };
}

function assemble(
  t: NormalisedTarget,
  fields: Described,
  rest: Pick<WatchEntry, 'id' | 'enabled' | 'snooze' | 'createdAt' | 'updatedAt'>,
): WatchEntry {
  const { label, tags, owner, runbookUrl, notes, thresholds, intervalMinutes } = fields;
  return {
    id: rest.id,
    target: t.target,
    host: t.host,
    port: t.port,
    ...(t.starttls ? { starttls: t.starttls } : {}),
    ...(t.sni ? { sni: t.sni } : {}),
    ...(label !== undefined ? { label } : {}),
    tags,
    ...(owner !== undefined ? { owner } : {}),
    ...(runbookUrl !== undefined ? { runbookUrl } : {}),
    ...(notes !== undefined ? { notes } : {}),
    ...(thresholds !== undefined ? { thresholds } : {}),
    ...(intervalMinutes !== undefined ? { intervalMinutes } : {}),
    enabled: rest.enabled,
    ...(rest.snooze ? { snooze: rest.snooze } : {}),
    createdAt: rest.createdAt,
    updatedAt: rest.updatedAt,
  };
}

function nameOf(e: WatchEntry): string {
  const name = targetName(e, e.target);
  return e.label ? `"${name}" (${e.label})` : `"${name}"`;
}

/** Adds each input that parses and is new; never throws and never changes `entries`. */
export function addEntries(
  entries: readonly WatchEntry[],
  inputs: readonly EntryInput[],
  deps: EntryDeps,
): { entries: WatchEntry[]; results: AddResult[] } {
  const out = [...entries];
  const byKey = new Map(entries.map((e) => [dedupeKey(e), e]));
  const results = inputs.map((input): AddResult => {
    const at = input.line !== undefined ? { line: input.line } : {};
    const fail = (error: string, duplicateOf?: string): AddResult => ({
      ok: false,
      input,
      ...at,
      error,
      ...(duplicateOf ? { duplicateOf } : {}),
    });
    if (typeof input.target !== 'string') return fail('Invalid entry: the target is missing.');
    const t = normaliseEntryTarget(input.target, {
      starttls: input.starttls,
      sni: input.sni,
      allowSingleLabel: deps.allowSingleLabel,
    });
    if (!t.ok) return fail(t.error);
    const fields = checkFields(input, deps.thresholds);
    if (!fields.ok) return fail(`Invalid entry "${input.target.trim()}": ${fields.error}.`);
    const existing = byKey.get(dedupeKey(t));
    if (existing) return fail(`${nameOf(existing)} is already in the watchlist.`, existing.id);
    const now = new Date(deps.now()).toISOString();
    const entry = assemble(t, fields.value, {
      id: deps.newId(),
      enabled: input.enabled ?? true,
      createdAt: now,
      updatedAt: now,
    });
    out.push(entry);
    byKey.set(dedupeKey(entry), entry);
    return { ok: true, input, ...at, entry };
  });
  return { entries: out, results };
}

/** The per-line report the window and the CLI show after a paste or an import. */
export function addReport(results: readonly AddResult[]): AddReport {
  return {
    added: results.filter((r) => r.ok).length,
    lines: results.map((r, i) => ({
      line: r.line ?? i + 1,
      input: typeof r.input.target === 'string' ? r.input.target : '',
      ok: r.ok,
      ...(r.ok ? { entryId: r.entry.id } : { error: r.error }),
    })),
  };
}

/**
 * Applies an edit. Empty strings and `null` clear a field; absent fields stay. Changing STARTTLS or SNI
 * re-derives the target, and is refused when that would make it a duplicate of another entry.
 */
export function updateEntry(
  entries: readonly WatchEntry[],
  id: string,
  patch: EntryPatch,
  deps: Pick<EntryDeps, 'now' | 'thresholds'>,
): { ok: true; entries: WatchEntry[]; entry: WatchEntry } | { ok: false; error: string } {
  const index = entries.findIndex((e) => e.id === id);
  const current = entries[index];
  if (!current)
    return { ok: false, error: `No watchlist entry has the id "${id}"; it may have been removed.` };
  const fail = (why: string) => ({ ok: false as const, error: `Cannot update ${nameOf(current)}: ${why}.` });

  // undefined keeps the current value; null and '' clear it.
  const or = <T>(next: T | null | undefined, now: T): T | null => (next === undefined ? now : next);
  const t = normaliseEntryTarget(formatHostPort(current.host, current.port), {
    starttls: or(patch.starttls, current.starttls) ?? undefined,
    sni: or(patch.sni, current.sni) ?? undefined,
    stored: true, // typo rules were settled when the entry was added
  });
  if (!t.ok) return { ok: false, error: t.error };
  const clash = entries.find((e) => e.id !== id && dedupeKey(e) === dedupeKey(t));
  if (clash) return fail(`${nameOf(clash)} is already in the watchlist`);

  const fields = checkFields(
    {
      label: or(patch.label, current.label) ?? undefined,
      tags: or(patch.tags, current.tags) ?? undefined,
      owner: or(patch.owner, current.owner) ?? undefined,
      runbookUrl: or(patch.runbookUrl, current.runbookUrl) ?? undefined,
      notes: or(patch.notes, current.notes) ?? undefined,
      thresholds: or(patch.thresholds, current.thresholds) ?? undefined,
      intervalMinutes: or(patch.intervalMinutes, current.intervalMinutes) ?? undefined,
    },
    deps.thresholds,
  );
  if (!fields.ok) return fail(fields.error);
  const entry = assemble(t, fields.value, {
    id: current.id,
    enabled: patch.enabled ?? current.enabled,
    snooze: current.snooze,
    createdAt: current.createdAt,
    updatedAt: new Date(deps.now()).toISOString(),
  });
  const out = [...entries];
  out[index] = entry;
  return { ok: true, entries: out, entry };
}

/** What undo needs: the entry and where it stood. */
export interface RemovedEntry {
  entry: WatchEntry;
  index: number;
}

/** Removes the listed ids; unknown ids are ignored (already gone is as good as removed). */
export function removeEntries(
  entries: readonly WatchEntry[],
  ids: readonly string[],
): { entries: WatchEntry[]; removed: RemovedEntry[] } {
  const wanted = new Set(ids);
  const removed: RemovedEntry[] = [];
  const kept = entries.filter((entry, index) => {
    if (!wanted.has(entry.id)) return true;
    removed.push({ entry, index });
    return false;
  });
  return { entries: kept, removed };
}

export function removeEntry(
  entries: readonly WatchEntry[],
  id: string,
): { ok: true; entries: WatchEntry[]; removed: RemovedEntry } | { ok: false; error: string } {
  const { entries: kept, removed } = removeEntries(entries, [id]);
  if (!removed[0])
    return { ok: false, error: `No watchlist entry has the id "${id}"; it may have been removed.` };
  return { ok: true, entries: kept, removed: removed[0] };
}

/**
 * Puts removed entries back where they stood. One that is back already, or whose host was added again
 * meanwhile, is skipped with a reason rather than duplicated.
 */
export function restoreEntries(
  entries: readonly WatchEntry[],
  removed: readonly RemovedEntry[],
): { entries: WatchEntry[]; restored: WatchEntry[]; skipped: Array<{ entry: WatchEntry; error: string }> } {
  const out = [...entries];
  const restored: WatchEntry[] = [];
  const skipped: Array<{ entry: WatchEntry; error: string }> = [];
  for (const { entry, index } of [...removed].sort((a, b) => a.index - b.index)) {
    const clash = out.find((e) => e.id === entry.id || dedupeKey(e) === dedupeKey(entry));
    if (clash) {
      skipped.push({ entry, error: `${nameOf(entry)} was not restored: it is already in the watchlist.` });
      continue;
    }
    out.splice(Math.min(index, out.length), 0, entry);
    restored.push(entry);
  }
  return { entries: out, restored, skipped };
}

export function restoreEntry(
  entries: readonly WatchEntry[],
  removed: RemovedEntry,
): { ok: true; entries: WatchEntry[] } | { ok: false; error: string } {
  const r = restoreEntries(entries, [removed]);
  return r.skipped[0] ? { ok: false, error: r.skipped[0].error } : { ok: true, entries: r.entries };
}

/**
 * Pasted text, one target per line: `host[:port]` or a URL. Blank lines and `#` comments (whole lines, or after
 * a space) are skipped; every other line becomes an input with its number. Anything else on a line stays part
 * of the target, so a stray sentence is reported as an error instead of its first word becoming a host.
 */
export function parseBulk(text: string): EntryInput[] {
  const inputs: EntryInput[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, i) => {
      const target = raw.replace(/\s#(\s.*)?$/, '').trim();
      if (target && !target.startsWith('#')) inputs.push({ target, line: i + 1 });
    });
  return inputs;
}
