// Narrows the watchlist by status chips, tags and free text. Pure and allocation-light, so typing into the
// filter stays instant with thousands of rows.
import { problemCell } from './problem-cell';
import type { TableRow } from './window-model';
import { ROW_STATUSES, STATUS_LABEL, type RowStatus } from './status';

export interface FilterState {
  statuses: RowStatus[];
  text: string;
  tags: string[];
  /** Only these entries (a click on a grouped notification); absent or empty means all. */
  ids?: string[];
}

export const EMPTY_FILTER: FilterState = { statuses: [], text: '', tags: [] };

export function isFilterActive(filter: FilterState): boolean {
  return (
    filter.statuses.length > 0 ||
    filter.tags.length > 0 ||
    filter.text.trim() !== '' ||
    (filter.ids?.length ?? 0) > 0
  );
}

// Rows are replaced (not mutated) on every state update, so a WeakMap caches each row's text exactly as
// long as the row is current.
const haystacks = new WeakMap<TableRow, string>();

function haystack(entry: TableRow): string {
  let text = haystacks.get(entry);
  if (text === undefined) {
    text = [
      entry.target,
      entry.sni,
      entry.label,
      entry.owner,
      entry.issuer,
      // What the Problem cell shows ("Expires in 9 days: renew now" included) is what a person types.
      problemCell(entry),
      STATUS_LABEL[entry.status],
      ...entry.tags,
      ...entry.problemCodes,
    ]
      .filter(Boolean)
      .join('\n')
      .toLowerCase();
    haystacks.set(entry, text);
  }
  return text;
}

/** Every word must appear somewhere in the row (host, label, owner, issuer, tags, problem). */
export function filterEntries(entries: readonly TableRow[], filter: FilterState): TableRow[] {
  const terms = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  const statuses = filter.statuses.length ? new Set(filter.statuses) : null;
  const tags = filter.tags.map((t) => t.toLowerCase());
  const ids = filter.ids?.length ? new Set(filter.ids) : null;
  if (!terms.length && !statuses && !tags.length && !ids) return entries as TableRow[];
  return entries.filter((entry) => {
    if (ids && !ids.has(entry.id)) return false;
    if (statuses && !statuses.has(entry.status)) return false;
    if (tags.length) {
      const own = entry.tags.map((t) => t.toLowerCase());
      if (!tags.every((t) => own.includes(t))) return false;
    }
    if (terms.length) {
      const text = haystack(entry);
      if (!terms.every((t) => text.includes(t))) return false;
    }
    return true;
  });
}

export function countByStatus(entries: readonly TableRow[]): Record<RowStatus, number> {
  const counts = Object.fromEntries(ROW_STATUSES.map((s) => [s, 0])) as Record<RowStatus, number>;
  for (const entry of entries) counts[entry.status] += 1;
  return counts;
}

/** Tags in use with how many rows carry each, alphabetical; spelling of the first occurrence wins. */
export function tagCounts(entries: readonly TableRow[]): Array<{ tag: string; count: number }> {
  const byKey = new Map<string, { tag: string; count: number }>();
  for (const entry of entries) {
    for (const tag of entry.tags) {
      const key = tag.toLowerCase();
      const found = byKey.get(key);
      if (found) found.count += 1;
      else byKey.set(key, { tag, count: 1 });
    }
  }
  return [...byKey.values()].sort((a, b) => a.tag.localeCompare(b.tag));
}

export function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}
