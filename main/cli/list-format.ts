// The table `certwatch list` prints: one row per watchlist entry, from what the store remembers of its last check.
import { createColors } from 'picocolors';
import type { EntrySummary } from '../shared/contract';
import { displayText } from '../shared/untrusted-text';
import { targetName } from '../shared/entry-name';
import { problemCell } from '../shared/problem-cell';

/** Targets, labels and problem sentences come from files and servers: shown, never interpreted, and bounded. */
const safe = (text: string | null | undefined, limit: number) => displayText(text ?? '', limit);

type Row = Omit<EntrySummary, 'nextDueAt' | 'checking'>;

export function listTable(entries: Row[], color: boolean): string {
  const c = createColors(color);
  const paint = (e: Row) =>
    !e.enabled || e.status === 'pending'
      ? c.dim
      : e.status === 'ok'
        ? c.green
        : e.status === 'warning'
          ? c.yellow
          : e.status === 'error'
            ? c.magenta
            : (s: string) => c.bold(c.red(s));
  const header = ['STATUS', 'TARGET', 'DAYS', 'EXPIRES', 'CHECKED (UTC)', 'LABEL', 'PROBLEM'];
  const rows = entries.map((e) => [
    e.enabled ? e.status.toUpperCase() : 'DISABLED',
    targetName(e, e.target),
    e.daysLeft === null ? '' : String(e.daysLeft),
    safe(e.notAfter?.slice(0, 10), 10),
    e.lastCheckedAt ? safe(e.lastCheckedAt.slice(0, 16).replace('T', ' '), 16) : 'never',
    safe(e.label, 60),
    // Every non-OK row says what is wrong, as in the window ("Expires in 9 days: renew now").
    safe(problemCell(e), 300),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const body = rows.map((r, i) => {
    const text = line(r);
    const status = r[0]!.length;
    return paint(entries[i]!)(text.slice(0, status)) + text.slice(status);
  });
  return `${[c.bold(line(header)), ...body].join('\n')}\n`;
}
