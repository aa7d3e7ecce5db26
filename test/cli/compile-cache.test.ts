// The installed command keeps V8's compiled code between runs (main/cli/compile-cache.ts). What a user relies on:
// the second run answers exactly as the first, a damaged or foreign cache is never trusted and never breaks a
// command, NODE_DISABLE_COMPILE_CACHE turns it off, and the cache lives in the user's own cache folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileCacheDir } from '../../main/cli/compile-cache';
import { runCli } from '../fixtures/cli';
import { mint } from '../fixtures/pki';

let dir: string;
let certFile: string;
let caFile: string;
/** The same check without any cache: what every cached run must print. */
let uncached: Awaited<ReturnType<typeof runCli>>;
const check = () => ['check', '--json', '--ca', caFile, certFile];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'certwatch-compile-cache-'));
  const root = await mint({ cn: 'Compile Cache Root', ca: true, toDays: 3650 });
  const leaf = await mint({ cn: 'cache.example.test', issuer: root, toDays: 200 });
  certFile = join(dir, 'leaf.pem');
  caFile = join(dir, 'root.pem');
  writeFileSync(certFile, leaf.pem);
  writeFileSync(caFile, root.pem);
  uncached = await runCli(check(), { NODE_DISABLE_COMPILE_CACHE: '1' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a run printed, without the clock's part (when it checked, how long it took). */
const answer = (run: { code: number; stdout: string; stderr: string }) => ({
  code: run.code,
  stderr: run.stderr,
  stdout: JSON.parse(run.stdout, (key, value: unknown) =>
    key === 'checkedAt' || key === 'durationMs' ? undefined : value,
  ) as unknown,
});

const cacheFiles = (folder: string) => readdirSync(folder).filter((f) => f.endsWith('.v8'));

describe('compile cache', () => {
  it('is written on the first run of a command, and the next run answers the same', async () => {
    const cache = join(dir, 'cache');
    mkdirSync(cache, { mode: 0o700 });
    const first = await runCli(check(), { NODE_COMPILE_CACHE: cache });
    const second = await runCli(check(), { NODE_COMPILE_CACHE: cache });
    expect(uncached.stdout).toMatch(/"status": "ok"/);
    expect(answer(first)).toEqual(answer(uncached));
    expect(answer(second)).toEqual(answer(uncached));
    const help = await runCli(['--help'], { NODE_COMPILE_CACHE: cache });
    expect(help.stdout).toMatch(/^Usage: certwatch/);
    // On Node 20 one file per command and bundle; Node >= 22 keeps its own layout in the same folder.
    if (!('enableCompileCache' in (await import('node:module')).default)) {
      expect(cacheFiles(cache).some((f) => f.includes('-check-'))).toBe(true);
      expect(cacheFiles(cache).some((f) => f.includes('-other-'))).toBe(true);
    }
  });

  it('a damaged cache file is ignored; the command answers as without it', async () => {
    const cache = join(dir, 'damaged');
    mkdirSync(cache, { mode: 0o700 });
    await runCli(['--help'], { NODE_COMPILE_CACHE: cache });
    for (const file of cacheFiles(cache)) writeFileSync(join(cache, file), 'not V8 code cache');
    expect(answer(await runCli(check(), { NODE_COMPILE_CACHE: cache }))).toEqual(answer(uncached));
    const help = await runCli(['--help'], { NODE_COMPILE_CACHE: cache });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: certwatch/);
  });

  it('a folder other users can write to is not used', async () => {
    const cache = join(dir, 'shared');
    mkdirSync(cache);
    chmodSync(cache, 0o777);
    const run = await runCli(['--help'], { NODE_COMPILE_CACHE: cache });
    expect(run.code).toBe(0);
    // (Node >= 22 itself honours NODE_COMPILE_CACHE as the user set it; Certwatch adds nothing there.)
    expect(cacheFiles(cache)).toEqual([]);
  });

  it('NODE_DISABLE_COMPILE_CACHE turns it off', async () => {
    const cache = join(dir, 'off');
    mkdirSync(cache, { mode: 0o700 });
    const run = await runCli(['--help'], { NODE_COMPILE_CACHE: cache, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(run.code).toBe(0);
    expect(readdirSync(cache)).toEqual([]);
  });

  it("lives in the user's own cache folder", () => {
    expect(compileCacheDir({}, 'linux', '/home/ada')).toBe('/home/ada/.cache/certwatch/compile-cache');
    expect(compileCacheDir({ XDG_CACHE_HOME: '/var/cache/ada' }, 'linux', '/home/ada')).toBe(
      '/var/cache/ada/certwatch/compile-cache',
    );
    expect(compileCacheDir({}, 'darwin', '/Users/ada')).toBe(
      '/Users/ada/Library/Caches/certwatch/compile-cache',
    );
    expect(compileCacheDir({ NODE_COMPILE_CACHE: '/tmp/mine' }, 'linux', '/home/ada')).toBe('/tmp/mine');
    expect(compileCacheDir({ NODE_DISABLE_COMPILE_CACHE: '1' }, 'linux', '/home/ada')).toBeNull();
  });
});
