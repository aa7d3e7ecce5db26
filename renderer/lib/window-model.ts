// The window's state as the views use it: the compact table the window is sent (main/shared/window-state.ts)
// read back into rows once per state, with the status and tag counts of that same pass.
import type { WindowState } from '../../main/shared/contract';
import { readTable, type StatusCounts, type TableRow } from '../../main/shared/window-state';

export type { TableRow } from '../../main/shared/window-state';

export interface WindowModel extends Omit<WindowState, 'table'> {
  entries: TableRow[];
  /** Rows per status, for the filter chips and the overview. */
  counts: StatusCounts;
  /** Tags in use with how many rows carry each, alphabetical. */
  tags: Array<{ tag: string; count: number }>;
}

/** Tags in the filter bar's order: alphabetical. */
export function sortTags<T extends { tag: string }>(tags: T[]): T[] {
  return tags.sort((a, b) => a.tag.localeCompare(b.tag));
}

export function windowModel(state: WindowState): WindowModel {
  const { table, ...rest } = state;
  const read = readTable(table);
  return {
    ...rest,
    entries: read.rows,
    counts: read.statuses,
    tags: sortTags(read.tags),
  };
}
