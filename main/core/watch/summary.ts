// Condenses an entry and its last check into the row the table and tray show.
import type { EntrySummary } from '../../shared/contract';
import type { WatchEntry } from '../../shared/model';
import type { CertInfo, ProbeResult } from '../../shared/types';
import { daysLeft } from '../../shared/days';

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

export function summarise(
  entry: WatchEntry,
  state: SummaryState | undefined,
  schedule: { nextDueAt?: number; checking: boolean; now?: number },
): EntrySummary {
  const r = state?.lastResult;
  return {
    id: entry.id,
    target: entry.target,
    host: entry.host,
    port: entry.port,
    ...(entry.starttls ? { starttls: entry.starttls } : {}),
    ...(entry.sni ? { sni: entry.sni } : {}),
    ...(entry.label ? { label: entry.label } : {}),
    tags: entry.tags,
    ...(entry.owner ? { owner: entry.owner } : {}),
    ...(entry.runbookUrl ? { runbookUrl: entry.runbookUrl } : {}),
    ...(entry.snooze ? { snooze: entry.snooze } : {}),
    enabled: entry.enabled,
    status: r?.status ?? 'pending',
    // Counted at `now` when given, so `list` and the window say what a check would say at that moment.
    daysLeft:
      r?.notAfter && schedule.now !== undefined ? daysLeft(r.notAfter, schedule.now) : (r?.daysLeft ?? null),
    notAfter: r?.notAfter ?? null,
    issuer: commonName(r?.chain[0]?.issuer),
    lastCheckedAt: state?.lastCheckedAt ?? r?.checkedAt ?? null,
    nextDueAt:
      schedule.nextDueAt !== undefined && entry.enabled ? new Date(schedule.nextDueAt).toISOString() : null,
    checking: schedule.checking,
    headline: r?.problems[0]?.message ?? null,
    problemCodes: r?.problems.map((p) => p.code) ?? [],
  };
}
