// The worker-thread path (pool.ts) against real loopback servers: the same list checked in this thread and in
// the workers gives the same results, errors, timeouts and STARTTLS included; short lists never start a thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeMany } from '../../main/core/probe/probe';
import {
  parallelProber,
  poolStats,
  probeManyParallel,
  workerPlan,
  type ParallelOptions,
} from '../../main/core/probe/pool';
import { probe } from '../../main/core/probe/probe';
import { createTrustStore } from '../../main/core/probe/trust';
import { parseTarget } from '../../main/core/probe/target';
import type { Lookup } from '../../main/core/probe/resolve';
import type { ProbeResult, Target } from '../../main/shared/types';
import { makePki, mint, type Pki } from '../fixtures/pki';
import {
  closedPort,
  startHungServer,
  startPlainHttpServer,
  startStarttlsServer,
  startTlsServer,
  type Running,
} from '../fixtures/servers';

/** Built by vitest's global setup (scripts/build.mjs), as the CLI ships it. */
const workerScript = fileURLToPath(new URL('../../dist/cli/probe-worker.mjs', import.meta.url));

let pki: Pki;
const servers: Running[] = [];
let pems: string[];

beforeAll(async () => {
  pki = await makePki('Pool Test');
  pems = [pki.root.pem];
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function keep(s: Promise<Running>): Promise<Running> {
  const running = await s;
  servers.push(running);
  return running;
}

function target(input: string, extra: Partial<Target> = {}): Target {
  const parsed = parseTarget(input, extra.starttls ? { starttls: extra.starttls } : {});
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.target;
}

/** Names resolve only through this map, asked from the main thread: never the machine's resolver. */
function lookupFrom(map: Record<string, string[]>, asked: string[]): Lookup {
  return async (host) => {
    asked.push(host);
    const addrs = map[host];
    if (!addrs) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addrs.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

/** What a person sees of a result; the timings differ between any two runs. */
function comparable(r: ProbeResult) {
  const { durationMs: _d, checkedAt: _c, ...rest } = r;
  return {
    ...rest,
    endpoints: r.endpoints.map(({ durationMs: _e, ...e }) => e),
  };
}

describe('probeManyParallel', () => {
  it('gives in worker threads exactly what probeMany gives in this thread, for every kind of answer', async () => {
    expect(existsSync(workerScript)).toBe(true);
    const good = await pki.leaf({ cn: 'good.pool.test', sans: ['good.pool.test'], toDays: 80.5 });
    const soon = await pki.leaf({
      cn: 'soon.pool.test',
      sans: ['soon.pool.test'],
      fromDays: -300,
      toDays: 12.5,
    });
    const expired = await pki.leaf({
      cn: 'old.pool.test',
      sans: ['old.pool.test'],
      fromDays: -90,
      toDays: -2,
    });
    const selfSigned = await mint({ cn: 'self.pool.test', sans: ['self.pool.test'] });
    const ip = await pki.leaf({ cn: '127.0.0.1', sans: ['127.0.0.1'], fromDays: -300, toDays: 12.5 });
    const ports = {
      good: (await keep(startTlsServer({ chain: [good, pki.intermediate] }))).port,
      soon: (await keep(startTlsServer({ chain: [soon, pki.intermediate] }))).port,
      expired: (await keep(startTlsServer({ chain: [expired, pki.intermediate] }))).port,
      incomplete: (await keep(startTlsServer({ chain: [good] }))).port,
      selfSigned: (await keep(startTlsServer({ chain: [selfSigned] }))).port,
      hung: (await keep(startHungServer())).port,
      plain: (await keep(startPlainHttpServer())).port,
      smtp: (await keep(startStarttlsServer({ protocol: 'smtp', chain: [ip, pki.intermediate] }))).port,
      noStarttls: (
        await keep(startStarttlsServer({ protocol: 'smtp', chain: [ip, pki.intermediate], refuse: true }))
      ).port,
      closed: await closedPort(),
    };
    const names = ['good.pool.test', 'soon.pool.test', 'old.pool.test', 'self.pool.test', 'other.pool.test'];
    const map = Object.fromEntries(names.map((n) => [n, ['127.0.0.1']]));
    const list: Target[] = [
      target(`good.pool.test:${ports.good}`),
      target(`soon.pool.test:${ports.soon}`),
      target(`old.pool.test:${ports.expired}`),
      target(`good.pool.test:${ports.incomplete}`),
      target(`self.pool.test:${ports.selfSigned}`),
      target(`other.pool.test:${ports.good}`),
      target(`127.0.0.1:${ports.hung}`),
      target(`127.0.0.1:${ports.plain}`),
      target(`127.0.0.1:${ports.closed}`),
      target('nowhere.pool.test:443'),
      target(`127.0.0.1:${ports.smtp}`, { starttls: 'smtp' }),
      target(`127.0.0.1:${ports.noStarttls}`, { starttls: 'smtp' }),
    ];
    const base = { timeoutMs: 3000, concurrency: 4, checkRevocation: false, parkAfterMs: 100 };
    const askedHere: string[] = [];
    const inProcess = await probeMany(list, {
      ...base,
      trust: createTrustStore(pems),
      lookup: lookupFrom(map, askedHere),
    });
    const before = poolStats.checksInWorkers;
    const answered = poolStats.resultsFromWorkers;
    const fellBack = poolStats.fellBack;
    const askedThere: string[] = [];
    const options: ParallelOptions = {
      ...base,
      trust: createTrustStore(pems),
      trustSource: { pems },
      lookup: lookupFrom(map, askedThere),
      threads: 2,
      minTargets: 2,
      workerScript,
    };
    expect(workerPlan(list, options)).toMatchObject({ threads: 2 });
    const inWorkers = await probeManyParallel(list, options);
    expect(poolStats.checksInWorkers - before).toBe(list.length);
    // The workers answered every check themselves: none fell back to this thread (which gives the same results).
    expect(poolStats.resultsFromWorkers - answered).toBe(list.length);
    expect(poolStats.fellBack - fellBack).toBe(0);
    expect(inWorkers.map(comparable)).toEqual(inProcess.map(comparable));
    // Every name went through the injected resolver, asked from this thread.
    expect(askedThere.sort()).toEqual(askedHere.sort());
    expect(inWorkers.map((r) => r.problems.map((p) => p.code).sort()[0] ?? r.status)).toEqual([
      'ok',
      'warning',
      'EXPIRED',
      'INCOMPLETE_CHAIN',
      'SELF_SIGNED',
      'HOSTNAME_MISMATCH',
      'TIMEOUT',
      'NOT_TLS',
      'REFUSED',
      'DNS',
      'warning',
      'STARTTLS_FAILED',
    ]);
  });

  it('keeps the scheduler: hung targets park, results arrive in the same order as in this thread', async () => {
    const hung = await keep(startHungServer());
    const leaf = await pki.leaf({ cn: '127.0.0.1', sans: ['127.0.0.1'] });
    const good = await keep(startTlsServer({ chain: [leaf, pki.intermediate] }));
    const list = [
      ...Array.from({ length: 3 }, () => target(`127.0.0.1:${hung.port}`)),
      ...Array.from({ length: 3 }, () => target(`127.0.0.1:${good.port}`)),
    ];
    const order: string[] = [];
    const results = await probeManyParallel(list, {
      trust: createTrustStore(pems),
      trustSource: { pems },
      timeoutMs: 4000,
      concurrency: 1,
      parkAfterMs: 100,
      checkRevocation: false,
      threads: 2,
      minTargets: 2,
      workerScript,
      onResult: (r) => order.push(r.status),
    });
    expect(order).toEqual(['ok', 'ok', 'ok', 'error', 'error', 'error']);
    expect(results.map((r) => r.problems[0]?.code ?? 'none')).toEqual([
      ...Array(3).fill('TIMEOUT'),
      ...Array(3).fill('none'),
    ]);
  });

  it('checks a single target, or a short list, in this thread without starting a worker', async () => {
    const leaf = await pki.leaf({ cn: '127.0.0.1', sans: ['127.0.0.1'] });
    const good = await keep(startTlsServer({ chain: [leaf, pki.intermediate] }));
    const one = [target(`127.0.0.1:${good.port}`)];
    const options: ParallelOptions = {
      trust: createTrustStore(pems),
      trustSource: { pems },
      checkRevocation: false,
      threads: 2,
      workerScript,
    };
    expect(workerPlan(one, options)).toEqual({ inProcess: 'short list' });
    const started = poolStats.threadsStarted;
    const sent = poolStats.checksInWorkers;
    const [r] = await probeManyParallel(one, options);
    expect(r!.status).toBe('ok');
    expect(poolStats.threadsStarted).toBe(started);
    expect(poolStats.checksInWorkers).toBe(sent);
  });

  it('hands a scheduler of its own single checks on the workers for a long round, in this thread for a short one', async () => {
    const leaf = await pki.leaf({ cn: '127.0.0.1', sans: ['127.0.0.1'] });
    const good = await keep(startTlsServer({ chain: [leaf, pki.intermediate] }));
    const t = target(`127.0.0.1:${good.port}`);
    const options: ParallelOptions = {
      trust: createTrustStore(pems),
      trustSource: { pems },
      checkRevocation: false,
      threads: 2,
      workerScript,
    };
    const here = await probe(t, options);
    const sent = poolStats.checksInWorkers;
    const round = parallelProber(500, options);
    const [a, b] = await Promise.all([round.check(t), round.check(t)]);
    round.release();
    expect(poolStats.checksInWorkers - sent).toBe(2);
    for (const r of [a!, b!]) expect(comparable(r)).toEqual(comparable(here));
    const short = parallelProber(3, options);
    expect(comparable(await short.check(t))).toEqual(comparable(here));
    short.release();
    expect(poolStats.checksInWorkers - sent).toBe(2);
  });

  it('checks the list in this thread when the workers cannot start', async () => {
    const leaf = await pki.leaf({ cn: '127.0.0.1', sans: ['127.0.0.1'] });
    const good = await keep(startTlsServer({ chain: [leaf, pki.intermediate] }));
    const broken = join(mkdtempSync(join(tmpdir(), 'certwatch-pool-')), 'probe-worker.mjs');
    writeFileSync(broken, "throw new Error('this bundle cannot load');\n");
    const list = Array.from({ length: 4 }, () => target(`127.0.0.1:${good.port}`));
    const fellBack = poolStats.fellBack;
    const results = await probeManyParallel(list, {
      trust: createTrustStore(pems),
      trustSource: { pems },
      checkRevocation: false,
      threads: 2,
      minTargets: 2,
      workerScript: broken,
    });
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(poolStats.fellBack - fellBack).toBe(list.length);
  });

  it('stays in this thread when a collaborator cannot cross to a worker', () => {
    const list = Array.from({ length: 600 }, () => target('127.0.0.1:1'));
    const base: ParallelOptions = { threads: 2, workerScript };
    expect(workerPlan(list, { ...base, now: () => 0 })).toEqual({
      inProcess: 'now cannot cross to a thread',
    });
    expect(workerPlan(list, { ...base, trust: createTrustStore(pems) })).toEqual({
      inProcess: 'trust without trustSource',
    });
    expect(workerPlan(list, { ...base, threads: 1 })).toEqual({ inProcess: 'fewer than 2 threads' });
    expect(workerPlan(list, { ...base, workerScript: '/nonexistent/probe-worker.mjs' })).toEqual({
      inProcess: 'no worker bundle',
    });
    expect(readFileSync(workerScript, 'utf8')).toContain('probe-worker');
  });
});
