// `certwatch add|list|remove|import|export` run as the built command against temporary store files: what each
// prints, exit codes, and that a damaged or foreign store file is never lost.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdir, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../fixtures/cli';

// Each test starts the command several times, and other suites share the machine.
vi.setConfig({ testTimeout: 120_000 });

let dir: string;
let n = 0;
/** Keeps the default store (the user's real watchlist) out of reach of every run. */
let env: NodeJS.ProcessEnv;
const newStore = () => join(dir, `store-${++n}.json`);
const lines = (text: string) => text.trimEnd().split('\n');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certwatch-manage-'));
  env = { XDG_CONFIG_HOME: join(dir, 'xdg') };
});

async function filled(): Promise<string> {
  const store = newStore();
  const r = await runCli(
    ['add', '--store', store, 'shop.example.com', 'api.example.com:8443', 'smtp://mx.example.com'],
    env,
  );
  expect(r.code).toBe(0);
  return store;
}

describe('add and list', () => {
  it('reports each target, exits 1 when one was not added, and list shows the rest', async () => {
    const store = newStore();
    const add = await runCli(
      [
        'add',
        '--store',
        store,
        'shop.example.com',
        'api.example.com:8443',
        'not a host',
        '--label',
        'Shop',
        '--tags',
        'prod, web',
        '--owner',
        'Web team',
        '--runbook',
        'https://wiki.example.com/shop',
      ],
      env,
    );
    expect(add.code).toBe(1);
    expect(lines(add.stdout)).toEqual([
      'added      shop.example.com:443',
      'added      api.example.com:8443',
      'not added  Invalid target "not a host": it contains spaces.',
      'Added 2 entries; 1 line not added.',
    ]);

    const list = await runCli(['list', '--store', store], env);
    expect(list.code).toBe(0);
    expect(lines(list.stdout)).toEqual([
      expect.stringMatching(/^STATUS\s+TARGET\s+DAYS\s+EXPIRES\s+CHECKED \(UTC\)\s+LABEL\s+PROBLEM$/),
      expect.stringMatching(/^PENDING\s+shop\.example\.com:443\s+never\s+Shop$/),
      expect.stringMatching(/^PENDING\s+api\.example\.com:8443\s+never\s+Shop$/),
    ]);
    const json = JSON.parse((await runCli(['list', '--json', '--store', store], env)).stdout);
    expect(json.store).toBe(store);
    expect(json.entries[0]).toMatchObject({
      target: 'shop.example.com:443',
      label: 'Shop',
      tags: ['prod', 'web'],
      owner: 'Web team',
      runbookUrl: 'https://wiki.example.com/shop',
      status: 'pending',
      lastCheckedAt: null,
    });
  });

  it('--file adds a list, naming the line of each one not added', async () => {
    const store = await filled();
    const list = join(dir, 'targets.txt');
    await writeFile(
      list,
      '# web\nmail.example.com:465\n\nshop.example.com   # again\nimap://mx.example.com\n',
    );
    const add = await runCli(['add', '--store', store, '--file', list], env);
    expect(add.code).toBe(1);
    expect(lines(add.stdout)).toEqual([
      'added      mail.example.com:465',
      `not added  line 4 of ${list}: "shop.example.com:443" is already in the watchlist.`,
      'added      imap://mx.example.com:143',
      'Added 2 entries; 1 line not added.',
    ]);
    const missing = await runCli(['add', '--store', store, '--file', join(dir, 'nope.txt')], env);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(`cannot read the target list ${join(dir, 'nope.txt')}: ENOENT`);
  });

  it('uses the tray app’s watchlist when no --store is given', async () => {
    const home = { XDG_CONFIG_HOME: join(dir, 'xdg-default') };
    expect((await runCli(['add', 'shop.example.com'], home)).code).toBe(0);
    const saved = JSON.parse(await readFile(join(dir, 'xdg-default', 'Certwatch', 'config.json'), 'utf8'));
    expect(saved.entries.map((e: { target: string }) => e.target)).toEqual(['shop.example.com:443']);
  });
});

describe('remove', () => {
  it('removes by target as typed or by id, and reports names it does not know', async () => {
    const store = await filled();
    const { entries } = JSON.parse((await runCli(['list', '--json', '--store', store], env)).stdout);
    const r = await runCli(
      ['remove', '--store', store, 'shop.example.com', entries[1].id, 'nope.example.com'],
      env,
    );
    expect(r.code).toBe(1);
    expect(lines(r.stdout)).toEqual(['removed  shop.example.com:443', 'removed  api.example.com:8443']);
    expect(r.stderr).toBe('certwatch: "nope.example.com" is not in the watchlist.\n');
    const left = JSON.parse((await runCli(['list', '--json', '--store', store], env)).stdout);
    expect(left.entries.map((e: { target: string }) => e.target)).toEqual(['smtp://mx.example.com:25']);
    // The STARTTLS entry is found by host and port too, since it is the only one there.
    expect((await runCli(['rm', '--store', store, 'mx.example.com:25'], env)).code).toBe(0);
  });
});

describe('export and import', () => {
  it('json and csv exports import into another store as the same watchlist', async () => {
    const store = await filled();
    await runCli(
      ['add', '--store', store, '--label', 'Old', '--tags', 'legacy', 'old.example.com:4443'],
      env,
    );
    const original = (await runCli(['export', '--store', store], env)).stdout;
    expect(JSON.parse(original).entries).toHaveLength(4);

    const file = join(dir, 'watchlist.json');
    const written = await runCli(['export', '--store', store, '--output', file], env);
    expect(written.stderr).toBe(`Wrote ${file}.\n`);
    const other = newStore();
    const imported = await runCli(['import', '--store', other, file], env);
    expect(imported.code).toBe(0);
    expect(lines(imported.stdout).at(-1)).toBe('Added 4 entries.');
    expect((await runCli(['export', '--store', other], env)).stdout).toBe(original);

    const csv = join(dir, 'watchlist.csv');
    await runCli(['export', '--store', store, '--format', 'csv', '--output', csv], env);
    expect((await readFile(csv, 'utf8')).split('\r\n')[4]).toBe(
      'old.example.com:4443,Old,legacy,,,,,,,,,true',
    );
    const third = newStore();
    expect((await runCli(['import', '--store', third, '--format', 'csv', csv], env)).code).toBe(0);
    expect((await runCli(['export', '--store', third], env)).stdout).toBe(original);

    // Importing again adds nothing and says why, line by line.
    const again = await runCli(['import', '--store', third, csv], env);
    expect(again.code).toBe(1);
    expect(lines(again.stdout)[0]).toBe(
      `not added  line 2 of ${csv}: "shop.example.com:443" is already in the watchlist.`,
    );
  });

  it('ics is a calendar', async () => {
    const r = await runCli(['export', '--format', 'ics', '--store', await filled()], env);
    expect(r.stdout).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/);
  });
});

describe('store files', () => {
  it('keeps a damaged store aside, says where, and goes on with what could be read', async () => {
    const store = await filled();
    const text = await readFile(store, 'utf8');
    const cut = text.slice(0, text.indexOf('api.example.com:8443'));
    await writeFile(store, cut);
    const r = await runCli(['list', '--store', store], env);
    expect(r.code).toBe(0);
    const kept = /The damaged file was kept, unchanged, as (\S+);/.exec(r.stderr)?.[1];
    expect(kept, r.stderr).toBeDefined();
    expect(await readFile(kept!, 'utf8')).toBe(cut);
    expect(r.stdout).toMatch(/^PENDING\s+shop\.example\.com:443/m);
    const saved = JSON.parse(await readFile(store, 'utf8'));
    expect(saved.entries.map((e: { target: string }) => e.target)).toEqual(['shop.example.com:443']);
  });

  it('refuses a folder, an export, other JSON and a newer store, naming the file and changing nothing', async () => {
    const folder = join(dir, 'a-folder');
    await mkdir(folder);
    const exported = join(dir, 'exported.json');
    await writeFile(exported, (await runCli(['export', '--store', await filled()], env)).stdout);
    const other = join(dir, 'package.json');
    await writeFile(other, '{"name": "not-certwatch"}\n');
    const newer = join(dir, 'newer.json');
    await writeFile(newer, '{"version": 9, "entries": []}');
    const cases: Array<[string, RegExp]> = [
      [folder, /is a folder/],
      [exported, /is a watchlist export, not a store; nothing was changed\. .*certwatch import/],
      [other, /is not a Certwatch store; nothing was changed/],
      [newer, /written by a newer Certwatch \(format 9/],
    ];
    for (const [file, message] of cases) {
      const before = await stat(file);
      const content = before.isDirectory() ? await readdir(file) : await readFile(file, 'utf8');
      const r = await runCli(['add', '--store', file, 'shop.example.com'], env);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain(file);
      expect(before.isDirectory() ? await readdir(file) : await readFile(file, 'utf8')).toEqual(content);
      expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
    }
    const aside = /^(a-folder|exported|package|newer)\.corrupt-/;
    expect((await readdir(dir)).filter((f) => aside.test(f))).toEqual([]);
  });
});
