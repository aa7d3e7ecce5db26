// What `--store` accepts (the built command): a Certwatch store or a path that does not exist yet. Pipes,
// devices, folders, links to those and other programs' files get one sentence and exit 3, untouched; the
// commands that only read refuse a missing store unless told --create, so a typo in a cron job is not green.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../fixtures/cli';

vi.setConfig({ testTimeout: 180_000 });

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certwatch-store-files-'));
  env = { XDG_CONFIG_HOME: join(dir, 'xdg'), DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-bus')}` };
});

/** Every command that takes --store, as a user would type it. */
const COMMANDS: string[][] = [
  ['list'],
  ['add', 'shop.example.com'],
  ['remove', 'shop.example.com'],
  ['import', '__import__'],
  ['export'],
  ['watch', '--once'],
];

async function snapshot(file: string) {
  const st = await lstat(file);
  return {
    mode: st.mode,
    mtimeMs: st.mtimeMs,
    ino: st.ino,
    content: st.isFile() ? await readFile(file, 'utf8') : st.isDirectory() ? await readdir(file) : null,
  };
}

describe('--store refuses what is not a store file', () => {
  it('a FIFO, a device, a folder, links to them and other programs’ files: one sentence, exit 3, untouched', async () => {
    const fifo = join(dir, 'a-fifo');
    execFileSync('mkfifo', [fifo]);
    const folder = join(dir, 'a-folder');
    await mkdir(folder);
    const linkToFifo = join(dir, 'link-to-fifo.json');
    await symlink(fifo, linkToFifo);
    const linkToFolder = join(dir, 'link-to-folder.json');
    await symlink(folder, linkToFolder);
    const csv = join(dir, 'hosts.csv');
    await writeFile(csv, 'target,label\nshop.example.com:443,Shop\n');
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'remember to renew the certificates\n');
    const json = join(dir, 'package.json');
    await writeFile(json, '{"name": "not-certwatch", "version": "1.0.0"}\n');
    const list = join(dir, 'list.json');
    await writeFile(list, '["shop.example.com"]\n');
    const importable = join(dir, 'import.txt');
    await writeFile(importable, 'shop.example.com\n');

    const cases: Array<[string, RegExp]> = [
      [fifo, /is a named pipe \(FIFO\), not a store file; nothing was changed\./],
      ['/dev/null', /^certwatch: \/dev\/null is a device, not a store file; nothing was changed\./],
      [folder, /is a folder; name a file/],
      [linkToFifo, /is a symbolic link to a named pipe \(FIFO\), not a store file/],
      [linkToFolder, /is a symbolic link to a folder; name a file/],
      [csv, /is not a Certwatch store; nothing was changed\./],
      [text, /is not a Certwatch store; nothing was changed\./],
      [json, /is not a Certwatch store; nothing was changed\./],
      [list, /is not a Certwatch store; nothing was changed\./],
    ];
    const before = new Map<string, Awaited<ReturnType<typeof snapshot>>>();
    for (const [file] of cases) before.set(file, await snapshot(file));
    const devNull = await stat('/dev/null');

    for (const [file, message] of cases) {
      // Every command on the kinds that could hang or be replaced; the writing and the cron command on the rest.
      const commands = file === fifo || file === '/dev/null' ? COMMANDS : [COMMANDS[1]!, COMMANDS[5]!];
      for (const command of commands) {
        const args = command.map((a) => (a === '__import__' ? importable : a));
        const r = await runCli([...args, '--store', file], env);
        const what = `${args.join(' ')} --store ${file}`;
        expect(r.code, what).toBe(3);
        expect(r.stderr, what).toMatch(message);
        expect(r.stderr, what).toContain(file);
        expect(r.stderr.trimEnd().split('\n'), what).toHaveLength(1); // one sentence, no stack trace
        expect(r.stdout, what).toBe('');
      }
      expect(await snapshot(file), file).toEqual(before.get(file));
    }
    expect((await stat('/dev/null')).isCharacterDevice()).toBe(true);
    expect((await stat('/dev/null')).rdev).toBe(devNull.rdev);
    // Nothing was kept aside, so nothing was taken for a damaged store.
    expect((await readdir(dir)).filter((f) => /corrupt|\.lock/.test(f))).toEqual([]);
  });

  it('a damaged Certwatch store is still kept aside and salvaged', async () => {
    const store = join(dir, 'damaged.json');
    expect((await runCli(['add', '--store', store, 'shop.example.com', 'api.example.com'], env)).code).toBe(
      0,
    );
    const full = await readFile(store, 'utf8');
    const cut = full.slice(0, full.indexOf('api.example.com'));
    await writeFile(store, cut);
    const r = await runCli(['list', '--store', store], env);
    expect(r.code).toBe(0);
    const kept = /kept, unchanged, as (\S+);/.exec(r.stderr)?.[1];
    expect(await readFile(kept!, 'utf8')).toBe(cut);
    expect(r.stdout).toMatch(/shop\.example\.com:443/);
  });

  it('follows a link to a store file and keeps the link', async () => {
    const real = join(dir, 'real-store.json');
    expect((await runCli(['add', '--store', real, 'shop.example.com'], env)).code).toBe(0);
    const link = join(dir, 'linked-store.json');
    await symlink(real, link);
    expect((await runCli(['add', '--store', link, 'api.example.com'], env)).code).toBe(0);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    const saved = JSON.parse(await readFile(real, 'utf8'));
    expect(saved.entries.map((e: { target: string }) => e.target)).toEqual([
      'shop.example.com:443',
      'api.example.com:443',
    ]);
  });
});

describe('a missing store', () => {
  it('is refused by the commands that only read, and by remove, unless --create; add and import create it', async () => {
    const typo = join(dir, 'typo.json');
    for (const command of [['watch', '--once'], ['list'], ['export'], ['remove', 'x.example.com']]) {
      const r = await runCli([...command, '--store', typo], env);
      expect(r.code, command.join(' ')).toBe(3);
      expect(r.stderr).toBe(
        `certwatch: there is no watchlist at ${typo}; nothing was created. Check the path, add certificates with "certwatch add --store ${typo} example.com", or pass --create to start an empty one.\n`,
      );
      expect(existsSync(typo)).toBe(false);
    }
    // The default store too: a cron job on a machine where nobody ever added anything is not green.
    const r = await runCli(['watch', '--once'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/there is no watchlist at .*xdg\/Certwatch\/config\.json; nothing was created/);

    const created = await runCli(['watch', '--once', '--create', '--store', typo], env);
    expect(created.code).toBe(0);
    expect(JSON.parse(await readFile(typo, 'utf8'))).toMatchObject({ version: 2, entries: [] });
    const listed = await runCli(['list', '--create', '--store', join(dir, 'fresh.json')], env);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toMatch(/is empty/);
  });
});
