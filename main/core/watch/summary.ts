// Condenses an entry and its last check into the row the table and tray show.
import type { EntrySummary } from '../../shared/contract';
import type { WatchEntry } from '../../shared/model';
import type { CertInfo, ProbeResult } from '../../shared/types';
import { daysLeft, wholeDays } from '../../shared/days';

export function commonName(dn: string | undefined): string | null {
  if (!dn) return null;
  return /CN=([^,]+)/.exec(dn)?.[1] ?? /O=([^,]+)/.exec(dn)?.[1] ?? dn;
}

/** What a row reads of an entry's state: an EntryState, or the little `certwatch list` reads (quick-read.ts). */
export interface SummaryState {
  lastCheckedAt?: string;
  lastResult?: Pick<ProbeResult, 'status' | 'daysLeft' | 'notAfter' | 'checkedAt' | 'problems'> & {
    chain: ReadonlyArray<Pick<CertInfo, 'issuer'>>;
  };
}

/** What a row is sorted, filtered and counted by: the part of `summarise` the window's first screen needs for every entry. */
export type RowFacts = Pick<
  EntrySummary,
  | 'id'
  | 'target'
  | 'label'
  | 'tags'
  | 'status'
  | 'daysLeft'
  | 'notAfter'
  | 'issuer'
  | 'lastCheckedAt'
  | 'headline'
>;

/**
 * The row's sort and count facts, read as `summarise` reads them (it builds on this), without the rest: a
 * first screen of thousands of entries summarises only the rows it draws.
 */
export function rowFacts(entry: WatchEntry, state: SummaryState | undefined, now?: number): RowFacts {
  const r = state?.lastResult;
  return {
    id: entry.id,
    target: entry.target,
    label: entry.label,
    tags: entry.tags,
    status: r?.status ?? 'pending',
    // Counted at `now` when given, so `list` and the window say what a check would say at that moment.
    daysLeft: r?.notAfter && now !== undefined ? daysLeft(r.notAfter, now) : (r?.daysLeft ?? null),
    notAfter: r?.notAfter ?? null,
    issuer: commonName(r?.chain[0]?.issuer),
    lastCheckedAt: state?.lastCheckedAt ?? r?.checkedAt ?? null,
    headline: r?.problems[0]?.message ?? null,
  };
}

/**
 * `rowFacts` with a memory: an entry whose object and state are the ones seen last time (the store's documents
 * are immutable, so the same object is the same data) gets the same facts again, with only its days left
 * counted anew at `now`. A window asking for its first screen then costs a pass over the list, not thousands of
 * date parses and objects.
 */
export function createRowFactsCache(): (
  entry: WatchEntry,
  state: SummaryState | undefined,
  now: number,
) => RowFacts {
  const seen = new WeakMap<
    WatchEntry,
    { state: SummaryState | undefined; facts: RowFacts; notAfterMs: number | null }
  >();
  return (entry, state, now) => {
    const hit = seen.get(entry);
    if (!hit || hit.state !== state) {
      const facts = rowFacts(entry, state, now);
      seen.set(entry, {
        state,
        facts,
        notAfterMs: facts.notAfter ? new Date(facts.notAfter).getTime() : null,
      });
      return facts;
    }
    // The same count as `daysLeft(notAfter, now)`, from the parsed date.
    const days = hit.notAfterMs === null ? hit.facts.daysLeft : wholeDays(hit.notAfterMs - now);
    if (days !== hit.facts.daysLeft) hit.facts = { ...hit.facts, daysLeft: days };
    return hit.facts;
  };
}

export function summarise(
  entry: WatchEntry,
  state: SummaryState | undefined,
  schedule: { nextDueAt?: number; checking: boolean; now?: number },
): EntrySummary {
  return summaryFrom(entry, rowFacts(entry, state, schedule.now), state, schedule);
}

/** `summarise` from the row's facts, already read (`rowFacts`, or its cache). */
export function summaryFrom(
  entry: WatchEntry,
  facts: RowFacts,
  state: SummaryState | undefined,
  schedule: { nextDueAt?: number; checking: boolean },
): EntrySummary {
  // Built field by field (in the order JSON output has always shown them) rather than from spreads: the
  // window's state summarises every entry on each push.
  const row = { id: entry.id, target: entry.target, host: entry.host, port: entry.port } as EntrySummary;
  if (entry.starttls) row.starttls = entry.starttls;
  if (entry.sni) row.sni = entry.sni;
  if (entry.label) row.label = entry.label;
  row.tags = entry.tags;
  if (entry.owner) row.owner = entry.owner;
  if (entry.runbookUrl) row.runbookUrl = entry.runbookUrl;
  if (entry.snooze) row.snooze = entry.snooze;
  row.enabled = entry.enabled;
  row.status = facts.status;
  row.daysLeft = facts.daysLeft;
  row.notAfter = facts.notAfter;
  row.issuer = facts.issuer;
  row.lastCheckedAt = facts.lastCheckedAt;
  row.nextDueAt =
    schedule.nextDueAt !== undefined && entry.enabled ? new Date(schedule.nextDueAt).toISOString() : null;
  row.checking = schedule.checking;
  row.headline = facts.headline;
  row.problemCodes = state?.lastResult?.problems.map((p) => p.code) ?? [];
  return row;
}
