// Condenses an entry and its last check into the row the table and tray show.
import type { EntrySummary } from '../../shared/contract';
import type { EntryState, WatchEntry } from '../../shared/model';
import { daysLeft } from '../../shared/days';

export function commonName(dn: string | undefined): string | null {
  if (!dn) return null;
  return /CN=([^,]+)/.exec(dn)?.[1] ?? /O=([^,]+)/.exec(dn)?.[1] ?? dn;
}

export function summarise(
  entry: WatchEntry,
  state: EntryState | undefined,
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
