import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import Conf from 'conf';
import { DEFAULT_SETTINGS, emptyDoc, type StoreDoc, type WatchEntry } from '../../main/shared/model';
import {
  confLikeBackend,
  openStore,
  STORE_FILE_OPTIONS,
  StoreError,
  type Store,
} from '../../main/core/watch/store/file-store';
import { recordCheck } from '../../main/core/watch/store/history';
import { defaultStoreDir } from '../../main/core/watch/store/paths';
import { loadDoc } from '../../main/core/watch/store/recover';
import { decodeDoc } from '../../main/core/watch/store/compact';
import type { ProbeResult } from '../../main/shared/types';
import { addEntries } from '../../main/core/watch/watchlist';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const clock = { now: () => T0 };
const STAMP = '2025-03-01T120000.000Z';
let ids = 0;
const deps = { now: () => T0, newId: () => `id-${++ids}` };

const dirs: string[] = [];
async function tmp(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'certwatch-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

function result(status: ProbeResult['status'], at: string, fp: string | null = 'AA:BB'): ProbeResult {
  return {
    target: 'example.com:443',
    host: 'example.com',
    port: 443,
    status,
    daysLeft: status === 'error' ? null : 40,
    notAfter: status === 'error' ? null : '2025-04-10T00:00:00.000Z',
    chainEarliestNotAfter: null,
    problems: status === 'error' ? [{ code: 'REFUSED', message: 'The server refused the connection.' }] : [],
    notes: [],
    endpoints: [],
    chain: fp
      ? [
          {
            role: 'leaf',
            subject: 'CN=example.com',
            issuer: 'CN=Test CA',
            sans: ['DNS:example.com'],
            serialNumber: '01',
            notBefore: '2025-01-01T00:00:00.000Z',
            notAfter: '2025-04-10T00:00:00.000Z',
            fingerprint256: fp,
            keyType: 'EC',
            keySize: 256,
            signatureAlgorithm: 'ecdsa-with-SHA256',
            isCA: false,
            selfSigned: false,
            fromTrustStore: false,
            ocspUrls: [],
            crlUrls: [],
            pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
          },
        ]
      : [],
    tls: null,
    checkedAt: at,
    durationMs: 12,
  };
}

/** A realistic document: a few entries, custom settings, history and an alert already sent. */
function sampleDoc(targets = ['a.example.com', 'b.example.com', 'c.example.com']): StoreDoc {
  const doc = emptyDoc();
  doc.entries = addEntries(
    [],
    targets.map((t, i) => ({ target: t, label: `Site ${i + 1}`, notes: 'Braces { } and "quotes" in notes' })),
    deps,
  ).entries;
  doc.settings = { ...doc.settings, intervalMinutes: 60, alertDays: [21, 7] };
  for (const e of doc.entries) {
    doc.state[e.id] = recordCheck(undefined, result('ok', '2025-03-01T11:00:00.000Z'), 200);
  }
  doc.ledger = [
    {
      key: `${doc.entries[0]!.id}|AA:BB|days:30`,
      entryId: doc.entries[0]!.id,
      fingerprint256: 'AA:BB',
      reason: 'days:30',
      firedAt: '2025-03-01T11:00:00.000Z',
    },
  ];
  return doc;
}

async function writeStore(dir: string, doc: unknown): Promise<string> {
  const file = path.join(dir, 'config.json');
  await fs.writeFile(file, typeof doc === 'string' ? doc : JSON.stringify(doc, null, '\t'));
  return file;
}

function open(dir: string, onMessage?: (m: string) => void): Store {
  return openStore({ dir, clock, newId: deps.newId, ...(onMessage ? { onMessage } : {}) });
}

describe('opening and saving', () => {
  it('creates the file on first use and reads back exactly what was saved', async () => {
    const dir = await tmp();
    const store = open(dir);
    expect(store.path).toBe(path.join(dir, 'config.json'));
    expect(store.startupMessages).toEqual([]);
    expect(decodeDoc(JSON.parse(await fs.readFile(store.path, 'utf8')))).toEqual(emptyDoc());

    const sample = sampleDoc();
    store.update(() => sample);
    const reopened = open(dir);
    expect(reopened.get()).toEqual(sample);
    expect(reopened.startupMessages).toEqual([]);
    // The file is the document itself in format 2 (certificates in a table; no wrapper, no conf bookkeeping),
    // plain JSON a plain conf reads, as electron-store does.
    expect(decodeDoc(JSON.parse(await fs.readFile(store.path, 'utf8')))).toEqual(sample);
    expect(decodeDoc(new Conf({ cwd: dir, configName: 'config' }).store)).toEqual(sample);
    expect(await fs.readdir(dir)).toEqual(['config.json']);
  });

  it('lets a change replace entries and state but not edit a saved entry in place', async () => {
    const store = open(await tmp());
    store.update(() => sampleDoc());
    const before = await fs.readFile(store.path);
    expect(() =>
      store.update((doc) => {
        doc.entries[0]!.label = 'sneaky';
      }),
    ).toThrow(TypeError);
    expect(store.get().entries[0]!.label).toBe('Site 1');
    expect(await fs.readFile(store.path)).toEqual(before);

    store.update((doc) => {
      doc.entries = doc.entries.slice(1);
      delete doc.state[store.get().entries[0]!.id];
    });
    expect(
      open(path.dirname(store.path))
        .get()
        .entries.map((e) => e.label),
    ).toEqual(['Site 2', 'Site 3']);
  });

  it('refuses to save an invalid document and keeps the file and memory as they were', async () => {
    const store = open(await tmp());
    store.update(() => sampleDoc());
    const before = await fs.readFile(store.path);
    const bad = { ...store.get().entries[0]!, id: 'new', host: 'x.example.com', port: 0 } as WatchEntry;
    let error: unknown;
    try {
      store.update((doc) => void doc.entries.push(bad));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('INVALID');
    expect((error as Error).message).toBe(
      'Nothing was saved: entries.3.port: port 0 is only for certificate files.',
    );
    expect(store.get().entries).toHaveLength(3);
    expect(await fs.readFile(store.path)).toEqual(before);
  });

  it('sees changes another process made (the CLI adding while the app runs) and does not undo them', async () => {
    const dir = await tmp();
    const app = open(dir);
    const cli = open(dir);
    cli.update((doc) => {
      doc.entries = addEntries(doc.entries, [{ target: 'cli.example.com' }], deps).entries;
    });
    expect(app.get().entries.map((e) => e.target)).toEqual(['cli.example.com:443']);
    app.update((doc) => {
      doc.settings.intervalMinutes = 30;
    });
    const third = open(dir).get();
    expect(third.entries).toHaveLength(1);
    expect(third.settings.intervalMinutes).toBe(30);
  });
  it('writes through any conf-like backend, as the app will with electron-store', async () => {
    const dir = await tmp();
    const made: string[] = [];
    const store = openStore({
      dir,
      fileName: 'watch.json',
      clock,
      backend: (file) => {
        made.push(file.path);
        return confLikeBackend(new Conf({ ...STORE_FILE_OPTIONS, cwd: file.dir, configName: 'watch' }));
      },
    });
    const sample = sampleDoc();
    store.update(() => sample);
    expect(made).toEqual([path.join(dir, 'watch.json')]);
    expect(decodeDoc(JSON.parse(await fs.readFile(path.join(dir, 'watch.json'), 'utf8')))).toEqual(sample);
    expect(() =>
      openStore({ dir, clock, backend: () => confLikeBackend(new Conf({ cwd: dir, configName: 'other' })) }),
    ).toThrow(/writes .*other\.json, not .*config\.json/);
  });
});

describe('atomic writes', () => {
  it('never leaves a partly written file, even when the writer is killed mid-write', async () => {
    const dir = await tmp();
    const entry = path.join(dir, 'writer.ts');
    const fileStore = path.resolve('main/core/watch/store/file-store.ts');
    await fs.writeFile(
      entry,
      `import { openStore } from ${JSON.stringify(fileStore)};
const store = openStore({ dir: process.argv[2]!, clock: { now: () => Date.now() } });
const notes = 'x'.repeat(2000);
for (let i = 0; i < 400; i++) {
  store.update((doc) => {
    for (let k = 0; k < 200; k++) {
      const host = 'h' + i + '-' + k + '.example.com';
      doc.entries.push({ id: host, target: host + ':443', host, port: 443, tags: [], notes, enabled: true,
        createdAt: '2025-03-01T12:00:00.000Z', updatedAt: '2025-03-01T12:00:00.000Z' });
    }
  });
  process.stdout.write(i + '\\n');
}
`,
    );
    const bundle = path.join(dir, 'writer.mjs');
    await build({
      entryPoints: [entry],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'esm',
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      logLevel: 'silent',
    });

    for (const delayMs of [0, 2, 5, 9, 14, 20, 27]) {
      const storeDir = path.join(dir, `run-${delayMs}`);
      const child = spawn(process.execPath, [bundle, storeDir], { stdio: ['ignore', 'pipe', 'inherit'] });
      let written = -1;
      let killing = false;
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          written = Number(chunk.toString().trim().split('\n').pop());
          if (written >= 6 && !killing) {
            killing = true;
            setTimeout(() => child.kill('SIGKILL'), delayMs);
          }
        });
        child.on('exit', () => resolve());
      });
      const raw = await fs.readFile(path.join(storeDir, 'config.json'));
      const loaded = loadDoc(raw, deps);
      expect(loaded.ok && loaded.recovered).toBe(false);
      const count = loaded.ok ? loaded.doc.entries.length : -1;
      expect(count % 200).toBe(0);
      expect(count).toBeGreaterThanOrEqual((written + 1) * 200);
    }
  });
});

describe('damaged files', () => {
  async function expectKeptAside(dir: string, original: Buffer | string) {
    const aside = path.join(dir, `config.corrupt-${STAMP}.json`);
    expect(await fs.readFile(aside)).toEqual(Buffer.from(original));
    return aside;
  }

  it('salvages every complete entry from a file cut short, keeping the damaged file byte for byte', async () => {
    const dir = await tmp();
    const full = JSON.stringify(sampleDoc(), null, '\t');
    // Cut inside the second entry's object: the first entry is whole, the others are not.
    const cut = full.slice(0, full.indexOf('b.example.com:443') + 5);
    await writeStore(dir, cut);
    const store = open(dir);
    expect(store.get().entries.map((e) => e.target)).toEqual(['a.example.com:443']);
    expect(store.get().settings).toEqual(DEFAULT_SETTINGS);
    expect(store.quarantinedPath).toBe(await expectKeptAside(dir, cut));
    expect(store.startupMessages[0]).toBe(
      `Certwatch's store file was damaged. The damaged file was kept, unchanged, as ${store.quarantinedPath}; everything that could be read from it is back in place.`,
    );
    expect(store.startupMessages).toContain('1 watchlist entry was recovered from it.');
    expect(store.startupMessages.join(' ')).toMatch(/not valid JSON/);
    expect(store.startupMessages).toContain('The settings could not be recovered; the defaults apply.');
    // The repaired file opens cleanly next time.
    expect(open(dir).startupMessages).toEqual([]);
  });

  it('keeps entries, settings and alert records when the cut falls in the check history', async () => {
    const dir = await tmp();
    const doc = sampleDoc();
    open(dir).update(() => doc);
    const full = await fs.readFile(path.join(dir, 'config.json'), 'utf8');
    const cut = full.slice(0, full.lastIndexOf('"history"'));
    await writeStore(dir, cut);
    const store = open(dir);
    const got = store.get();
    expect(got.entries).toEqual(doc.entries);
    expect(got.settings).toEqual(doc.settings);
    expect(got.ledger).toEqual(doc.ledger);
    expect(Object.keys(got.state)).toEqual(doc.entries.slice(0, 2).map((e) => e.id));
    expect(store.startupMessages).toContain(
      'The check history of 1 entry was lost; it starts again with the next check.',
    );
  });

  it('drops only the entries and settings that fail the schema, naming each', async () => {
    const dir = await tmp();
    const doc = sampleDoc([
      'a.example.com',
      'b.example.com',
      'c.example.com',
      'd.example.com',
    ]) as unknown as {
      entries: Record<string, unknown>[];
      settings: Record<string, unknown>;
      state: Record<string, unknown>;
    };
    doc.entries[1]!.port = 'https';
    delete doc.entries[2]!.id;
    doc.entries.push({ ...doc.entries[0]! });
    doc.settings.concurrency = -4;
    doc.state[doc.entries[3]!.id as string] = { history: 'lost' };
    const text = JSON.stringify(doc);
    await writeStore(dir, text);
    const store = open(dir);
    const got = store.get();
    expect(got.entries.map((e) => e.target)).toEqual(['a.example.com:443', 'd.example.com:443']);
    expect(got.settings.concurrency).toBe(DEFAULT_SETTINGS.concurrency);
    expect(got.settings.intervalMinutes).toBe(60);
    expect(got.state[got.entries[0]!.id]).toBeDefined();
    expect(got.state[got.entries[1]!.id]).toBeUndefined();
    await expectKeptAside(dir, text);
    expect(store.startupMessages.slice(1)).toEqual([
      'Watchlist entry 2 ("b.example.com:443") could not be read and was left out: port: Invalid input: expected number, received string.',
      'Watchlist entry 3 ("c.example.com:443") could not be read and was left out: id: Invalid input: expected string, received undefined.',
      'Watchlist entry 5 ("a.example.com:443") was listed twice; the copy was left out.',
      'The setting "concurrency" was not valid (Too small: expected number to be >=1); it is back to its default.',
      'The check history of "d.example.com:443" could not be read; it starts again with the next check.',
    ]);
  });

  it('starts empty from binary junk, says so, and keeps the junk', async () => {
    const dir = await tmp();
    const junk = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x9c]), randomBytes(4096)]);
    await writeStore(dir, '');
    await fs.writeFile(path.join(dir, 'config.json'), junk);
    const store = open(dir);
    expect(store.get()).toEqual(emptyDoc());
    await expectKeptAside(dir, junk);
    expect(store.startupMessages).toContain('The store file holds binary data, not text.');
    expect(store.startupMessages).toContain('No watchlist entries could be recovered from it.');
  });

  it('recovers the entries before a block of zeros (a write the disk lost)', async () => {
    const dir = await tmp();
    const full = Buffer.from(JSON.stringify(sampleDoc(), null, '\t'));
    const cutAt = full.indexOf('"settings"');
    const damaged = Buffer.concat([full.subarray(0, cutAt), Buffer.alloc(full.length - cutAt)]);
    await fs.writeFile(path.join(dir, 'config.json'), damaged);
    const store = open(dir);
    expect(store.get().entries).toHaveLength(3);
    await expectKeptAside(dir, damaged);
  });

  it('treats valid JSON that is not a store as damaged, and an empty file too', async () => {
    for (const text of ['[1, 2, 3]', '{"hello": "world"}', '', '   \n']) {
      const dir = await tmp();
      await writeStore(dir, text);
      const store = open(dir);
      expect(store.get()).toEqual(emptyDoc());
      expect(store.quarantinedPath).toBeDefined();
      await expectKeptAside(dir, text);
    }
  });

  it('moves aside a store it cannot read at all', async () => {
    const dir = await tmp();
    await fs.mkdir(path.join(dir, 'config.json'));
    await fs.writeFile(path.join(dir, 'config.json', 'inside.txt'), 'kept');
    const store = open(dir);
    expect(store.get()).toEqual(emptyDoc());
    expect(await fs.readFile(path.join(dir, `config.corrupt-${STAMP}.json`, 'inside.txt'), 'utf8')).toBe(
      'kept',
    );
    expect(store.startupMessages[0]).toMatch(/could not read its store file \(EISDIR\); it was moved aside/);
  });

  it('never overwrites an earlier damaged copy', async () => {
    const dir = await tmp();
    await writeStore(dir, '{"version": 1, "entries": [');
    open(dir);
    await writeStore(dir, 'second damage');
    const second = open(dir);
    expect(second.quarantinedPath).toBe(path.join(dir, `config.corrupt-${STAMP}-2.json`));
    expect(await fs.readFile(path.join(dir, `config.corrupt-${STAMP}.json`), 'utf8')).toBe(
      '{"version": 1, "entries": [',
    );
    expect(await fs.readFile(second.quarantinedPath!, 'utf8')).toBe('second damage');
  });

  it('keeps aside a file another program broke while running, and puts the last good watchlist back', async () => {
    const dir = await tmp();
    const messages: string[] = [];
    const store = open(dir, (m) => messages.push(m));
    store.update(() => sampleDoc());
    await fs.writeFile(store.path, '{"version": 1, "entries": [ oops');
    expect(store.get().entries).toHaveLength(3);
    expect(messages[0]).toMatch(/Another program left Certwatch's store file damaged/);
    expect(await fs.readFile(store.quarantinedPath!, 'utf8')).toBe('{"version": 1, "entries": [ oops');
    expect(open(dir).get().entries).toHaveLength(3);
  });
});

describe('versions', () => {
  it('refuses a store from a newer Certwatch and leaves it untouched', async () => {
    for (const text of [
      JSON.stringify({ version: 3, entries: [], fancy: true }),
      '{\n\t"version": 7,\n\t"entries": [\n\t\t{"id": "x"',
    ]) {
      const dir = await tmp();
      const file = await writeStore(dir, text);
      const before = await fs.stat(file);
      let error: unknown;
      try {
        open(dir);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('TOO_NEW');
      expect((error as Error).message).toMatch(
        /^The store was written by a newer Certwatch \(format \d; this version reads up to 2\)\. Update Certwatch to use it; the file was left untouched\./,
      );
      expect(await fs.readFile(file, 'utf8')).toBe(text);
      expect((await fs.stat(file)).mtimeMs).toBe(before.mtimeMs);
      expect(await fs.readdir(dir)).toEqual(['config.json']);
    }
  });

  it('stops saving, rather than overwrite, when a newer Certwatch replaces the file while running', async () => {
    const dir = await tmp();
    const messages: string[] = [];
    const store = open(dir, (m) => messages.push(m));
    const newer = JSON.stringify({ version: 3, entries: [] });
    await fs.writeFile(store.path, newer);
    expect(() => store.update((d) => void (d.settings.intervalMinutes = 30))).toThrow(/newer Certwatch/);
    expect(await fs.readFile(store.path, 'utf8')).toBe(newer);
    expect(messages[0]).toMatch(/Changes are not saved until Certwatch is updated/);
  });

  it('upgrades a format 0 store (a list of hosts) and keeps the old file', async () => {
    const dir = await tmp();
    const v0 = JSON.stringify({
      hosts: ['Example.com', 'mail.example.com:465', 'not a host', 'example.com:443'],
      warningDays: 21,
      criticalDays: 5,
    });
    await writeStore(dir, v0);
    const store = open(dir);
    const doc = store.get();
    expect(doc.version).toBe(2);
    expect(doc.entries.map((e) => e.target)).toEqual(['example.com:443', 'mail.example.com:465']);
    expect(doc.entries[0]).toMatchObject({ enabled: true, tags: [], createdAt: '2025-03-01T12:00:00.000Z' });
    expect(doc.settings.thresholds).toEqual({ warningDays: 21, criticalDays: 5 });
    expect(await fs.readFile(path.join(dir, `config.v0-${STAMP}.json`), 'utf8')).toBe(v0);
    expect(store.quarantinedPath).toBeUndefined();
    expect(store.startupMessages).toEqual([
      `The store file was upgraded from format 0 to 2; the old file was kept as ${path.join(dir, `config.v0-${STAMP}.json`)}.`,
      'The old watchlist\'s host 3 could not be carried over. Invalid target "not a host": it contains spaces.',
    ]);
    expect(open(dir).get()).toEqual(doc);
  });
});

describe('recordCheck', () => {
  it('keeps the newest runs up to the limit and counts failures in a row', () => {
    // Alternating results: every check starts a new run.
    let state = recordCheck(undefined, result('ok', '2025-03-01T00:00:00.000Z'), 3);
    for (let i = 2; i <= 5; i++)
      state = recordCheck(
        state,
        result(i % 2 ? 'ok' : 'error', `2025-03-0${i}T00:00:00.000Z`, i % 2 ? 'AA:BB' : null),
        3,
      );
    expect(state.consecutiveFailures).toBe(0);
    expect(state.history.map((h) => [h.at, h.status])).toEqual([
      ['2025-03-03T00:00:00.000Z', 'ok'],
      ['2025-03-04T00:00:00.000Z', 'error'],
      ['2025-03-05T00:00:00.000Z', 'ok'],
    ]);
    const failing = recordCheck(state, result('error', '2025-03-06T00:00:00.000Z', null), 3);
    expect(failing.consecutiveFailures).toBe(1);
    expect(failing.history.at(-1)).toEqual({
      at: '2025-03-06T00:00:00.000Z',
      status: 'error',
      daysLeft: null,
      notAfter: null,
      fingerprint256: null,
      problems: ['REFUSED'],
      durationMs: 12,
    });
    expect(state.history).toHaveLength(3); // the old state is left as it was
  });

  it('folds checks that saw the same thing into one run, and starts a new run on any change', () => {
    let state = recordCheck(undefined, result('ok', '2025-03-01T00:00:00.000Z'), 5);
    for (let d = 2; d <= 9; d++) state = recordCheck(state, result('ok', `2025-03-0${d}T00:00:00.000Z`), 5);
    expect(state.history).toEqual([
      expect.objectContaining({
        at: '2025-03-01T00:00:00.000Z',
        lastAt: '2025-03-09T00:00:00.000Z',
        checks: 9,
        status: 'ok',
      }),
    ]);
    // A renewal (new fingerprint) and an outage each start a run; failures in a row still count one by one.
    state = recordCheck(state, result('ok', '2025-03-10T00:00:00.000Z', 'CC:DD'), 5);
    state = recordCheck(state, result('error', '2025-03-11T00:00:00.000Z', null), 5);
    state = recordCheck(state, result('error', '2025-03-12T00:00:00.000Z', null), 5);
    expect(state.consecutiveFailures).toBe(2);
    expect(state.history.map((h) => [h.fingerprint256, h.status, h.checks ?? 1])).toEqual([
      ['AA:BB', 'ok', 9],
      ['CC:DD', 'ok', 1],
      [null, 'error', 2],
    ]);
  });
});

describe('defaultStoreDir', () => {
  it('is the folder Electron gives the app as userData', () => {
    expect(defaultStoreDir('linux', {}, '/home/kim')).toBe('/home/kim/.config/Certwatch');
    expect(defaultStoreDir('linux', { XDG_CONFIG_HOME: '/data/cfg' }, '/home/kim')).toBe(
      '/data/cfg/Certwatch',
    );
    expect(defaultStoreDir('darwin', {}, '/Users/kim')).toBe(
      '/Users/kim/Library/Application Support/Certwatch',
    );
    expect(defaultStoreDir('win32', { APPDATA: 'C:\\Users\\kim\\AppData\\Roaming' }, 'C:\\Users\\kim')).toBe(
      'C:\\Users\\kim\\AppData\\Roaming\\Certwatch',
    );
    expect(defaultStoreDir('win32', {}, 'C:\\Users\\kim')).toBe(
      'C:\\Users\\kim\\AppData\\Roaming\\Certwatch',
    );
  });
});
