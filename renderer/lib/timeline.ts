// Buckets upcoming expiries into weeks for the overview's timeline.
import type { TableRow } from './window-model';

const DAY_MS = 86_400_000;

export interface TimelineBucket {
  /** Start of the bucket (inclusive), ms. */
  start: number;
  /** End of the bucket (exclusive), ms. */
  end: number;
  entries: TableRow[];
}

export interface Timeline {
  buckets: TimelineBucket[];
  /** Enabled entries whose certificate already expired. */
  overdue: TableRow[];
  /** Entries expiring inside the window. */
  upcoming: number;
}

/** Enabled entries with a known expiry, in `bucketDays` slices of the next `days` days, soonest first. */
export function expiryTimeline(
  entries: readonly TableRow[],
  now: number,
  { days = 90, bucketDays = 7 }: { days?: number; bucketDays?: number } = {},
): Timeline {
  const windowEnd = now + days * DAY_MS;
  const buckets: TimelineBucket[] = [];
  for (let start = now; start < windowEnd; start += bucketDays * DAY_MS) {
    buckets.push({ start, end: Math.min(start + bucketDays * DAY_MS, windowEnd), entries: [] });
  }
  const overdue: TableRow[] = [];
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
  const byExpiry = (a: TableRow, b: TableRow) => Date.parse(a.notAfter!) - Date.parse(b.notAfter!);
  for (const bucket of buckets) bucket.entries.sort(byExpiry);
  overdue.sort(byExpiry);
  return { buckets, overdue, upcoming };
}
