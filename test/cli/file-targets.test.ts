// Certificate files through the built CLI: FIFOs, devices, folders and oversized files are refused with a sentence
// within the timeout, and a real certificate file is a first-class watchlist entry (add, import, list, watch,
// export and import again). Typo targets are refused before anything is resolved.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePki } from '../fixtures/pki';
import { runCli } from '../fixtures/cli';

vi.setConfig({ testTimeout: 120_000 });

let dir: string;
let env: NodeJS.ProcessEnv;
let certPem: string;
let otherPem: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certwatch-file-targets-'));
  env = { XDG_CONFIG_HOME: join(dir, 'xdg'), DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-bus')}` };
  const pki = await makePki('File Target Test');
  certPem = join(dir, 'site.pem');
  otherPem = join(dir, 'other.pem');
  await writeFile(certPem, (await pki.leaf({ cn: 'site.file.test', toDays: 200 })).pem);
  await writeFile(otherPem, (await pki.leaf({ cn: 'other.file.test', toDays: 20.5, fromDays: -70 })).pem);
  execFileSync('mkfifo', [join(dir, 'cert.fifo')]);
  await mkdir(join(dir, 'certs'));
  await writeFile(join(dir, 'huge.pem'), Buffer.alloc(2 * 1024 * 1024, 0x41));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('targets that are not certificate files', () => {
  it.each([
    ['a FIFO', 'cert.fifo', 'is a named pipe (FIFO), not a certificate file'],
    ['a device', '/dev/zero', 'is a device, not a certificate file'],
    ['a folder', 'certs', 'is a folder, not a certificate file'],
    ['an oversized file', 'huge.pem', 'is 2.0 MiB, too large to be a certificate file (the limit is 1 MiB)'],
  ])('%s gets one sentence and exit 3 within the timeout', async (_what, name, sentence) => {
    const path = name.startsWith('/') ? name : join(dir, name);
    // A hang would be killed by this guard and show up as a signal, not as exit code 3.
    const r = await runCli(['check', '--timeout', '5', path], env);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain(`${path} ${sentence}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('lists and imports named on the command line are read as files too', () => {
  it.each([
    ['check --file', (p: string) => ['check', '--file', p]],
    ['import', (p: string) => ['import', '--store', join(dir, 'never.json'), p]],
  ])('%s refuses a FIFO and a device with a sentence', async (_what, args) => {
    for (const [path, kind] of [
      [join(dir, 'cert.fifo'), 'a named pipe (FIFO)'],
      ['/dev/zero', 'a device'],
    ] as const) {
      const r = await runCli(args(path), env);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`${path} is ${kind}, not a text file`);
    }
  });
});

describe('certificate files are watchlist entries like endpoints', () => {
  it('add, list, watch --once, export and import round-trip a file entry', async () => {
    const store = join(dir, 'store.json');
    const added = await runCli(['add', '--store', store, '--label', 'Site file', certPem], env);
    expect(added.stdout + added.stderr).toContain(`added      ${certPem}`);
    expect(added.code).toBe(0);

    // An import file mixing an endpoint and a certificate-file line: both are added, none fails the batch.
    const list = join(dir, 'import.txt');
    await writeFile(list, `127.0.0.1:1\n${otherPem}\n`);
    const imported = await runCli(['import', '--store', store, list], env);
    expect(imported.stdout).toContain(`added      ${otherPem}`);
    expect(imported.stdout).toContain('added      127.0.0.1:1');
    expect(imported.code).toBe(0);
    expect(imported.stderr).not.toMatch(/\n\s+at /);

    const watched = await runCli(['watch', '--once', '--store', store], env);
    // The watch log words expiry as every surface does ("ok, expires in 199 days").
    expect(watched.stdout).toMatch(new RegExp(`Z ${certPem} ok, expires in 199 days`));
    expect(watched.stdout).toMatch(new RegExp(`Z ${otherPem} warning, expires in 20 days`));

    const shown = await runCli(['list', '--store', store], env);
    expect(shown.stdout).toMatch(new RegExp(`OK\\s+${certPem}\\s+199`));

    for (const format of ['json', 'csv'] as const) {
      const file = join(dir, `export.${format}`);
      const out = await runCli(['export', '--store', store, '--format', format, '--output', file], env);
      expect(out.code, out.stderr).toBe(0);
      const copy = join(dir, `copy-${format}.json`);
      const back = await runCli(['import', '--store', copy, file], env);
      expect(back.code, back.stdout + back.stderr).toBe(0);
      const entries = (
        JSON.parse(await readFile(copy, 'utf8')) as { entries: Array<Record<string, unknown>> }
      ).entries;
      expect(entries.map((e) => [e.target, e.port])).toEqual([
        [certPem, 0],
        ['127.0.0.1:1', 1],
        [otherPem, 0],
      ]);
      expect(entries[0]!.label).toBe('Site file');
    }
  });
});

describe('typo targets are refused before anything is resolved', () => {
  it.each([
    ['ftp//broken', 'did you mean "ftp://broken"?'],
    ['https//shop.example.com', 'did you mean "https://shop.example.com"?'],
    ['ftp', 'is a URL scheme, not a host name'],
    ['0x7f.1', 'write all four parts in decimal'],
    ['2130706433', 'write all four parts in decimal'],
    ['intranet', '--allow-single-label'],
  ])('check %s', async (input, hint) => {
    const r = await runCli(['check', input], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(hint);
  });

  it('a single-label name is added only with --allow-single-label', async () => {
    const store = join(dir, 'single.json');
    const refused = await runCli(['add', '--store', store, 'intranet:8443'], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('single-label name');
    const accepted = await runCli(['add', '--store', store, '--allow-single-label', 'intranet:8443'], env);
    expect(accepted.code, accepted.stdout).toBe(0);
    expect(accepted.stdout).toContain('added      intranet:8443');
    // Stored names were confirmed: listing and removing them needs no flag.
    expect((await runCli(['list', '--store', store], env)).stdout).toContain('intranet:8443');
    expect((await runCli(['remove', '--store', store, 'intranet:8443'], env)).code).toBe(0);
  });
});
