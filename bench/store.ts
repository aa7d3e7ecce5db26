// The store: its size on disk for 2,000 entries with 90 days of history, what `certwatch list` costs on it, and
// what one saved check result costs. Built with the real core: 2,000 distinct leaf certificates (half RSA, half
// ECDSA, each renewed once within the 90 days) served over SNI on 127.0.0.1, probed by the real probe, and
// 360 checks per entry (every 6 hours, 1 in 40 a refused connection) folded in by the history code.
import tls from 'node:tls';
import net from 'node:net';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Context } from './context';
import { BENCH_DOMAIN } from './pki';
import { median, run } from './proc';
import { keyPair, mint, chainPem, DAY, type Minted } from '../test/fixtures/pki';
import { openStore } from '../main/core/watch/store/file-store';
import { addEntries } from '../main/core/watch/watchlist';
import { recordCheck } from '../main/core/watch/store/history';
import { probeMany } from '../main/core/probe/probe';
import { createTrustStore } from '../main/core/probe/trust';
import { parseTarget } from '../main/core/probe/target';
import type { ProbeResult, Target } from '../main/shared/types';
import type { EntryState } from '../main/shared/model';

const ENTRIES = 2000;
const DAYS = 90;
const CHECKS_PER_DAY = 4;
const SECTION = `7. The store: ${ENTRIES.toLocaleString('en-GB')} entries with ${DAYS} days of history`;

interface Leaves {
  old: Minted;
  current: Minted;
  intermediate: Minted;
}

/** One CA per key type; every entry gets its own leaf (one key pair per type, so minting stays quick). */
async function mintLeaves(now: number): Promise<Leaves[]> {
  const cas = await Promise.all(
    (['rsa', 'ec'] as const).map(async (type) => {
      const key = type === 'rsa' ? ({ type: 'rsa', bits: 2048 } as const) : ({ type: 'ec' } as const);
      const root = await mint({
        cn: `Store Bench ${type} Root`,
        ca: true,
        key,
        fromDays: -400,
        toDays: 3650,
      });
      const intermediate = await mint({
        cn: `Store Bench ${type} Intermediate`,
        ca: true,
        issuer: root,
        key,
        fromDays: -300,
        toDays: 1500,
      });
      return { root, intermediate, keys: await keyPair(key) };
    }),
  );
  const out: Leaves[] = [];
  for (let i = 0; i < ENTRIES; i++) {
    const ca = cas[i % 2]!;
    const name = `svc${i}.store.${BENCH_DOMAIN}`;
    const leafSpec = {
      cn: name,
      sans: [name, `www.${name}`],
      issuer: ca.intermediate,
      keys: ca.keys,
      // Responders on a closed loopback port: every result carries a revocation note, as many real ones do.
      ocspUrl: 'http://127.0.0.1:1/ocsp',
      caIssuersUrl: 'http://127.0.0.1:1/issuer.der',
    };
    const old = await mint({
      ...leafSpec,
      notBefore: new Date(now - 120 * DAY),
      notAfter: new Date(now - 30 * DAY),
    });
    const current = await mint({
      ...leafSpec,
      notBefore: new Date(now - 31 * DAY),
      notAfter: new Date(now + 59 * DAY),
    });
    out.push({ old, current, intermediate: ca.intermediate });
  }
  (out as Leaves[] & { roots?: string }).roots = chainPem(cas[0]!.root, cas[1]!.root);
  return out;
}

/** A TLS server answering each name with its own chain; `which` picks the old or the renewed leaf. */
async function sniServer(
  leaves: Leaves[],
  which: () => 'old' | 'current',
): Promise<{ port: number; close(): void }> {
  const contexts = new Map<string, tls.SecureContext>();
  const byName = new Map(leaves.map((l, i) => [`svc${i}.store.${BENCH_DOMAIN}`, l]));
  const server = tls.createServer({
    SNICallback: (name, cb) => {
      const leaf = byName.get(name);
      if (!leaf) return cb(new Error('unknown name'));
      const key = `${which()}|${name}`;
      let ctx = contexts.get(key);
      if (!ctx) {
        const m = leaf[which()];
        ctx = tls.createSecureContext({ cert: chainPem(m, leaf.intermediate), key: m.keyPem });
        contexts.set(key, ctx);
      }
      cb(null, ctx);
    },
  });
  server.on('tlsClientError', () => undefined);
  server.on('secureConnection', (s) => {
    s.on('error', () => undefined);
    s.end();
  });
  const port = await new Promise<number>((resolve) =>
    server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () =>
      resolve((server.address() as net.AddressInfo).port),
    ),
  );
  return { port, close: () => server.close() };
}

/** A port nothing listens on: a real refused connection for the history's failed checks. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  const port = await new Promise<number>((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port)),
  );
  await new Promise((r) => s.close(r));
  return port;
}

/** Deterministic "random" failures: about 1 check in 40. */
const fails = (entry: number, check: number) => (entry * 7919 + check * 104729) % 40 === 0;

/** Builds the store file; returns its path and an entry id with its latest result (for the save figure). */
export async function buildBenchStore(
  dir: string,
  log: (line: string) => void,
): Promise<{ file: string; sample: { id: string; result: ProbeResult }; buildSeconds: number }> {
  const t0 = performance.now();
  const now = Date.now();
  const leaves = await mintLeaves(now);
  const roots = (leaves as Leaves[] & { roots?: string }).roots!;
  log(`store: minted ${leaves.length * 2} leaves in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  let serving: 'old' | 'current' = 'old';
  const server = await sniServer(leaves, () => serving);
  const refused = await closedPort();
  try {
    const lookup = (async (host: string) => {
      if (!host.endsWith(`.${BENCH_DOMAIN}`))
        throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return [{ address: '127.0.0.1', family: 4 }];
    }) as never;
    const trust = createTrustStore([roots]);
    const targets = (port: number): Target[] =>
      leaves.map((_, i) => {
        const parsed = parseTarget(`svc${i}.store.${BENCH_DOMAIN}:${port}`);
        if (!parsed.ok) throw new Error(parsed.error);
        return parsed.target;
      });
    const probeAll = (port: number, at: number) =>
      probeMany(targets(port), { lookup, trust, timeoutMs: 10_000, concurrency: 32, now: () => at });
    const oldResults = await probeAll(server.port, now - 45 * DAY);
    serving = 'current';
    const newResults = await probeAll(server.port, now);
    const failed = await probeAll(refused, now);
    log(`store: probed ${ENTRIES * 3} times in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const file = join(dir, 'store.json');
    const store = openStore({ dir, fileName: 'store.json', clock: { now: () => now } });
    const inputs = leaves.map((_, i) => ({
      target: `svc${i}.store.${BENCH_DOMAIN}:${server.port}`,
      label: `Service ${i}`,
      tags: [`team-${i % 7}`, i % 3 ? 'prod' : 'staging'],
      owner: `team-${i % 7}@example.com`,
    }));
    store.update((doc) => {
      const added = addEntries(doc.entries, inputs, { now: () => now - DAYS * DAY, newId: randomUUID });
      const bad = added.results.find((r) => !r.ok);
      if (bad && !bad.ok) throw new Error(`seeding the store failed: ${bad.error}`);
      doc.entries = added.entries;
    });
    const entries = store.get().entries;
    const limit = store.get().settings.historyLimit;
    const states: Record<string, EntryState> = {};
    const start = now - DAYS * DAY;
    entries.forEach((entry, i) => {
      let state: EntryState | undefined;
      for (let k = 0; k < DAYS * CHECKS_PER_DAY; k++) {
        const at = start + (k * DAY) / CHECKS_PER_DAY;
        const base = fails(i, k) ? failed[i]! : at < now - 31 * DAY ? oldResults[i]! : newResults[i]!;
        const notAfter = base.notAfter ? Date.parse(base.notAfter) : null;
        const result: ProbeResult = {
          ...base,
          checkedAt: new Date(at).toISOString(),
          durationMs: 20 + ((i * 31 + k * 17) % 180),
          daysLeft: notAfter === null ? null : Math.floor((notAfter - at) / DAY),
        };
        state = recordCheck(state, result, limit);
      }
      states[entry.id] = state!;
    });
    store.update((doc) => {
      for (const [id, s] of Object.entries(states)) doc.state[id] = s;
    });
    const sampleEntry = entries[1]!;
    return {
      file,
      sample: { id: sampleEntry.id, result: newResults[1]! },
      buildSeconds: (performance.now() - t0) / 1000,
    };
  } finally {
    server.close();
  }
}

export async function storeBench(ctx: Context): Promise<void> {
  const dir = join(ctx.workDir, 'store-bench');
  await mkdir(dir, { recursive: true });
  const cli = join(ctx.options.root, 'dist/cli/certwatch.js');
  ctx.log(`store: building ${ENTRIES} entries with ${DAYS} days of history through the real core…`);
  const { file, sample, buildSeconds } = await buildBenchStore(dir, ctx.log);
  const size = (await stat(file)).size;
  ctx.rows.push({
    section: SECTION,
    figure: 'store file size',
    value: size / 1e6,
    unit: 'MB',
    target: '≤ 5 MB',
    met: size <= 5e6,
    note: `${ENTRIES} distinct leaves (RSA-2048 and P-256, two SANs, OCSP and caIssuers URLs), each renewed once; ${DAYS * CHECKS_PER_DAY} checks per entry, about 1 in 40 refused; built in ${buildSeconds.toFixed(0)} s`,
  });

  // `certwatch list` against Node's own start, interleaved so both see the same load.
  const lists: number[] = [];
  const nodes: number[] = [];
  let rowsListed = 0;
  for (let i = 0; i < 7; i++) {
    const n = await run(process.execPath, ['-e', '0']);
    nodes.push(n.wallMs);
    const r = await run(process.execPath, [cli, 'list', '--store', file], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    if (r.code !== 0) throw new Error(`certwatch list failed (${r.code}): ${r.stderr.slice(0, 500)}`);
    rowsListed = r.stdout.trim().split('\n').length - 1;
    lists.push(r.wallMs);
  }
  if (rowsListed !== ENTRIES) throw new Error(`certwatch list printed ${rowsListed} rows, not ${ENTRIES}`);
  const listMs = median(lists);
  const nodeMs = median(nodes);
  ctx.rows.push({
    section: SECTION,
    figure: `certwatch list (${ENTRIES.toLocaleString('en-GB')} rows), median of 7`,
    value: listMs,
    unit: 'ms',
    peer: { name: 'node -e 0', value: nodeMs, unit: 'ms' },
    ratio: listMs / nodeMs,
    target: '≤ 300 ms',
    met: listMs <= 300,
  });

  // One more check result saved, as the watcher saves it: under the lock, re-reading the file first.
  const store = openStore({ dir, fileName: 'store.json', clock: { now: () => Date.now() } });
  const saves: number[] = [];
  for (let i = 0; i < 15; i++) {
    const result: ProbeResult = { ...sample.result, checkedAt: new Date().toISOString(), durationMs: 30 + i };
    const t0 = performance.now();
    store.update((doc) => {
      doc.state[sample.id] = recordCheck(doc.state[sample.id], result, doc.settings.historyLimit);
    });
    saves.push(performance.now() - t0);
  }
  const saveMs = median(saves);
  ctx.rows.push({
    section: SECTION,
    figure: 'saving one check result (update under the lock), median of 15',
    value: saveMs,
    unit: 'ms',
    peer: { name: 'node -e 0', value: nodeMs, unit: 'ms' },
    ratio: saveMs / nodeMs,
    note:
      `what a save costs: under the lock it re-reads the file (${(size / 1e6).toFixed(2)} MB) and compares its SHA-256 ` +
      `with what this process last wrote, re-encodes only the state that changed (every other line's text is cached), ` +
      `writes the whole file to a temporary file, fsyncs and renames it, then reads it back once for the next comparison`,
  });
  ctx.raw.store = {
    entries: ENTRIES,
    days: DAYS,
    bytes: size,
    listMs: lists,
    nodeMs: nodes,
    saveMs: saves,
    buildSeconds,
  };
  await writeFile(join(dir, 'done'), '');
}
