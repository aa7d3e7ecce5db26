// The store file's format 2 (store/compact.ts) against real check results from loopback TLS servers: an older
// file comes through whole, a certificate is written once however often it is seen, the history still tells
// every check, a file cut short still gives back what was written in full, and `certwatch list` prints the same
// rows as the window whichever way it reads the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../main/core/watch/store/file-store';
import { recordCheck } from '../../main/core/watch/store/history';
import { addEntries } from '../../main/core/watch/watchlist';
import { createWatcher } from '../../main/core/watch/watcher';
import { probe } from '../../main/core/probe/probe';
import { parseTarget } from '../../main/core/probe/target';
import { createTrustStore } from '../../main/core/probe/trust';
import { DAY_MS } from '../../main/core/probe/time';
import { emptyDoc, type EntryState, type StoreDoc } from '../../main/shared/model';
import type { ProbeResult } from '../../main/shared/types';
import { makePki, type Minted } from '../fixtures/pki';
import { closedPort, startTlsServer, type Running } from '../fixtures/servers';
import { loopbackLookup, runCli } from '../fixtures/cli';

const DOMAIN = 'format.test';
const lookup = loopbackLookup(`.${DOMAIN}`);
// Certificates are minted around the real time; the checks' clock is set where each scene needs it.
const NOW = Math.floor(Date.now() / 1000) * 1000;
const clock = { now: () => NOW };
let server: Running;
let refused: number;
let roots: string;
let leaves: Record<string, Minted> = {};
const dirs: string[] = [];

const tmp = async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'certwatch-format-'));
  dirs.push(dir);
  return dir;
};

/** The base64 body of a PEM: what the file holds of a certificate when it holds it once. */
const body = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
const count = (text: string, part: string) => text.split(part).length - 1;

async function check(name: string, at: number, port = server.port): Promise<ProbeResult> {
  const parsed = parseTarget(`${name}.${DOMAIN}:${port}`);
  if (!parsed.ok) throw new Error(parsed.error);
  return probe(parsed.target, {
    lookup,
    trust: createTrustStore([roots]),
    checkRevocation: false,
    fetchIssuers: false,
    now: () => at,
    timeoutMs: 5000,
  });
}

const stamped = (r: ProbeResult, at: number, ms = 40): ProbeResult => ({
  ...r,
  checkedAt: new Date(at).toISOString(),
  durationMs: ms,
});

beforeAll(async () => {
  const pki = await makePki('Store Format');
  roots = pki.root.pem;
  leaves = {
    old: await pki.leaf({
      cn: `a.${DOMAIN}`,
      sans: [`a.${DOMAIN}`, `old.${DOMAIN}`],
      notBefore: new Date(NOW - 100 * DAY_MS),
      notAfter: new Date(NOW - 20 * DAY_MS),
    }),
    renewed: await pki.leaf({
      cn: `a.${DOMAIN}`,
      notBefore: new Date(NOW - 25 * DAY_MS),
      notAfter: new Date(NOW + 65 * DAY_MS),
    }),
    b: await pki.leaf({
      cn: `b.${DOMAIN}`,
      sans: [`b.${DOMAIN}`, `www.b.${DOMAIN}`],
      fromDays: -10,
      toDays: 80,
    }),
  };
  server = await startTlsServer({
    chain: [leaves.renewed!, pki.intermediate],
    sni: {
      [`old.${DOMAIN}`]: { chain: [leaves.old!, pki.intermediate] },
      [`b.${DOMAIN}`]: { chain: [leaves.b!, pki.intermediate] },
    },
  });
  refused = await closedPort();
});

afterAll(async () => {
  await server?.close();
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

/**
 * What Certwatch 1 wrote after 90 days of watching: two entries, a check every 6 hours, the first one's
 * certificate renewed on day 70 and its server refusing a few checks, alert records, changed settings.
 */
async function ninetyDays(): Promise<StoreDoc> {
  const start = NOW - 90 * DAY_MS;
  // The old leaf as a server sent it before the renewal (its SNI name is old.…, the entry's target a.…).
  const oldLeaf = {
    ...(await check('old', start)),
    target: `a.${DOMAIN}:${server.port}`,
    host: `a.${DOMAIN}`,
  };
  const renewed = await check('a', NOW);
  const b = await check('b', NOW);
  const down = {
    ...(await check('a', NOW, refused)),
    target: `a.${DOMAIN}:${server.port}`,
    port: server.port,
  };
  expect([oldLeaf.status, renewed.status, b.status, down.status]).toEqual(['ok', 'ok', 'ok', 'error']);
  const doc = emptyDoc();
  doc.entries = addEntries(
    [],
    [
      { target: `a.${DOMAIN}:${server.port}`, label: 'Shop', tags: ['prod'], owner: 'web team' },
      { target: `b.${DOMAIN}:${server.port}` },
    ],
    {
      now: () => start,
      newId: (() => {
        let n = 0;
        return () => `id-${++n}`;
      })(),
    },
  ).entries;
  doc.settings = { ...doc.settings, intervalMinutes: 360, alertDays: [30, 7] };
  let a: EntryState | undefined;
  let bState: EntryState | undefined;
  for (let k = 0; k < 90 * 4; k++) {
    const at = start + k * 6 * 3600_000;
    const base = k % 37 === 5 ? down : at < NOW - 20 * DAY_MS ? oldLeaf : renewed;
    a = recordCheck(a, stamped(base, at, 30 + (k % 50)), doc.settings.historyLimit);
    bState = recordCheck(bState, stamped(b, at, 25), doc.settings.historyLimit);
  }
  doc.state = { 'id-1': a!, 'id-2': bState! };
  doc.ledger = [
    {
      key: 'id-1|x|days:30',
      entryId: 'id-1',
      fingerprint256: oldLeaf.chain[0]!.fingerprint256,
      reason: 'days:30',
      firedAt: new Date(start).toISOString(),
    },
  ];
  return doc;
}

describe('the store file, format 2', () => {
  it('upgrades a format 1 store with history and results, keeping every field and the old file', async () => {
    const dir = await tmp();
    const v2 = await ninetyDays();
    const v1Text = JSON.stringify({ ...v2, version: 1 }, null, '\t');
    const file = path.join(dir, 'config.json');
    await fs.writeFile(file, v1Text);

    const store = openStore({ dir, clock });
    const kept = (await fs.readdir(dir)).filter((f) => f.startsWith('config.v1-'));
    expect(kept).toHaveLength(1);
    const backup = path.join(dir, kept[0]!);
    expect(store.startupMessages).toEqual([
      `The store file was upgraded from format 1 to 2; the old file was kept as ${backup}.`,
    ]);
    expect(await fs.readFile(backup, 'utf8')).toBe(v1Text);
    // Everything the window and the CLI show: entries, settings, alert records, each result with its chains
    // and endpoints, and every run of the history.
    expect(store.get()).toEqual(v2);
    expect(openStore({ dir, clock }).get()).toEqual(v2);
    const written = await fs.readFile(file, 'utf8');
    expect(JSON.parse(written).version).toBe(2);
    expect(written.length).toBeLessThan(v1Text.length / 3);

    // The history still reads as it did: the renewal, the refused checks, 360 checks in all.
    const history = store.get().state['id-1']!.history;
    expect(history.reduce((n, r) => n + (r.checks ?? 1), 0)).toBe(360);
    expect(new Set(history.map((r) => r.fingerprint256)).size).toBe(3); // old, renewed, none (refused)
    expect(history.filter((r) => r.status === 'error').every((r) => r.problems[0] === 'REFUSED')).toBe(true);
  });

  it('writes a certificate once however many checks and entries saw it', async () => {
    const dir = await tmp();
    const store = openStore({ dir, clock });
    store.update((doc) => {
      doc.entries = addEntries(
        [],
        [{ target: `a.${DOMAIN}:${server.port}` }, { target: `b.${DOMAIN}:${server.port}` }],
        {
          now: () => NOW,
          newId: (() => {
            let n = 0;
            return () => `e${++n}`;
          })(),
        },
      ).entries;
    });
    const a = await check('a', NOW);
    const b = await check('b', NOW);
    const start = NOW - 90 * DAY_MS;
    const save = (k: number) =>
      store.update((doc) => {
        const at = start + k * 6 * 3600_000;
        doc.state.e1 = recordCheck(doc.state.e1, stamped(a, at), doc.settings.historyLimit);
        doc.state.e2 = recordCheck(doc.state.e2, stamped(b, at), doc.settings.historyLimit);
      });
    save(0);
    const afterOne = (await fs.stat(store.path)).size;
    for (let k = 1; k < 360; k++) save(k);
    const text = await fs.readFile(store.path, 'utf8');
    // 90 days of checks every 6 hours cost a few digits, not a certificate each.
    expect(text.length - afterOne).toBeLessThan(60);
    expect(count(text, body(leaves.renewed!.pem))).toBe(1);
    expect(count(text, body(leaves.b!.pem))).toBe(1);
    // Both entries' chains name the same intermediate: written once too.
    const intermediate = a.chain.find((c) => c.role === 'intermediate')!;
    expect(count(text, body(intermediate.pem))).toBe(1);

    const reopened = openStore({ dir, clock }).get();
    expect(reopened.state.e1!.lastResult).toEqual(stamped(a, start + 359 * 6 * 3600_000));
    expect(reopened.state.e1!.history).toEqual([
      {
        at: new Date(start).toISOString(),
        lastAt: new Date(start + 359 * 6 * 3600_000).toISOString(),
        checks: 360,
        status: 'ok',
        daysLeft: a.daysLeft,
        notAfter: a.notAfter,
        fingerprint256: a.chain[0]!.fingerprint256,
        problems: [],
        durationMs: 40,
      },
    ]);
    // In memory the entries share what they share on disk: one object for the intermediate.
    const chainA = reopened.state.e1!.lastResult!.chain;
    const chainB = reopened.state.e2!.lastResult!.chain;
    expect(chainA.find((c) => c.role === 'intermediate')).toBe(chainB.find((c) => c.role === 'intermediate'));
  });

  it('keeps aside a format 2 file cut short and gives back the entries and the states written in full', async () => {
    const dir = await tmp();
    const doc = await ninetyDays();
    const store = openStore({ dir, clock });
    store.update(() => structuredClone({ ...doc, version: 2 as const }));
    const text = await fs.readFile(store.path, 'utf8');
    // Cut inside the second entry's state, the last thing in the file.
    const cut = text.slice(0, text.indexOf('"id-2":') + 200);
    await fs.writeFile(store.path, cut);
    const again = openStore({ dir, clock });
    expect(again.quarantinedPath).toBeDefined();
    expect(await fs.readFile(again.quarantinedPath!, 'utf8')).toBe(cut);
    const got = again.get();
    expect(got.entries).toEqual(doc.entries);
    expect(got.state['id-1']).toEqual(doc.state['id-1']);
    expect(got.state['id-2']).toBeUndefined();
  });

  it('certwatch list sets aside a file whose certificate table lost a certificate, and says what was lost', async () => {
    const dir = await tmp();
    const doc = await ninetyDays();
    const store = openStore({ dir, clock });
    store.update(() => structuredClone(doc));
    const parsed = JSON.parse(await fs.readFile(store.path, 'utf8'));
    const leafKey = parsed.state['id-2'].lastResult.chain[0][0];
    delete parsed.certs[leafKey];
    const damaged = JSON.stringify(parsed);
    await fs.writeFile(store.path, damaged);
    const listed = await runCli(['list', '--store', store.path]);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toMatch(/The check history of "b\.format\.test:\d+" could not be read/);
    expect(listed.stdout).toMatch(/^PENDING +b\.format\.test/m);
    const aside = (await fs.readdir(dir)).filter((f) => f.startsWith('config.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(await fs.readFile(path.join(dir, aside[0]!), 'utf8')).toBe(damaged);
  });

  it("certwatch list reads the writer's own layout the quick way, and still sets aside one that lost a line", async () => {
    const dir = await tmp();
    const doc = await ninetyDays();
    const store = openStore({ dir, clock });
    store.update(() => structuredClone(doc));
    const written = await fs.readFile(store.path, 'utf8');
    const quick = await runCli(['list', '--store', store.path]);
    expect(quick).toMatchObject({ code: 0, stderr: '' });
    expect(quick.stdout).toMatch(/^OK +b\.format\.test/m);
    expect(await fs.readFile(store.path, 'utf8')).toBe(written);
    // The leaf's line gone from the certificate table, every other line as the writer left it.
    const leafKey = JSON.parse(written).state['id-2'].lastResult.chain[0][0];
    const damaged = written
      .split('\n')
      .filter((line) => !line.startsWith(`${JSON.stringify(leafKey)}:`))
      .join('\n');
    expect(damaged).not.toBe(written);
    await fs.writeFile(store.path, damaged);
    const listed = await runCli(['list', '--store', store.path]);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toMatch(/store file was damaged\. The damaged file was kept, unchanged/);
    expect(listed.stderr).toMatch(/The check history of 1 entry was lost/);
    expect(listed.stdout).toMatch(/^PENDING +b\.format\.test/m);
    const aside = (await fs.readdir(dir)).filter((f) => f.startsWith('config.corrupt-'));
    expect(await fs.readFile(path.join(dir, aside[0]!), 'utf8')).toBe(damaged);
  });

  it('certwatch list prints what the window shows, before and after the upgrade', async () => {
    const dir = await tmp();
    const doc = await ninetyDays();
    const file = path.join(dir, 'config.json');
    await fs.writeFile(file, JSON.stringify({ ...doc, version: 1 }, null, '\t'));
    // The first run upgrades the file (the full way); the second reads format 2 the quick way.
    const first = await runCli(['list', '--json', '--store', file]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/upgraded from format 1 to 2/);
    const second = await runCli(['list', '--json', '--store', file]);
    expect(second).toEqual({ code: 0, stdout: first.stdout, stderr: '' });
    const table1 = await runCli(['list', '--store', file]);
    await fs.writeFile(file, JSON.stringify({ ...doc, version: 1 }, null, '\t'));
    const table0 = await runCli(['list', '--store', file]);
    expect(table1.stdout).toBe(table0.stdout);

    const watcher = createWatcher({
      store: openStore({ dir, clock: { now: () => Date.now() } }),
      notifier: { notify: async () => ({ delivered: true }) },
    });
    const rows = watcher.state().entries.map(({ nextDueAt: _n, checking: _c, ...row }) => row);
    expect(JSON.parse(second.stdout).entries).toEqual(rows);
    expect(rows.map((r) => [r.label ?? r.target, r.status, r.issuer])).toEqual([
      ['Shop', 'ok', 'Store Format Intermediate CA'],
      [`b.${DOMAIN}:${server.port}`, 'ok', 'Store Format Intermediate CA'],
    ]);
  });
});
