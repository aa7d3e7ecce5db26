// The app's log file: timestamped lines a user can attach to a bug report, never growing without bound.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFileLog } from '../../main/app/log';

describe('file log', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'certwatch-log-'));
  afterEach(() => vi.restoreAllMocks());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('appends timestamped lines, creating the folder', () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const file = path.join(dir, 'logs', 'certwatch.log');
    const log = createFileLog(file, () => Date.parse('2026-11-24T10:00:00.000Z'));
    log('watching 3 entries');
    log('notification failed: denied');
    expect(readFileSync(file, 'utf8')).toBe(
      '2026-11-24T10:00:00.000Z watching 3 entries\n2026-11-24T10:00:00.000Z notification failed: denied\n',
    );
  });

  it('keeps one previous generation once the file passes 1 MB', () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const file = path.join(dir, 'big.log');
    writeFileSync(file, 'x'.repeat(1_000_001));
    createFileLog(file, () => 0)('fresh');
    expect(readFileSync(file, 'utf8')).toBe('1970-01-01T00:00:00.000Z fresh\n');
    expect(readFileSync(`${file}.1`, 'utf8')).toHaveLength(1_000_001);
  });

  it('never throws when the file cannot be written', () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const blocker = path.join(dir, 'not-a-dir');
    writeFileSync(blocker, '');
    expect(() => createFileLog(path.join(blocker, 'x.log'))('line')).not.toThrow();
  });
});
