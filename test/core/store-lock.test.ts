// The store shared by several processes (here: several Store objects on one file, as the app, `watch` and
// `add` hold them): every change lands on the latest document under the lock, removals stay removed, a lock
// left by a dead process is recovered, and a lock that cannot be had fails with a sentence, saving nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, StoreError, type Store } from '../../main/core/watch/store/file-store';
import { loadDoc } from '../../main/core/watch/store/recover';
import { createWatcher } from '../../main/core/watch/watcher';
import { addEntries } from '../../main/core/watch/watchlist';
import type { Notifier } from '../../main/core/watch/notify';
import { closedPort, startHungServer, type Running } from '../fixtures/servers';

let ids = 0;
const deps = { now: () => Date.now(), newId: () => `id-${++ids}` };
const clock = { now: () => Date.now() };
const dirs: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwatch-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const open = (dir: string, waitMs?: number): Store =>
  openStore({ dir, clock, newId: deps.newId, lock: { staleMs: 2000, ...(waitMs ? { waitMs } : {}) } });
const add = (store: Store, ...targets: string[]) =>
  store.update((doc) => {
    doc.entries = addEntries(
      doc.entries,
      targets.map((target) => ({ target })),
      deps,
    ).entries;
  });
const targets = (store: Store) => store.get().entries.map((e) => e.target);
const onDisk = (dir: string) => {
  const loaded = loadDoc(fs.readFileSync(path.join(dir, 'config.json')), deps);
  if (!loaded.ok || loaded.recovered) throw new Error('the store file is not a clean store');
  return loaded.doc;
};

describe('changes from several processes', () => {
  it('applies each change to what the others saved meanwhile: additions kept, removals honoured', () => {
    const dir = tmp();
    const app = open(dir);
    const cli = open(dir);
    add(app, 'a.example.com', 'gone.example.com');
    const stale = app.get(); // the app's copy, about to be outdated
    // Another process removes one entry and adds another...
    const gone = cli.get().entries.find((e) => e.target === 'gone.example.com:443')!;
    cli.update((doc) => {
      doc.entries = doc.entries.filter((e) => e.id !== gone.id);
    });
    add(cli, 'b.example.com');
    expect(stale.entries).toHaveLength(2);
    // ...and the app, without having looked again, adds its own.
    add(app, 'c.example.com');
    expect(onDisk(dir).entries.map((e) => e.target)).toEqual([
      'a.example.com:443',
      'b.example.com:443',
      'c.example.com:443',
    ]);
    expect(targets(cli)).toEqual(targets(app));
  });

  describe('a watcher saving a result for an entry removed while it was being checked', () => {
    let hung: Running;
    beforeAll(async () => {
      hung = await startHungServer();
    });
    afterAll(() => hung.close());

    it('does not bring the entry back, and keeps what the other process added', async () => {
      const dir = tmp();
      const app = open(dir);
      const wedged = `127.0.0.1:${hung.port}`;
      add(app, wedged);
      app.update((doc) => void (doc.settings = { ...doc.settings, timeoutSeconds: 1 }));
      const silent: Notifier = { notify: async () => ({ delivered: false, error: 'test' }) };
      const watcher = createWatcher({ store: app, notifier: silent, saveEveryMs: 0 });
      const id = app.get().entries[0]!.id;
      const checking = () => watcher.state().checking.includes(id);
      watcher.start(); // a new entry is due at once
      // Wait until the check is under way (the hung server holds it until the 1 s timeout).
      while (!checking()) await new Promise((r) => setTimeout(r, 5));

      const cli = open(dir);
      cli.update((doc) => {
        doc.entries = doc.entries.filter((e) => e.id !== id);
      });
      add(cli, 'new.example.com');

      while (checking()) await new Promise((r) => setTimeout(r, 20));
      await watcher.stop();
      const saved = onDisk(dir);
      expect(saved.entries.map((e) => e.target)).toEqual(['new.example.com:443']);
      expect(saved.state[id]).toBeUndefined();
      expect(watcher.state().entries.map((e) => e.target)).toEqual(['new.example.com:443']);
    });
  });
});

describe('a watcher whose results cannot be saved', () => {
  it('says so in the window, keeps the results, and saves them once the store is free again', async () => {
    const dir = tmp();
    const store = open(dir, 50);
    const refused = `127.0.0.1:${await closedPort()}`;
    add(store, refused);
    const silent: Notifier = { notify: async () => ({ delivered: false, error: 'test' }) };
    const watcher = createWatcher({ store, notifier: silent, saveEveryMs: 20 });
    const id = store.get().entries[0]!.id;
    const lockDir = `${store.path}.lock`;
    fs.mkdirSync(lockDir); // another process holds the lock
    try {
      watcher.start(); // the new entry is due at once
      const banner = () =>
        watcher.state().messages.find((m) => m.startsWith('Check results could not be saved'));
      while (!banner()) await new Promise((r) => setTimeout(r, 10));
      expect(banner()).toBe(
        `Check results could not be saved: another Certwatch process kept the store ${store.path} locked for more than 50 ms. Try again.`,
      );
      expect(onDisk(dir).state[id]).toBeUndefined();
      fs.rmdirSync(lockDir);
      while (banner()) await new Promise((r) => setTimeout(r, 10));
      expect(onDisk(dir).state[id]?.lastResult?.status).toBe('error');
    } finally {
      if (fs.existsSync(lockDir)) fs.rmdirSync(lockDir);
      await watcher.stop();
    }
  });
});

describe('the lock', () => {
  it('takes over a lock left by a process that died, and removes it when done', () => {
    const dir = tmp();
    const store = open(dir);
    const lockDir = `${store.path}.lock`;
    fs.mkdirSync(lockDir);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockDir, old, old);
    add(store, 'a.example.com');
    expect(onDisk(dir).entries).toHaveLength(1);
    expect(fs.existsSync(lockDir)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual(['config.json']);
  });

  it('gives up on a lock another process keeps, saying nothing was saved and changing nothing', () => {
    const dir = tmp();
    const store = open(dir, 50);
    add(store, 'a.example.com');
    const before = fs.readFileSync(store.path);
    fs.mkdirSync(`${store.path}.lock`); // held, and fresh
    let error: unknown;
    try {
      add(store, 'b.example.com');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('LOCKED');
    expect((error as Error).message).toBe(
      `Nothing was saved: another Certwatch process kept the store ${store.path} locked for more than 50 ms. Try again.`,
    );
    expect(fs.readFileSync(store.path)).toEqual(before);
    expect(targets(store)).toEqual(['a.example.com:443']);
    fs.rmdirSync(`${store.path}.lock`);
    add(store, 'b.example.com');
    expect(targets(store)).toEqual(['a.example.com:443', 'b.example.com:443']);
  });

  it('never opens a pipe or a device as a store, and leaves it as it is', () => {
    const dir = tmp();
    const fifo = path.join(dir, 'config.json');
    execFileSync('mkfifo', [fifo]);
    let error: unknown;
    try {
      open(dir);
    } catch (e) {
      error = e;
    }
    expect((error as StoreError).code).toBe('NOT_A_FILE');
    expect((error as Error).message).toMatch(/config\.json is not a regular file/);
    expect(fs.statSync(fifo).isFIFO()).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['config.json']);
  });
});
