// Item 1: checks per second against one local TLS server, RSA and ECDSA: Certwatch's probe at its default and
// at a high concurrency (spread over worker threads, as `certwatch check --file` runs), the same in one thread, a
// bare Node TLS loop (the floor under the probe), and the peers. Every rate is measured the same way: checks
// completed over the whole sample's real time, start to last answer (the ramp-up and the drain of the list, a
// process's start, a loop's last requests included). Warm-ups are outside every sample: Certwatch's also starts
// its worker threads (they stay for the next list, as a watcher's do between rounds), blackbox's opens its
// connections; the scale section, a fresh process per list, includes the threads' start. CPU per check comes from
// the processes' own counters. The samples are taken in rounds, every contender once per round, so a shift in
// the machine's load hits all of them alike.
import { withServerCpu, type Context } from './context';
import {
  checkSslCertLoop,
  sClientLoop,
  startBlackbox,
  sTime,
  type Exporter,
  type PeerResult,
  type Skipped,
} from './peers';
import { runWorker } from './proc';
import { fmt, type Row } from './report';
import type { SampleArgs, SampleResult } from './workers';

const DEFAULT_CONCURRENCY = 32; // `certwatch check --concurrency` default (main/cli/check.ts)
const ROUNDS = 3;
const ONE_THREAD = `certwatch c=${DEFAULT_CONCURRENCY}, one thread`;
const DISTINCT = `certwatch c=${DEFAULT_CONCURRENCY}, every certificate new`;
const DISTINCT_NOTE =
  'each check a leaf of its own (d<i>.bench.test), never seen before in that process: no memo answers for the leaf';
/** Issue 15's goals for the probe. */
const RATE_GOAL = 1.5; // × blackbox_exporter's rate at c=32
const CPU_GOAL = 1.5; // × s_time's CPU per handshake

type Sample = (PeerResult | SampleResult) & { serverCpuSeconds: number };

interface Contender {
  name: string;
  /** Share of options.seconds (the main contenders) or options.peerSeconds (the slow peers) per run. */
  long: boolean;
  run(seconds: number, round: number): Promise<PeerResult | SampleResult | Skipped>;
}

/** Every round's samples of one contender added up: rates are total checks over total seconds. */
interface Total {
  handshakes: number;
  failed: number;
  seconds: number;
  rate: number;
  cpuSeconds: number;
  serverCpuSeconds: number;
  /** Handshakes the server answered during the samples, warm-ups included (its CPU covers them too). */
  serverHandshakes: number;
  rounds: number[];
  firstFailure?: string;
  eventLoopUtilization?: number;
  judgeMicros?: number;
  latencyP50Ms?: number;
  latencyP99Ms?: number;
}

function add(total: Total | undefined, s: Sample): Total {
  const t: Total = total ?? {
    handshakes: 0,
    failed: 0,
    seconds: 0,
    rate: 0,
    cpuSeconds: 0,
    serverCpuSeconds: 0,
    serverHandshakes: 0,
    rounds: [],
  };
  t.handshakes += s.handshakes;
  t.failed += s.failed;
  t.seconds += s.seconds;
  t.cpuSeconds += s.cpuSeconds;
  t.serverCpuSeconds += s.serverCpuSeconds;
  t.serverHandshakes += s.handshakes + s.failed + ('warmupHandshakes' in s ? s.warmupHandshakes : 0);
  t.rate = t.handshakes / t.seconds;
  t.rounds.push(s.rate);
  t.firstFailure ??= s.firstFailure;
  if ('eventLoopUtilization' in s) {
    const n = t.rounds.length;
    t.eventLoopUtilization = ((t.eventLoopUtilization ?? 0) * (n - 1) + s.eventLoopUtilization) / n;
    t.judgeMicros ??= s.judgeMicros;
    t.latencyP50Ms = s.latencyP50Ms;
    t.latencyP99Ms = s.latencyP99Ms;
  }
  return t;
}

export async function throughput(ctx: Context): Promise<void> {
  const { options, pki, server } = ctx;
  const raw: Record<string, unknown> = {};
  ctx.raw.throughput = raw;
  for (const kind of ['ec', 'rsa'] as const) {
    const label = kind === 'ec' ? 'ECDSA P-256' : 'RSA 2048';
    const port = server[kind];
    const rootFile = pki[kind].rootFile;
    const sample = (
      concurrency: number,
      seconds: number,
      round: number,
      threads?: number,
      distinct?: boolean,
    ): SampleArgs => ({
      port,
      concurrency,
      seconds,
      rootsFile: pki.rootsFile,
      measureJudge: round === 0,
      ...(threads !== undefined ? { threads } : {}),
      ...(distinct ? { distinct } : {}),
    });
    const exporter: Exporter | Skipped = await startBlackbox(
      port,
      rootFile,
      DEFAULT_CONCURRENCY,
      ctx.workDir,
    );
    const contenders: Contender[] = [
      {
        name: `certwatch c=${DEFAULT_CONCURRENCY}`,
        long: true,
        run: (s, r) => runWorker<SampleResult>('probe', sample(DEFAULT_CONCURRENCY, s, r)),
      },
      {
        name: `certwatch c=${options.highConcurrency}`,
        long: true,
        run: (s, r) => runWorker<SampleResult>('probe', sample(options.highConcurrency, s, r)),
      },
      {
        name: DISTINCT,
        long: true,
        run: (s, r) => runWorker<SampleResult>('probe', sample(DEFAULT_CONCURRENCY, s, r, undefined, true)),
      },
      { name: 'openssl s_time -new', long: true, run: (s) => sTime(port, s) },
      {
        name: ONE_THREAD,
        long: false,
        run: (s, r) => runWorker<SampleResult>('probe', sample(DEFAULT_CONCURRENCY, s, r, 0)),
      },
      {
        name: `node tls c=${DEFAULT_CONCURRENCY}`,
        long: false,
        run: (s, r) => runWorker<SampleResult>('node-tls', sample(DEFAULT_CONCURRENCY, s, r)),
      },
      { name: 'openssl s_client loop', long: false, run: (s) => sClientLoop(port, pki.rootsFile, s) },
      { name: 'check_ssl_cert loop', long: false, run: (s) => checkSslCertLoop(port, rootFile, s) },
      {
        name: 'blackbox_exporter',
        long: false,
        run: async (s) => ('skipped' in exporter ? exporter : exporter.sample(s)),
      },
    ];
    const totals = new Map<string, Total | Skipped>();
    try {
      for (let round = 0; round < ROUNDS; round++) {
        for (const c of contenders) {
          if (totals.has(c.name) && 'skipped' in totals.get(c.name)!) continue;
          const seconds = Math.max(
            1,
            Math.round(((c.long ? options.seconds : options.peerSeconds) / ROUNDS) * 10) / 10,
          );
          ctx.log(`throughput ${label}, round ${round + 1}/${ROUNDS}: ${c.name}…`);
          const { result, serverCpuSeconds } = await withServerCpu(ctx, () => c.run(seconds, round));
          if ('skipped' in result) {
            totals.set(c.name, result);
            ctx.skips.push({ section: `1 (${label})`, what: c.name, reason: result.skipped });
            continue;
          }
          const s: Sample = { ...result, serverCpuSeconds };
          totals.set(c.name, add(totals.get(c.name) as Total | undefined, s));
          ctx.log(
            `  ${s.rate.toFixed(1)}/s (${s.handshakes} ok, ${s.failed} failed), client CPU ${s.cpuSeconds.toFixed(2)} s, server CPU ${serverCpuSeconds.toFixed(2)} s`,
          );
          if (s.failed) ctx.log(`  first failure: ${s.firstFailure}`);
        }
      }
    } finally {
      if (!('skipped' in exporter)) await exporter.stop();
    }
    raw[kind] = Object.fromEntries(totals);
    report(ctx, label, totals);
  }
}

function report(ctx: Context, label: string, totals: Map<string, Total | Skipped>): void {
  const { options } = ctx;
  const section = `1. Check throughput, ${label} (checks per second over each whole sample, one local server, ${ROUNDS} rounds)`;
  const get = (name: string): Total | undefined => {
    const t = totals.get(name);
    return t && !('skipped' in t) ? t : undefined;
  };
  const base = get(`certwatch c=${DEFAULT_CONCURRENCY}`)!;
  const high = get(`certwatch c=${options.highConcurrency}`);
  const sTime = get('openssl s_time -new');
  const spread = (t: Total) => `rounds ${t.rounds.map((r) => fmt(r)).join(' / ')} per s`;
  const rows: Row[] = [];
  rows.push({
    section,
    figure: `Certwatch probe, concurrency ${DEFAULT_CONCURRENCY} (default)`,
    value: base.rate,
    unit: '/s',
    note: `${spread(base)}; latency p50 ${base.latencyP50Ms} ms, p99 ${base.latencyP99Ms} ms${base.failed ? `; ${base.failed} checks failed: ${base.firstFailure}` : ''}`,
  });
  const single = get(ONE_THREAD);
  if (single) {
    rows.push({
      section,
      figure: `Certwatch probe, concurrency ${DEFAULT_CONCURRENCY}, all in one thread`,
      value: single.rate,
      unit: '/s',
      peer: { name: 'worker threads', value: base.rate, unit: '/s' },
      ratio: single.rate / base.rate,
      note: `${spread(single)}; the default spreads lists of 500 or more over one worker thread per core`,
    });
  }
  if (high) {
    rows.push({
      section,
      figure: `Certwatch probe, concurrency ${options.highConcurrency}`,
      value: high.rate,
      unit: '/s',
      peer: { name: `c=${DEFAULT_CONCURRENCY}`, value: base.rate, unit: '/s' },
      ratio: high.rate / base.rate,
      note: `${spread(high)}; latency p50 ${high.latencyP50Ms} ms, p99 ${high.latencyP99Ms} ms`,
    });
  }
  const versus = (figure: string, name: string, peerName: string, target?: { min: number; text: string }) => {
    const peer = get(name);
    if (!peer) return;
    if (!peer.handshakes) {
      rows.push({
        section,
        figure,
        value: base.rate,
        unit: '/s',
        peer: { name: peerName, value: 0, unit: '/s' },
        note: `${peerName}: every run failed (${peer.failed}): ${peer.firstFailure}`,
      });
      return;
    }
    const ratio = base.rate / peer.rate;
    const perRound = peer.rounds.map((r, i) => (base.rounds[i] ?? NaN) / r);
    rows.push({
      section,
      figure,
      value: base.rate,
      unit: '/s',
      peer: { name: peerName, value: peer.rate, unit: '/s' },
      ratio,
      ...(target ? { target: target.text, met: ratio >= target.min } : {}),
      note:
        `${peerName} ${spread(peer)}; ratio per round ${perRound.map((r) => r.toFixed(2)).join(' / ')}` +
        (peer.failed ? `; ${peer.failed} runs failed: ${peer.firstFailure}` : ''),
    });
  };
  versus('vs openssl s_time -new (sequential)', 'openssl s_time -new', 's_time', {
    min: 0.7,
    text: '≥ 0.7×',
  });
  versus(
    `vs bare Node TLS handshakes, c=${DEFAULT_CONCURRENCY}`,
    `node tls c=${DEFAULT_CONCURRENCY}`,
    'node tls',
  );
  versus('vs shell loop of openssl s_client', 'openssl s_client loop', 's_client');
  versus('vs shell loop of check_ssl_cert', 'check_ssl_cert loop', 'check_ssl_cert', {
    min: 20,
    text: '≥ 20×',
  });
  versus(`vs blackbox_exporter, ${DEFAULT_CONCURRENCY} in flight`, 'blackbox_exporter', 'blackbox', {
    min: RATE_GOAL,
    text: `≥ ${RATE_GOAL}× (probe rate at c=${DEFAULT_CONCURRENCY})`,
  });

  // The same list with every certificate new to the process: what a list of distinct sites costs, where the
  // figures above re-check one chain and the probe's memos answer from the second check on.
  const fresh = get(DISTINCT);
  const blackbox = get('blackbox_exporter');
  if (fresh) {
    rows.push({
      section,
      figure: `Certwatch probe, c=${DEFAULT_CONCURRENCY}, every certificate new`,
      value: fresh.rate,
      unit: '/s',
      ...(blackbox
        ? {
            peer: { name: 'blackbox', value: blackbox.rate, unit: '/s' },
            ratio: fresh.rate / blackbox.rate,
            target: `≥ ${RATE_GOAL}× (probe rate at c=${DEFAULT_CONCURRENCY})`,
            met: fresh.rate / blackbox.rate >= RATE_GOAL,
          }
        : {}),
      note: `${spread(fresh)}; ${DISTINCT_NOTE}${fresh.failed ? `; ${fresh.failed} checks failed: ${fresh.firstFailure}` : ''}`,
    });
  }

  // Where the time goes: CPU per check on each side of the connection.
  const perCheck = (t: Total) => ({
    client: (t.cpuSeconds / t.handshakes) * 1000,
    server: (t.serverCpuSeconds / t.serverHandshakes) * 1000,
  });
  const cw = perCheck(base);
  const st = sTime && sTime.handshakes ? perCheck(sTime) : undefined;
  rows.push({
    section,
    figure: 'CPU per check, Certwatch, one chain re-checked (every thread)',
    value: cw.client,
    unit: 'ms',
    ...(st
      ? {
          peer: { name: 's_time', value: st.client, unit: 'ms' },
          ratio: cw.client / st.client,
          target: `≤ ${CPU_GOAL}× s_time per handshake`,
          met: cw.client / st.client <= CPU_GOAL,
        }
      : {}),
    note: 'user + system time of the whole process (main thread and workers) over the sample ÷ checks',
  });
  if (fresh?.handshakes) {
    const client = perCheck(fresh).client;
    rows.push({
      section,
      figure: 'CPU per check, Certwatch, every certificate new',
      value: client,
      unit: 'ms',
      ...(st
        ? {
            peer: { name: 's_time', value: st.client, unit: 'ms' },
            ratio: client / st.client,
            target: `≤ ${CPU_GOAL}× s_time per handshake`,
            met: client / st.client <= CPU_GOAL,
          }
        : {}),
    });
  }
  if (single?.handshakes) {
    rows.push({
      section,
      figure: 'CPU per check, Certwatch all in one thread',
      value: perCheck(single).client,
      unit: 'ms',
      ...(st
        ? {
            peer: { name: 's_time', value: st.client, unit: 'ms' },
            ratio: perCheck(single).client / st.client,
          }
        : {}),
    });
  }
  rows.push({
    section,
    figure: 'CPU per check, server side',
    value: cw.server,
    unit: 'ms',
    ...(st ? { peer: { name: 's_time', value: st.server, unit: 'ms' }, ratio: cw.server / st.server } : {}),
  });
  if (base.judgeMicros !== undefined) {
    rows.push({
      section,
      figure: 'of the probe: the verdict on a chain seen before (path, names, dates, keys)',
      value: base.judgeMicros / 1000,
      unit: 'ms',
    });
  }
  const bare = get(`node tls c=${DEFAULT_CONCURRENCY}`);
  if (bare?.handshakes) {
    rows.push({
      section,
      figure: 'CPU per bare Node TLS handshake',
      value: perCheck(bare).client,
      unit: 'ms',
    });
  }
  rows.push({
    section,
    figure: `Certwatch main thread busy, c=${DEFAULT_CONCURRENCY} (checks in the workers)`,
    value: base.eventLoopUtilization !== undefined ? base.eventLoopUtilization * 100 : null,
    unit: '%',
  });
  if (single?.eventLoopUtilization !== undefined)
    rows.push({
      section,
      figure: `Certwatch event loop busy, c=${DEFAULT_CONCURRENCY}, all in one thread`,
      value: single.eventLoopUtilization * 100,
      unit: '%',
    });
  for (const [name, key] of [
    ['s_client loop', 'openssl s_client loop'],
    ['check_ssl_cert', 'check_ssl_cert loop'],
    ['blackbox_exporter', 'blackbox_exporter'],
  ] as const) {
    const t = get(key);
    if (t?.handshakes)
      rows.push({ section, figure: `CPU per check, ${name}`, value: perCheck(t).client, unit: 'ms' });
  }
  ctx.rows.push(...rows);
}
