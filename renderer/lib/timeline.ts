// Buckets upcoming expiries into weeks for the overview's timeline.
import type { EntrySummary } from '../../main/shared/contract';

const DAY_MS = 86_400_000;

export interface TimelineBucket {
  /** Start of the bucket (inclusive), ms. */
  start: number;
  /** End of the bucket (exclusive), ms. */
  end: number;
  entries: EntrySummary[];
}

export interface Timeline {
  buckets: TimelineBucket[];
  /** Enabled entries whose certificate already expired. */
  overdue: EntrySummary[];
  /** Entries expiring inside the window. */
  upcoming: number;
}

/** Enabled entries with a known expiry, in `bucketDays` slices of the next `days` days, soonest first. */
export function expiryTimeline(
  entries: readonly EntrySummary[],
  now: number,
  { days = 90, bucketDays = 7 }: { days?: number; bucketDays?: number } = {},
): Timeline {
  const windowEnd = now + days * DAY_MS;
  const buckets: TimelineBucket[] = [];
  for (let start = now; start < windowEnd; start += bucketDays * DAY_MS) {
    buckets.push({ start, end: Math.min(start + bucketDays * DAY_MS, windowEnd), entries: [] });
  }
  const overdue: EntrySummary[] = [];
  let upcoming = 0;
  for (const entry of entries) {
    if (!entry.enabled || !entry.notAfter) continue;
    const at = Date.parse(entry.notAfter);
    if (Number.isNaN(at) || at >= windowEnd) continue;
    if (at < now) {
      overdue.push(entry);
      continue;
    }
    const bucket = buckets[Math.floor((at - now) / (bucketDays * DAY_MS))];
    if (bucket) {
      bucket.entries.push(entry);
      upcoming += 1;
    }
  }
  const byExpiry = (a: EntrySummary, b: EntrySummary) => Date.parse(a.notAfter!) - Date.parse(b.notAfter!);
  for (const bucket of buckets) bucket.entries.sort(byExpiry);
  overdue.sort(byExpiry);
  return { buckets, overdue, upcoming };
}
