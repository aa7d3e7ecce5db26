// Asks V8 for a smaller heap in a process that watches for days and is idle between rounds (`certwatch watch`,
// the tray app): about 10 % more CPU in each round of checks for a much lower peak (BENCHMARKS.md, idle cost).
import v8 from 'node:v8';

/**
 * `--optimize-for-size` makes the heap grow less eagerly; a growth factor of 1 keeps the young generation at its
 * first size instead of letting a round of checks grow it to 16 MiB per half. Both are read while the process
 * runs, so setting them at start-up works without restarting Node with flags.
 */
export const SMALL_HEAP_FLAGS = ['--optimize-for-size', '--semi-space-growth-factor=1'] as const;

export function preferSmallHeap(setFlags: (flag: string) => void = (f) => v8.setFlagsFromString(f)): void {
  for (const flag of SMALL_HEAP_FLAGS) setFlags(flag);
}
