// Orders watchlist rows by any column. Rows without a value (never checked, unreachable) always sink to the
// bottom whichever the direction, so "soonest expiry first" never opens on a page of dashes. The default is
// urgency (expired, invalid, critical, error, warning, then fewest days left), and sorting by expiry keeps the
// rows that are broken now (expired, invalid) on top: a revoked certificate with 40 days left is not "fine".
// Browser-safe: the window sorts its table with it, and the app and the web bridge pick the rows of the window's
// first screen with it (`window:first-screen`), so both find the same rows in the same order.
import type { EntrySummary } from './contract';
import { problemCell } from './problem-cell';

type RowStatus = EntrySummary['status'];

/** Most urgent first: what a person should look at before anything else. */
export const ROW_STATUSES: readonly RowStatus[] = [
  'expired',
  'invalid',
  'critical',
  'error',
  'warning',
  'ok',
  'pending',
];

const URGENCY = new Map(ROW_STATUSES.map((s, i) => [s, i]));

/** 0 is the most urgent. */
export function statusUrgency(status: RowStatus): number {
  return URGENCY.get(status) ?? ROW_STATUSES.length;
}

/** What sorting reads of a row: the window's `TableRow` and the engine's `EntrySummary` both have it. */
export type Sortable = Pick<
  EntrySummary,
  'status' | 'target' | 'label' | 'daysLeft' | 'notAfter' | 'issuer' | 'lastCheckedAt' | 'headline'
>;

export const SORT_KEYS = [
  'status',
  'target',
  'label',
  'daysLeft',
  'notAfter',
  'issuer',
  'lastCheckedAt',
  'headline',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';
export interface SortState {
  key: SortKey;
  dir: SortDir;
}

export const DEFAULT_SORT: SortState = { key: 'status', dir: 'asc' };

type Value = number | string | null;

const OPTIONS: Intl.CollatorOptions = { numeric: true, sensitivity: 'base' };
/** By locale ('' the runtime's default), made on first use: a collator costs the ICU set-up for collation. */
const collators = new Map<string, Intl.Collator>();

/**
 * How texts compare in `locale` (the window's own, when another process sorts for it); the runtime's default
 * when absent or not a locale.
 */
export function collatorFor(locale?: string): Intl.Collator {
  const key = locale ?? '';
  let collator = collators.get(key);
  if (!collator) {
    try {
      collator = new Intl.Collator(locale || undefined, OPTIONS);
    } catch {
      collator = collatorFor();
    }
    // Bounded: the locales a bridge's pages ask for are few, but they come from requests.
    if (collators.size < 16) collators.set(key, collator);
  }
  return collator;
}

function time(iso: string | null): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

function valueOf(entry: Sortable, key: SortKey): Value {
  switch (key) {
    case 'status':
      return statusUrgency(entry.status);
    case 'target':
      return entry.target;
    case 'label':
      return entry.label || null;
    case 'daysLeft':
      return entry.daysLeft;
    case 'notAfter':
      return time(entry.notAfter);
    case 'issuer':
      return entry.issuer || null;
    case 'lastCheckedAt':
      return time(entry.lastCheckedAt);
    case 'headline':
      return problemCell(entry) || null;
  }
}

interface Decorated<T> {
  entry: T;
  value: Value;
  broken: boolean;
  days: number | null;
}

// Decorate once: 5,000 rows would otherwise recompute each key about 60,000 times.
function decorate<T extends Sortable>(entry: T, sort: SortState): Decorated<T> {
  const byExpiry = sort.key === 'daysLeft' || sort.key === 'notAfter';
  return {
    entry,
    value: valueOf(entry, sort.key),
    // Broken now, whatever the date says: pinned above the rest when sorting by expiry, either direction.
    broken: byExpiry && (entry.status === 'expired' || entry.status === 'invalid'),
    // Within one status, the fewest days left first (unknown last).
    days: sort.key === 'status' ? entry.daysLeft : null,
  };
}

function comparator<T extends Sortable>(
  sort: SortState,
  collator: Intl.Collator,
): (a: Decorated<T>, b: Decorated<T>) => number {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const compareValues = (a: Value, b: Value): number => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return collator.compare(String(a), String(b));
  };
  return (a, b) => {
    if (a.broken !== b.broken) return a.broken ? -1 : 1;
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else {
      const c = compareValues(a.value, b.value);
      if (c !== 0) return c * sign;
    }
    if (a.days !== b.days) {
      if (a.days === null || b.days === null) return a.days === null ? 1 : -1;
      return a.days - b.days;
    }
    return collator.compare(a.entry.target, b.entry.target);
  };
}

/** A new sorted array; ties fall back to the target so the order is stable between updates. */
export function sortEntries<T extends Sortable>(
  entries: readonly T[],
  sort: SortState,
  collator: Intl.Collator = collatorFor(),
): T[] {
  const decorated = entries.map((entry) => decorate(entry, sort));
  decorated.sort(comparator<T>(sort, collator));
  return decorated.map((d) => d.entry);
}

/**
 * The first `count` rows of `sortEntries(entries, sort)`, in that order, without sorting the rest: one pass that
 * keeps the best rows seen so far, so the table's first screen of a long watchlist can be drawn before the whole
 * list is sorted. Nearly every row loses its first comparison with the current last of those kept.
 */
export function firstEntries<T extends Sortable>(
  entries: readonly T[],
  sort: SortState,
  count: number,
  collator: Intl.Collator = collatorFor(),
): T[] {
  if (count <= 0) return [];
  const compare = comparator<T>(sort, collator);
  const kept: Decorated<T>[] = [];
  for (const entry of entries) {
    const item = decorate(entry, sort);
    if (kept.length === count && compare(item, kept[count - 1]!) >= 0) continue;
    // Binary search for the first kept row that sorts after this one (after equals: stable, like Array.sort).
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(item, kept[mid]!) < 0) hi = mid;
      else lo = mid + 1;
    }
    kept.splice(lo, 0, item);
    if (kept.length > count) kept.pop();
  }
  return kept.map((d) => d.entry);
}

/** Clicking the sorted column flips it; another column starts ascending. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: 'asc' };
}
