// Item 2: a watchlist of 250 … 2,000 targets, 10 % of them hanging (TCP accepted, no TLS answer), checked once
// with probeMany in a fresh process each: total time, what the hanging ones add, and peak memory.
import type { Context } from './context';
import { runWorker } from './proc';
import type { ScaleArgs, ScaleResult } from './workers';

const SIZES = [250, 500, 1000, 2000];
const HANG_EVERY = 10;
const DEFAULT_CONCURRENCY = 32;

export async function scale(ctx: Context): Promise<void> {
  const { options, server, pki } = ctx;
  const timeoutMs = options.scaleTimeout * 1000;
  const section = `2. Scale: watchlist with 10 % hanging, timeout ${options.scaleTimeout} s per target`;
  const args = (targets: number, concurrency: number, healthyOnly = false): ScaleArgs => ({
    targets,
    hangEvery: HANG_EVERY,
    healthyOnly,
    concurrency,
    timeoutMs,
    ports: { rsa: server.rsa, ec: server.ec, hung: server.hung },
    rootsFile: pki.rootsFile,
  });
  const runs: ScaleResult[] = [];
  ctx.raw.scale = runs;
  const one = async (a: ScaleArgs) => {
    ctx.log(`scale: ${a.targets} targets${a.healthyOnly ? ' (healthy part only)' : ''}, c=${a.concurrency}…`);
    const r = await runWorker<ScaleResult>('scale', a, 300_000);
    ctx.log(
      `  ${(r.totalMs / 1000).toFixed(2)} s, peak RSS ${r.peakRssMiB?.toFixed(0)} MiB, ${JSON.stringify(r.statuses)}`,
    );
    runs.push(r);
    return r;
  };

  for (const concurrency of [DEFAULT_CONCURRENCY, options.highConcurrency]) {
    const series: ScaleResult[] = [];
    for (const n of SIZES) series.push(await one(args(n, concurrency)));
    const full = series.at(-1)!;
    const healthy = await one(args(2000, concurrency, true));
    const extraTimeouts = (full.totalMs - healthy.totalMs) / timeoutMs;
    const tag = concurrency === DEFAULT_CONCURRENCY ? `c=${concurrency} (default)` : `c=${concurrency}`;
    const unexpected = Object.entries(full.statuses)
      .filter(([k]) => k !== 'ok' && k !== 'error:TIMEOUT')
      .map(([k, v]) => `${v} ${k}`);
    // Only the hanging targets should time out; a healthy one that does was starved (client or server).
    for (const [run, r] of [
      ['the full list', full],
      ['the healthy part alone', healthy],
    ] as const) {
      const late = (r.statuses['error:TIMEOUT'] ?? 0) - r.hanging;
      if (late > 0) unexpected.push(`${late} healthy targets timed out in ${run}`);
    }
    ctx.rows.push({
      section,
      figure: `2,000 targets (200 hanging), ${tag}: total`,
      value: full.totalMs / 1000,
      unit: 's',
      peer: { name: '1,800 healthy alone', value: healthy.totalMs / 1000, unit: 's' },
      ratio: full.totalMs / healthy.totalMs,
      ...(unexpected.length ? { note: `unexpected results: ${unexpected.join(', ')}` } : {}),
    });
    const isDefault = concurrency === DEFAULT_CONCURRENCY;
    ctx.rows.push({
      section,
      figure: `time the hanging targets add, ${tag}`,
      value: extraTimeouts,
      unit: 'timeouts',
      // The target is Certwatch's own behaviour, so it is judged at the default concurrency, as written: ≤ 1.
      // The list ends with a hanging target, which can only start once nearly all the healthy work has, so one
      // timeout is the floor.
      ...(isDefault ? { target: '≤ 1 timeout', met: extraTimeouts <= 1 } : {}),
      note:
        `the list ends with a hanging target, so about 1 timeout is the floor; if every hanging target held its ` +
        `slot until its deadline they would add ${full.hanging} × ${options.scaleTimeout} s ÷ ${concurrency} = ` +
        `${((full.hanging * options.scaleTimeout) / concurrency).toFixed(0)} s (${(full.hanging / concurrency).toFixed(1)} timeouts)`,
    });
    ctx.rows.push({
      section,
      figure: `peak memory of the process, 2,000 targets, ${tag}`,
      value: full.peakRssMiB,
      unit: 'MiB',
      ...(full.rssBeforeMiB !== null
        ? { peer: { name: 'before the run', value: full.rssBeforeMiB, unit: 'MiB' } }
        : {}),
    });
    const first = series[0]!;
    for (const r of series) {
      ctx.rows.push({
        section,
        figure: `growth, ${tag}: ${r.targets.toLocaleString('en-GB')} targets`,
        value: r.totalMs / 1000,
        unit: 's',
        ...(r === first
          ? {}
          : {
              peer: { name: `${first.targets} targets`, value: first.totalMs / 1000, unit: 's' },
              ratio: r.totalMs / first.totalMs,
            }),
      });
    }
  }
}
