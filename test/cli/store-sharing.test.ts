// One store file shared by many `certwatch` processes at once (the built command), as the tray app, `watch`
// and `add` share it: nothing added is lost, nothing removed comes back, a lock holder killed mid-write does not
// block the others beyond the stale timeout, and a write that could not be made is never reported as done.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { loadDoc } from '../../main/core/watch/store/recover';
import type { StoreDoc } from '../../main/shared/model';
import { makePki } from '../fixtures/pki';
import { startTlsServer, type Running } from '../fixtures/servers';
import { runCli, startCli, type CliRun } from '../fixtures/cli';

vi.setConfig({ testTimeout: 400_000 });

const NAME = 'store-sharing.test';
let dir: string;
let env: NodeJS.ProcessEnv;
let ca: string;
let good: string;
let server: Running;
let holder: string;
let n = 0;
const newStore = () => join(dir, `store-${++n}.json`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certwatch-sharing-'));
  // Locks left by a killed process count as stale after 5 s (not 10), and waiting for the lock may take long
  // on a machine as busy as CI: 31 processes start at once.
  env = {
    XDG_CONFIG_HOME: join(dir, 'xdg'),
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-bus')}`,
    CERTWATCH_LOCK_STALE_MS: '5000',
    CERTWATCH_LOCK_WAIT_MS: '240000',
  };
  const pki = await makePki('Store Sharing Test');
  ca = join(dir, 'root.pem');
  await writeFile(ca, pki.root.pem);
  server = await startTlsServer({
    chain: [await pki.leaf({ cn: `good.${NAME}`, toDays: 200 }), pki.intermediate],
  });
  good = `127.0.0.1:${server.port}`;

  // A process that takes the store's lock through the real store code, starts a change, says so, and then
  // never finishes: the test kills it there, mid-write, with the lock held.
  const entry = join(dir, 'holder.ts');
  await writeFile(
    entry,
    `import fs from 'node:fs';
import path from 'node:path';
import { openStore } from ${JSON.stringify(resolve('main/core/watch/store/file-store.ts'))};
const file = path.resolve(process.argv[2]!);
const store = openStore({ dir: path.dirname(file), fileName: path.basename(file), clock: { now: () => Date.now() } });
store.update((doc) => {
  const host = 'ghost.example.com';
  doc.entries.push({ id: 'ghost', target: host + ':443', host, port: 443, tags: [], enabled: true,
    createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() });
  fs.writeSync(1, 'holding\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});
`,
  );
  holder = join(dir, 'holder.mjs');
  await build({
    entryPoints: [entry],
    outfile: holder,
    bundle: true,
    platform: 'node',
    format: 'esm',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
});
afterAll(async () => {
  await server?.close();
});

/** Starts the lock holder and resolves once it holds the lock in the middle of a change. */
async function holdLock(store: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [holder, store], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('holding')) done();
    });
    child.once('exit', (code) => fail(new Error(`the lock holder exited early (${code})`)));
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const gone = new Promise((done) => child.once('exit', done));
  child.kill('SIGKILL');
  await gone;
}

async function readStore(store: string): Promise<StoreDoc> {
  const loaded = loadDoc(await readFile(store), { now: () => Date.now(), newId: () => 'x' });
  if (!loaded.ok) throw new Error(loaded.error);
  expect(loaded.recovered, loaded.messages.join(' ')).toBe(false);
  return loaded.doc;
}

const ok = (r: CliRun) => expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);

/**
 * The scenario: a store with one real TLS entry and ten to remove, a saving `certwatch watch` on it,
 * then 20 `certwatch add` (two targets each) and 10 `certwatch remove` at once.
 */
async function scenario(options: { killedHolder: boolean }): Promise<void> {
  const store = newStore();
  // Loopback ports nothing listens on: each check is refused at once, and each result is saved.
  const doomed = Array.from({ length: 10 }, (_, i) => `127.0.0.1:${30_001 + i}`);
  const added = Array.from({ length: 40 }, (_, i) => `127.0.0.1:${31_001 + i}`);
  ok(await runCli(['add', '--store', store, '--sni', `good.${NAME}`, good, ...doomed], env));

  if (options.killedHolder) {
    await kill(await holdLock(store));
    expect(existsSync(`${store}.lock`)).toBe(true); // left behind, as by a crash
  }

  const watch = startCli(['watch', '--ca', ca, '--store', store], env);
  try {
    await watch.waitFor(/watching 11 entries/);
    const runs = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) =>
        runCli(['add', '--store', store, added[2 * i]!, added[2 * i + 1]!], env),
      ),
      ...doomed.map((target) => runCli(['remove', '--store', store, target], env)),
    ]);
    for (const r of runs) ok(r);
    // The watcher picks the new entries up and saves their results while the store keeps changing.
    for (const target of added)
      await watch.waitFor(new RegExp(`Z ${target.replace(/\./g, '\\.')} error`), 240_000);
  } finally {
    expect(await watch.stop('SIGTERM')).toBe(0);
  }
  expect(watch.stderr.filter((l) => /not saved|Nothing was saved/.test(l))).toEqual([]);

  const doc = await readStore(store);
  const targets = doc.entries.map((e) => e.target);
  expect(targets.toSorted()).toEqual([good, ...added].toSorted());
  for (const target of doomed) expect(targets).not.toContain(target);
  expect(targets).not.toContain('ghost.example.com:443');
  // Every entry the watcher checked has its result saved, and no state is left for a removed entry.
  const ids = new Set(doc.entries.map((e) => e.id));
  expect(Object.keys(doc.state).filter((id) => !ids.has(id))).toEqual([]);
  expect(doc.state[doc.entries.find((e) => e.target === good)!.id]?.lastResult?.status).toBe('ok');
  expect(added.filter((t) => !doc.state[doc.entries.find((e) => e.target === t)!.id])).toEqual([]);
  // No lock, breaker or temporary file is left behind.
  const base = store.slice(dir.length + 1);
  expect((await readdir(dir)).filter((f) => f.startsWith(base))).toEqual([base]);
}

describe('many processes on one store', () => {
  it('20 concurrent adds and 10 removes while `watch` saves results: every entry present, every removal honoured', async () => {
    await scenario({ killedHolder: false });
  });

  it('the same after the process holding the lock was killed mid-write', async () => {
    await scenario({ killedHolder: true });
  });

  it('a change that cannot get the lock is not reported as done: one sentence, exit 3, nothing saved', async () => {
    const store = newStore();
    ok(await runCli(['add', '--store', store, 'a.example.com'], env));
    const before = await readFile(store);
    const child = await holdLock(store);
    try {
      // A live holder: a lock that would be stale only after 10 minutes, and a short wait.
      const r = await runCli(['add', '--store', store, 'b.example.com'], {
        ...env,
        CERTWATCH_LOCK_STALE_MS: '600000',
        CERTWATCH_LOCK_WAIT_MS: '200',
      });
      expect(r.code).toBe(3);
      expect(r.stdout).not.toMatch(/added/);
      expect(r.stderr).toBe(
        `certwatch: Nothing was saved: another Certwatch process kept the store ${store} locked for more than 200 ms. Try again.\n`,
      );
      expect(await readFile(store)).toEqual(before);
    } finally {
      await kill(child);
    }
  });
});
