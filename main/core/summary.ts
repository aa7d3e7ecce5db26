// Condenses an entry and its last check into the row the table and tray show.
import type { EntrySummary } from '../shared/contract';
import type { EntryState, WatchEntry } from './model';

export function commonName(dn: string | undefined): string | null {
  if (!dn) return null;
  return /CN=([^,]+)/.exec(dn)?.[1] ?? /O=([^,]+)/.exec(dn)?.[1] ?? dn;
}

export function summarise(
  entry: WatchEntry,
  state: EntryState | undefined,
  schedule: { nextDueAt?: number; checking: boolean },
): EntrySummary {
  const r = state?.lastResult;
  return {
    id: entry.id,
    target: entry.target,
    host: entry.host,
    port: entry.port,
    ...(entry.starttls ? { starttls: entry.starttls } : {}),
    ...(entry.label ? { label: entry.label } : {}),
    tags: entry.tags,
    ...(entry.owner ? { owner: entry.owner } : {}),
    ...(entry.runbookUrl ? { runbookUrl: entry.runbookUrl } : {}),
    ...(entry.snooze ? { snooze: entry.snooze } : {}),
    enabled: entry.enabled,
    status: r?.status ?? 'pending',
    daysLeft: r?.daysLeft ?? null,
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
