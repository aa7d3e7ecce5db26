// The watcher's small-heap flags (small-heap.ts) against the runtime itself: V8 renames and drops flags between
// versions, and an unknown flag is only a line on stderr, so a rename would silently give the memory back.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { preferSmallHeap, SMALL_HEAP_FLAGS } from '../../main/core/watch/small-heap';

describe('preferSmallHeap', () => {
  it('sets every flag, and this runtime knows each one', () => {
    const set: string[] = [];
    preferSmallHeap((flag) => set.push(flag));
    expect(set).toEqual([...SMALL_HEAP_FLAGS]);
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    for (const flag of SMALL_HEAP_FLAGS) {
      const name = flag.replace(/^--/, '').replace(/=.*$/, '');
      expect(options, `${process.version} has no ${flag}`).toMatch(new RegExp(`^\\s+--${name}\\b`, 'm'));
    }
    // Set in a process of its own, as the launcher does: accepted without a word on stderr.
    const run = spawnSync(
      process.execPath,
      [
        '-e',
        `const v8 = require('node:v8'); for (const f of ${JSON.stringify(SMALL_HEAP_FLAGS)}) v8.setFlagsFromString(f);`,
      ],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    // An unknown flag does reach stderr, so the check above can fail.
    const unknown = spawnSync(
      process.execPath,
      ['-e', `require('node:v8').setFlagsFromString('--no-such-heap-flag')`],
      {
        encoding: 'utf8',
      },
    );
    expect(unknown.stderr).toMatch(/no-such-heap-flag/);
  });
});
