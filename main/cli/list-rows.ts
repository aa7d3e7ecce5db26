// The rows `certwatch list` prints: each entry summarised exactly as the window's table row (summary.ts),
// without the fields about the schedule, which a command that does not watch cannot know. A store that opens
// cleanly is read the quick way (store/quick-read.ts: no watch engine, no lock, only what a row shows checked);
// one to upgrade or repair is opened the full way, which says what it did.
import type { EntrySummary } from '../shared/contract';
import type { WatchEntry } from '../shared/model';
import { summarise, type SummaryState } from '../core/watch/summary';
import { quickReadForList } from '../core/watch/store/quick-read';
import type { EngineOptions } from './engine-types';
import type { CliIo } from './io';
import { cliStoreFile } from './store-path';

export type ListRow = Omit<EntrySummary, 'nextDueAt' | 'checking'>;

export function listRows(
  entries: readonly WatchEntry[],
  state: Readonly<Record<string, SummaryState>>,
  now: number,
): ListRow[] {
  return entries.map((entry) => {
    const {
      nextDueAt: _n,
      checking: _c,
      ...row
    } = summarise(entry, state[entry.id], {
      checking: false,
      now,
    });
    return row;
  });
}

export async function readList(
  options: Pick<EngineOptions, 'store' | 'create'>,
  io: CliIo,
): Promise<{ path: string; rows: ListRow[] }> {
  const file = cliStoreFile(options, io);
  const quick = quickReadForList(file);
  if (quick) return { path: file, rows: listRows(quick.entries, quick.state, Date.now()) };
  const { openCliStore } = await import('./store-open');
  const store = openCliStore(options, io);
  const doc = store.get();
  return { path: store.path, rows: listRows(doc.entries, doc.state, Date.now()) };
}
