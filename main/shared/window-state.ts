// What the window is sent instead of the engine's full state: the same settings and notices, and the watchlist as
// one compact table holding only what the table draws, sorts and filters by (details come from
// `entries:details`). Columns instead of objects, and repeated strings (issuers, owners, tags, headlines) once:
// 5,000 rows are about a third of the bytes and much quicker to parse. Browser-safe; the app, the web bridge
// and the tests encode with `windowState`, the window decodes with `readTable`. The tray and `certwatch list`
// keep EntrySummary.
import type { AppState, EntrySummary, FirstScreenState, TableColumns, WindowState } from './contract';
import type { WatchEntry } from './model';
import { collatorFor, DEFAULT_SORT, firstEntries, type Sortable } from './row-order';
import type { ProblemCode, StarttlsProtocol } from './types';

/** One watchlist row as the window's table, filter and overview use it: the entry's own fields, then its standing. */
export interface TableRow extends Pick<
  WatchEntry,
  'id' | 'target' | 'host' | 'port' | 'starttls' | 'sni' | 'label' | 'tags' | 'owner' | 'enabled'
> {
  /** `pending` until the first check finishes. */
  status: EntrySummary['status'];
  daysLeft: number | null;
  notAfter: string | null;
  issuer: string | null;
  lastCheckedAt: string | null;
  checking: boolean;
  /** The first problem's sentence. */
  headline: string | null;
  problemCodes: ProblemCode[];
  /** Alerts are muted for now (the details say until when). */
  snoozed: boolean;
}

/** Row statuses in the order their index is sent. */
const STATUSES = [
  'ok',
  'warning',
  'critical',
  'expired',
  'invalid',
  'error',
  'pending',
] as const satisfies ReadonlyArray<EntrySummary['status']>;

/** The window's state from the engine's (plus what the app adds), for `window:state` and `state:changed`. */
export function windowState(state: AppState): WindowState {
  const { entries, ...rest } = state;
  return { ...rest, table: encodeTable(entries) };
}

/** What a first screen reads of every row: how it sorts and what it counts. */
export type ScreenFacts = Sortable & Pick<EntrySummary, 'tags'>;

/**
 * A first screen's input without a summary of every entry: the state's other fields, each row's facts, and the
 * full row of any one of them (the engine summarises only the rows drawn: watcher `screenSource()`).
 */
export interface ScreenSource<R extends ScreenFacts = ScreenFacts> {
  state: Omit<AppState, 'entries'>;
  rows: readonly R[];
  full(row: R): EntrySummary;
}

/** A whole state as a screen source (its rows are full already). */
export function stateScreenSource(state: AppState): ScreenSource<EntrySummary> {
  const { entries, ...rest } = state;
  return { state: rest, rows: entries, full: (row) => row };
}

/**
 * The window's first screen (`window:first-screen`): the first `rows` rows in the table's default order,
 * compared as `locale` compares text, and the whole list's counts.
 */
export function windowFirstScreen<R extends ScreenFacts>(
  from: AppState | ScreenSource<R>,
  request: { rows: number; locale?: string | undefined },
): FirstScreenState {
  return 'entries' in from ? firstScreenOf(stateScreenSource(from), request) : firstScreenOf(from, request);
}

function firstScreenOf<R extends ScreenFacts>(
  source: ScreenSource<R>,
  request: { rows: number; locale?: string | undefined },
): FirstScreenState {
  const tally = createTally();
  for (const row of source.rows) tally.add(row.status, row.tags);
  const counted = tally.result();
  const first = firstEntries(source.rows, DEFAULT_SORT, request.rows, collatorFor(request.locale));
  return {
    ...source.state,
    first: encodeTable(first.map((row) => source.full(row))),
    total: source.rows.length,
    ...counted,
  };
}

export function encodeTable(rows: readonly EntrySummary[]): TableColumns {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (s: string | null | undefined): number => {
    if (s === null || s === undefined) return -1;
    let i = index.get(s);
    if (i === undefined) {
      i = strings.push(s) - 1;
      index.set(s, i);
    }
    return i;
  };
  const t: TableColumns = {
    count: rows.length,
    strings,
    id: [],
    target: [],
    host: [],
    port: [],
    starttls: [],
    sni: [],
    label: [],
    tags: [],
    owner: [],
    enabled: [],
    status: [],
    daysLeft: [],
    notAfter: [],
    issuer: [],
    lastCheckedAt: [],
    checking: [],
    headline: [],
    problemCodes: [],
    snoozed: [],
  };
  for (const r of rows) {
    t.id.push(r.id);
    t.target.push(r.target);
    t.host.push(r.host);
    t.port.push(r.port);
    t.starttls.push(ref(r.starttls));
    t.sni.push(r.sni ?? null);
    t.label.push(r.label ?? null);
    t.tags.push(r.tags.map(ref));
    t.owner.push(ref(r.owner));
    t.enabled.push(r.enabled ? 1 : 0);
    t.status.push(STATUSES.indexOf(r.status));
    t.daysLeft.push(r.daysLeft);
    t.notAfter.push(r.notAfter);
    t.issuer.push(ref(r.issuer));
    t.lastCheckedAt.push(r.lastCheckedAt);
    t.checking.push(r.checking ? 1 : 0);
    t.headline.push(ref(r.headline));
    t.problemCodes.push(r.problemCodes.map(ref));
    t.snoozed.push(r.snooze ? 1 : 0);
  }
  return t;
}

export type StatusCounts = Record<EntrySummary['status'], number>;

export interface TableRead {
  rows: TableRow[];
  /** Rows per status. */
  statuses: StatusCounts;
  /** Tags in use with how many rows carry each (case aside; the first spelling wins), in first-seen order. */
  tags: Array<{ tag: string; count: number }>;
}

/** Counts rows per status and per tag (case aside: the first spelling seen names it), in one pass. */
function createTally(): {
  add(status: EntrySummary['status'], tags: readonly string[]): void;
  result(): Pick<TableRead, 'statuses' | 'tags'>;
} {
  const statuses = Object.fromEntries(STATUSES.map((x) => [x, 0])) as StatusCounts;
  const tagCount = new Map<string, number>();
  return {
    add(status, tags) {
      statuses[status] += 1;
      for (const tag of tags) tagCount.set(tag, (tagCount.get(tag) ?? 0) + 1);
    },
    result() {
      const tagIndex = new Map<string, { tag: string; count: number }>();
      for (const [tag, count] of tagCount) {
        const key = tag.toLowerCase();
        const found = tagIndex.get(key);
        if (found) found.count += count;
        else tagIndex.set(key, { tag, count });
      }
      return { statuses, tags: [...tagIndex.values()] };
    },
  };
}

/**
 * The rows back as objects, with the status and tag counts of the same pass (counted once per state, not per
 * render). Every row has the same shape, so the code reading them stays on V8's fast path.
 */
export function readTable(t: TableColumns): TableRead {
  const s = t.strings;
  const str = (i: number | undefined): string | null => (i === undefined || i < 0 ? null : (s[i] ?? null));
  const tally = createTally();
  const rows: TableRow[] = new Array<TableRow>(t.count);
  for (let i = 0; i < t.count; i++) {
    const status = STATUSES[t.status[i]!] ?? 'pending';
    const tagRefs = t.tags[i] ?? [];
    const tags = tagRefs.map((ref) => s[ref]!);
    tally.add(status, tags);
    rows[i] = {
      id: t.id[i]!,
      target: t.target[i]!,
      host: t.host[i]!,
      port: t.port[i]!,
      starttls: (str(t.starttls[i]) ?? undefined) as StarttlsProtocol | undefined,
      sni: t.sni[i] ?? undefined,
      label: t.label[i] ?? undefined,
      tags,
      owner: str(t.owner[i]) ?? undefined,
      enabled: t.enabled[i] === 1,
      status,
      daysLeft: t.daysLeft[i] ?? null,
      notAfter: t.notAfter[i] ?? null,
      issuer: str(t.issuer[i]),
      lastCheckedAt: t.lastCheckedAt[i] ?? null,
      checking: t.checking[i] === 1,
      headline: str(t.headline[i]),
      problemCodes: (t.problemCodes[i] ?? []).map((ref) => s[ref] as ProblemCode),
      snoozed: t.snoozed[i] === 1,
    };
  }
  // Tags differing only in case are one filter chip: the first spelling seen names it.
  return { rows, ...tally.result() };
}
