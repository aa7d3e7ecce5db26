// Item 1 of issue 15: wall time of one `certwatch check` of a local host and of `certwatch --help` against
// `node -e 0` (the runtime's own start), and the check's peak resident memory; `openssl s_client` for scale.
// Every contender runs the same way: round-robin, each under /usr/bin/time (for its peak RSS) when it is there.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context } from './context';
import { BENCH_DOMAIN } from './pki';
import { isExecutable, median, run, which } from './proc';

const RUNS = 11;
/** Goals of issue 15, item 1. */
const CHECK_TARGET = 2;
const HELP_TARGET = 1.3;
const RSS_TARGET_MB = 50;

interface Contender {
  cmd: string;
  args: string[];
  /** Per-round environment (a fresh compile cache for the cold figures). */
  env?: (round: number) => Promise<NodeJS.ProcessEnv>;
}

export async function startup(ctx: Context): Promise<void> {
  const section = `5. CLI start-up: one check of one local host (median of ${RUNS} rounds, wall time)`;
  const cli = join(ctx.options.root, 'dist/cli/certwatch.js');
  if (!existsSync(cli)) {
    ctx.skips.push({ section: '5', what: 'certwatch check', reason: `${cli} missing (run npm run build)` });
    return;
  }
  const name = `cli.${BENCH_DOMAIN}`;
  const port = ctx.server.ec;
  const node = process.execPath;
  const checkArgs = [
    cli,
    'check',
    '--ca',
    ctx.pki.rootsFile,
    '--resolve',
    `${name}:127.0.0.1`,
    `${name}:${port}`,
  ];
  // The CLI keeps compiled code between runs (main/cli/compile-cache.ts): a bench-private folder, warmed once
  // before the rounds, for the usual figures; a fresh empty one each round for the first run after an install.
  const warmCache = join(ctx.workDir, 'compile-cache');
  await mkdir(warmCache, { recursive: true, mode: 0o700 });
  const coldRoot = await mkdtemp(join(ctx.workDir, 'cold-cache-'));
  const warm = async () => ({ NODE_COMPILE_CACHE: warmCache });
  const cold = async (round: number) => {
    const dir = join(coldRoot, String(round));
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return { NODE_COMPILE_CACHE: dir };
  };
  const CHECK = 'certwatch check';
  const HELP = 'certwatch --help';
  const NODE = 'node -e 0';
  const CHECK_COLD = 'certwatch check, empty compile cache (first run after an install)';
  const HELP_COLD = 'certwatch --help, empty compile cache';
  const OPENSSL = 'openssl s_client';
  const commands: Record<string, Contender> = {
    [CHECK]: { cmd: node, args: checkArgs, env: warm },
    [HELP]: { cmd: node, args: [cli, '--help'], env: warm },
    [NODE]: { cmd: node, args: ['-e', '0'] },
    [CHECK_COLD]: { cmd: node, args: checkArgs, env: cold },
    [HELP_COLD]: { cmd: node, args: [cli, '--help'], env: cold },
  };
  const openssl = which('openssl');
  if (openssl) {
    commands[OPENSSL] = {
      cmd: openssl,
      args: [
        's_client',
        '-connect',
        `127.0.0.1:${port}`,
        '-servername',
        name,
        '-verify_hostname',
        name,
        '-CAfile',
        ctx.pki.rootsFile,
        '-verify_return_error',
      ],
    };
  } else ctx.skips.push({ section: '5', what: 'openssl s_client', reason: 'openssl not found' });
  const time = isExecutable('/usr/bin/time') ? '/usr/bin/time' : undefined;
  if (!time)
    ctx.skips.push({
      section: '5',
      what: 'peak resident memory',
      reason: '/usr/bin/time (GNU time) not found',
    });
  const rssFile = join(ctx.workDir, 'startup-rss');

  const once = async (label: string, c: Contender, round: number) => {
    const env = { ...process.env, NO_COLOR: '1', ...(c.env ? await c.env(round) : {}) };
    const [cmd, args] = time ? [time, ['-f', '%M', '-o', rssFile, c.cmd, ...c.args]] : [c.cmd, c.args];
    const r = await run(cmd, args, { timeoutMs: 30_000, env });
    if (r.code !== 0)
      throw new Error(`${label} exited ${r.code}: ${r.stderr.slice(-500)} ${r.stdout.slice(-500)}`);
    // GNU time prints KiB; the goal is in MB.
    const rssMB = time
      ? (Number((await readFile(rssFile, 'utf8')).trim().split('\n').pop()) * 1024) / 1e6
      : NaN;
    return { wallMs: r.wallMs, rssMB };
  };

  ctx.log(`start-up: ${Object.keys(commands).join(', ')}, ${RUNS} rounds…`);
  // Fills the warm compile cache for both commands (not timed).
  await once(CHECK, commands[CHECK]!, -1);
  await once(HELP, commands[HELP]!, -1);
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  const rss: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  // Round-robin, so a change in the machine's load touches every command alike.
  for (let i = 0; i < RUNS; i++) {
    for (const [label, c] of Object.entries(commands)) {
      const r = await once(label, c, i);
      samples[label]!.push(r.wallMs);
      rss[label]!.push(r.rssMB);
    }
  }
  await rm(coldRoot, { recursive: true, force: true });
  const medians: Record<string, number> = {};
  const peaks: Record<string, number> = {};
  for (const label of Object.keys(commands)) {
    medians[label] = median(samples[label]!);
    peaks[label] = Math.max(...rss[label]!);
  }
  ctx.raw.startup = { runs: RUNS, samplesMs: samples, medianMs: medians, peakRssMB: rss };

  const nodeMs = medians[NODE]!;
  const peerNode = { name: NODE, value: nodeMs, unit: 'ms' };
  const check = medians[CHECK]!;
  const help = medians[HELP]!;
  ctx.rows.push({
    section,
    figure: 'certwatch check, one local host',
    value: check,
    unit: 'ms',
    peer: peerNode,
    ratio: check / nodeMs,
    target: `≤ ${CHECK_TARGET}×`,
    met: check / nodeMs <= CHECK_TARGET,
  });
  ctx.rows.push({
    section,
    figure: 'certwatch --help',
    value: help,
    unit: 'ms',
    peer: peerNode,
    ratio: help / nodeMs,
    target: `≤ ${HELP_TARGET}×`,
    met: help / nodeMs <= HELP_TARGET,
  });
  if (time) {
    const peak = peaks[CHECK]!;
    ctx.rows.push({
      section,
      figure: 'certwatch check, peak resident memory (max RSS of the rounds)',
      value: peak,
      unit: 'MB',
      peer: { name: NODE, value: peaks[NODE]!, unit: 'MB' },
      ratio: peak / peaks[NODE]!,
      target: `≤ ${RSS_TARGET_MB} MB`,
      met: peak <= RSS_TARGET_MB,
      note: `/usr/bin/time's maximum resident set size (the kernel's peak RSS), the largest of ${RUNS} rounds; --help peaks at ${peaks[HELP]!.toFixed(1)} MB${openssl ? `, openssl s_client at ${peaks[OPENSSL]!.toFixed(1)} MB` : ''}`,
    });
  }
  ctx.rows.push({
    section,
    figure: 'certwatch check, empty compile cache (first run after an install)',
    value: medians[CHECK_COLD]!,
    unit: 'ms',
    peer: peerNode,
    ratio: medians[CHECK_COLD]! / nodeMs,
  });
  ctx.rows.push({
    section,
    figure: 'certwatch --help, empty compile cache',
    value: medians[HELP_COLD]!,
    unit: 'ms',
    peer: peerNode,
    ratio: medians[HELP_COLD]! / nodeMs,
  });
  const ossl = medians[OPENSSL];
  if (ossl !== undefined)
    ctx.rows.push({
      section,
      figure: 'certwatch check against openssl s_client',
      value: check,
      unit: 'ms',
      peer: { name: OPENSSL, value: ossl, unit: 'ms' },
      ratio: check / ossl,
    });
  ctx.rows.push({
    section,
    figure: 'of which the CLI start-up (--help minus node -e 0)',
    value: help - nodeMs,
    unit: 'ms',
  });
  ctx.rows.push({
    section,
    figure: 'of which check: its modules, trust store, handshake (check minus --help)',
    value: check - help,
    unit: 'ms',
  });
}
