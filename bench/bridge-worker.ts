// The web bridge for item 4, in its own process: a store with 5,000 entries that were all checked a moment ago
// (so nothing is due and no check competes with the page), then startBridge over it, names resolved to
// 127.0.0.1 by the bench lookup.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { startBridge } from '../main/bridge/server';
import { probe } from '../main/core/probe/probe';
import { parseTarget } from '../main/core/probe/target';
import { createTrustStore } from '../main/core/probe/trust';
import { openStore } from '../main/core/watch/store/file-store';
import { recordCheck } from '../main/core/watch/store/history';
import { addEntries } from '../main/core/watch/watchlist';
import { systemClock } from '../main/core/probe/time';
import type { ProbeResult } from '../main/shared/types';
import { BENCH_DOMAIN } from './pki';
import { benchLookup } from './workers';

export interface BridgeArgs {
  entries: number;
  port: number;
  rootsFile: string;
  storeDir: string;
  rendererDir: string;
}

export interface BridgeInfo {
  pid: number;
  url: string;
  storeBytes: number;
}

const DAY = 86_400_000;

/**
 * Label words: the window bench types "z", "u" and deletes them, which must change the number of rows every
 * time ("z" → zebra and zulu, "zu" → zulu) and match nothing else (ports, hosts and owners have no z).
 */
const LABEL_WORDS = [
  'alpha',
  'bravo',
  'charlie',
  'delta',
  'echo',
  'foxtrot',
  'golf',
  'hotel',
  'zebra',
  'zulu',
];

/** One real result, re-addressed and varied so the table shows a realistic mix of statuses and dates. */
function resultFor(sample: ProbeResult, i: number, host: string, port: number): ProbeResult {
  const r = structuredClone(sample);
  r.target = `${host}:${port}`;
  r.host = host;
  if (i % 97 === 0) {
    return {
      ...r,
      status: 'error',
      daysLeft: null,
      notAfter: null,
      chainEarliestNotAfter: null,
      chain: [],
      endpoints: [],
      problems: [{ code: 'TIMEOUT', message: `The server at ${host}:${port} did not answer within 10 s.` }],
    };
  }
  const days = i % 41 === 0 ? 3 + (i % 4) : i % 13 === 0 ? 10 + (i % 19) : 30 + ((i * 37) % 330);
  const notAfter = new Date(Date.now() + days * DAY).toISOString();
  r.daysLeft = days;
  r.notAfter = notAfter;
  r.status = days < 7 ? 'critical' : days < 30 ? 'warning' : 'ok';
  return r;
}

export async function runBridge(args: BridgeArgs): Promise<void> {
  const roots = readFileSync(args.rootsFile, 'utf8');
  const parsed = parseTarget(`seed.${BENCH_DOMAIN}:${args.port}`);
  if (!parsed.ok) throw new Error(parsed.error);
  const sample = await probe(parsed.target, {
    lookup: benchLookup,
    trust: createTrustStore([roots]),
    checkRevocation: false,
  });
  if (sample.status !== 'ok') throw new Error(`the seed check failed: ${JSON.stringify(sample.problems)}`);

  const store = openStore({ dir: args.storeDir, clock: systemClock });
  store.update((doc) => {
    const inputs = Array.from({ length: args.entries }, (_, i) => ({
      target: `w${i}.${BENCH_DOMAIN}:${args.port}`,
      label: `${LABEL_WORDS[i % LABEL_WORDS.length]} service ${i}`,
      tags: [`team-${i % 9}`, ...(i % 3 ? [] : ['public'])],
      owner: `owner${i % 23}@example.invalid`,
    }));
    const added = addEntries(doc.entries, inputs, { now: () => Date.now(), newId: randomUUID });
    const failed = added.results.find((r) => !r.ok);
    if (failed && !failed.ok) throw new Error(`seeding failed: ${failed.error}`);
    doc.entries = added.entries;
    doc.settings.caBundlePath = args.rootsFile;
    doc.settings.checkRevocation = false;
    const state = { ...doc.state };
    doc.entries.forEach((entry, i) => {
      state[entry.id] = recordCheck(
        undefined,
        resultFor(sample, i, entry.host, entry.port),
        doc.settings.historyLimit,
      );
    });
    doc.state = state;
  });
  const storeBytes = readFileSync(store.path).length;

  const bridge = await startBridge({
    storeDir: args.storeDir,
    lookup: benchLookup,
    rendererDir: args.rendererDir,
    log: () => undefined,
  });
  const info: BridgeInfo = { pid: process.pid, url: bridge.url, storeBytes };
  process.stdout.write(JSON.stringify(info) + '\n');
  const stop = () => void bridge.close().finally(() => process.exit(0));
  process.stdin.resume();
  process.stdin.on('end', stop);
  process.on('SIGTERM', stop);
}
