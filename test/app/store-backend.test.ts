// The app's store through electron-store's own code (on the fake Electron): the same file the CLI reads, and a
// damaged file kept aside by the core's quarantine rather than wiped by electron-store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { electronStoreBackend, type ElectronStoreClass } from '../../main/app/store-backend';
import { confBackend, openStore } from '../../main/core/watch/store/file-store';

const clock = { now: () => Date.parse('2026-11-24T10:00:00.000Z') };
let ElectronStore: ElectronStoreClass;
let dir: string;
const copy = path.resolve('test-output', 'electron-store.mjs');

beforeAll(async () => {
  // Outside node_modules vitest transforms the module, so its `import electron from 'electron'` gets the fake.
  mkdirSync(path.dirname(copy), { recursive: true });
  copyFileSync(path.resolve('node_modules/electron-store/index.js'), copy);
  ElectronStore = (await import(/* @vite-ignore */ copy)).default as ElectronStoreClass;
  dir = mkdtempSync(path.join(os.tmpdir(), 'certwatch-estore-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(copy, { force: true });
});

describe('electron-store backend', () => {
  it('writes the document where the CLI reads it', () => {
    const app = openStore({ dir, clock, backend: electronStoreBackend(ElectronStore) });
    app.update((doc) => void (doc.settings = { ...doc.settings, intervalMinutes: 90 }));
    expect(app.path).toBe(path.join(dir, 'config.json'));
    const cli = openStore({ dir, clock, backend: confBackend });
    expect(cli.get().settings.intervalMinutes).toBe(90);
    expect(JSON.parse(readFileSync(app.path, 'utf8'))).toMatchObject({
      version: 2,
      settings: { intervalMinutes: 90 },
    });
  });

  it('leaves a damaged file to the core, which keeps it aside unchanged and starts over', () => {
    const damaged = path.join(dir, 'damaged');
    mkdirSync(damaged);
    writeFileSync(path.join(damaged, 'config.json'), '{"version":1,"entries":[{"id":');
    const store = openStore({ dir: damaged, clock, backend: electronStoreBackend(ElectronStore) });
    const aside = readdirSync(damaged).filter((f) => f.startsWith('config.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(damaged, aside[0]!), 'utf8')).toBe('{"version":1,"entries":[{"id":');
    expect(store.startupMessages.join(' ')).toContain(aside[0]);
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toMatchObject({ version: 2, entries: [] });
  });
});
