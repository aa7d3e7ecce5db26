// `npm run bench`: Certwatch's figures and their ratios to peers measured in the same run (absolute times on
// shared machines are noise). Bundled by scripts/bench.mjs; the same bundle runs the workers and the server
// (`worker <task> <json>`), so every measurement that needs its own CPU and memory counters gets a process.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { writeBenchPki, type BenchPki } from './pki';
import { runServer, type ServerPorts } from './server';
import { nodeTlsSample, probeSample, scaleRun, type SampleArgs, type ScaleArgs } from './workers';
import { loadAverage, run, startService, stopChild, which } from './proc';
import { renderTable, type Row, type Skip } from './report';
import type { BenchOptions, Context } from './context';
import { throughput } from './throughput';
import { scale } from './scale';
import { startup } from './startup';
import { idle } from './idle';
import { storeBench } from './store';
import { windowBench } from './window';
import { findCheckSslCert } from './peers';
import { runBridge, type BridgeArgs } from './bridge-worker';

const SECTIONS = ['throughput', 'scale', 'idle', 'window', 'startup', 'store'];

async function worker(task: string, json: string): Promise<void> {
  const args: unknown = JSON.parse(json);
  let result: unknown;
  if (task === 'server') return runServer(args as BenchPki);
  if (task === 'bridge') return runBridge(args as BridgeArgs);
  if (task === 'probe') result = await probeSample(args as SampleArgs);
  else if (task === 'node-tls') result = await nodeTlsSample(args as SampleArgs);
  else if (task === 'scale') result = await scaleRun(args as ScaleArgs);
  else throw new Error(`unknown worker task ${task}`);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}

class OptionError extends Error {}

function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    only: new Set(SECTIONS),
    seconds: 15,
    peerSeconds: 10,
    scaleTimeout: 5,
    highConcurrency: 256,
    idleSeconds: 60,
    idleSettle: 75,
    outDir: 'bench-output',
    root: process.cwd(),
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? '';
    const num = () => {
      const n = Number(value());
      if (!Number.isFinite(n) || n <= 0) throw new OptionError(`${flag} needs a positive number`);
      return n;
    };
    if (flag === '--only') {
      options.only = new Set(value().split(','));
      for (const s of options.only)
        if (!SECTIONS.includes(s)) throw new OptionError(`--only: unknown section ${s}`);
    } else if (flag === '--seconds') options.seconds = num();
    else if (flag === '--peer-seconds') options.peerSeconds = num();
    else if (flag === '--scale-timeout') options.scaleTimeout = num();
    else if (flag === '--high-concurrency') options.highConcurrency = num();
    else if (flag === '--idle-seconds') options.idleSeconds = num();
    else if (flag === '--out') options.outDir = value();
    else if (flag === '--keep') options.keep = true;
    else if (flag === '--quick') {
      options.seconds = 3;
      options.peerSeconds = 2;
      options.scaleTimeout = 1;
      options.idleSeconds = 10;
      options.idleSettle = 5;
    } else if (flag === '--help' || flag === '-h') {
      process.stdout.write(
        `npm run bench [-- options]
  --only LIST           sections: ${SECTIONS.join(',')} (default all)
  --seconds N           seconds of Certwatch and of s_time per throughput figure, over 3 rounds (default 15)
  --peer-seconds N      the same for the other peers (default 10)
  --scale-timeout N     per-target timeout in the scale runs, seconds (default 5)
  --high-concurrency N  Certwatch's "high" concurrency (default 256)
  --idle-seconds N      idle watching measured, seconds (default 60)
  --quick               short samples, to try the bench out (figures not meaningful)
  --out DIR             where the JSON and the table go (default bench-output)
  --keep                keep the work folder (certificates, stores) and print its path, to look into
`,
      );
      process.exit(0);
    } else throw new OptionError(`unknown option ${flag} (try --help)`);
  }
  return options;
}

async function machine(): Promise<Record<string, unknown>> {
  const cpuInfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuInfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const openssl = which('openssl') ? (await run('openssl', ['version'])).stdout.trim() : 'not installed';
  const pkgVersion = async (pkg: string) => {
    const r = await run('dpkg-query', ['-W', '-f=${Version}', pkg]).catch(() => undefined);
    return r && r.code === 0 && r.stdout ? r.stdout : undefined;
  };
  return {
    date: new Date().toISOString(),
    cores: cpus().length,
    cpuModel: model,
    memoryGiB: Math.round(
      Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]) / 1048576,
    ),
    node: process.version,
    nodeOpenssl: process.versions.openssl,
    openssl,
    checkSslCert: findCheckSslCert() ? await pkgVersion('monitoring-plugins-contrib') : undefined,
    blackboxExporter: await pkgVersion('prometheus-blackbox-exporter'),
    chromium: await pkgVersion('chromium'),
    loadAverageAtStart: loadAverage(),
  };
}

async function orchestrate(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  const started = performance.now();
  const log = (line: string) =>
    process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
  const env = await machine();
  log(
    `Certwatch bench on ${env.cores} cores (${env.cpuModel}), Node ${env.node}, ${env.openssl}, load ${env.loadAverageAtStart}`,
  );
  // How busy the machine was all along (our own work included), sampled every 5 s.
  const loads: number[] = [loadAverage()];
  const loadTimer = setInterval(() => loads.push(loadAverage()), 5000);
  const workDir = await mkdtemp(join(tmpdir(), 'certwatch-bench-'));
  const rows: Row[] = [];
  const skips: Skip[] = [];
  const raw: Record<string, unknown> = { machine: env, options: { ...options, only: [...options.only] } };
  log('minting certificates…');
  const pki = await writeBenchPki(workDir, options.only.has('throughput'));
  const { child: serverChild, info: server } = await startService<ServerPorts>(process.execPath, [
    process.argv[1]!,
    'worker',
    'server',
    JSON.stringify(pki),
  ]);
  const ctx: Context = { options, pki, server, workDir, rows, skips, raw, log };
  const errors: string[] = [];
  // The idle watcher settles (GC after its first round) while the window and start-up sections run.
  let finishIdle: (() => Promise<void>) | undefined;
  const sections: [string, (c: Context) => Promise<void>][] = [
    ['throughput', throughput],
    ['scale', scale],
    ['idle', async (c) => void (finishIdle = await idle(c))],
    ['window', windowBench],
    ['startup', startup],
    ['store', storeBench],
    ['idle', async () => finishIdle?.()],
  ];
  const sectionSeconds: Record<string, number> = {};
  raw.sectionSeconds = sectionSeconds;
  try {
    for (const [name, fn] of sections) {
      if (!options.only.has(name)) continue;
      const t0 = performance.now();
      try {
        await fn(ctx);
        sectionSeconds[name] = (sectionSeconds[name] ?? 0) + (performance.now() - t0) / 1000;
      } catch (error) {
        const message = `${name} failed: ${(error as Error).stack ?? String(error)}`;
        log(message);
        errors.push(message);
      }
    }
  } finally {
    await stopChild(serverChild);
    if (options.keep) log(`work folder kept: ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  }
  clearInterval(loadTimer);
  const elapsed = (performance.now() - started) / 1000;
  const loadSummary = {
    min: Math.min(...loads),
    max: Math.max(...loads),
    mean: Math.round((loads.reduce((a, b) => a + b, 0) / loads.length) * 100) / 100,
  };
  raw.loadAverageSamples = loads;
  raw.rows = rows;
  raw.skips = skips;
  raw.errors = errors;
  raw.elapsedSeconds = elapsed;
  raw.loadAverageAtEnd = loadAverage();
  const table =
    `Certwatch bench, ${env.date}: ${env.cores} × ${env.cpuModel}, Node ${env.node}, ${env.openssl}\n` +
    `load average (1 min, every 5 s, this run included): ${loadSummary.min}–${loadSummary.max}, mean ${loadSummary.mean}; ${elapsed.toFixed(0)} s in all\n` +
    `ratio = Certwatch ÷ peer (rates: higher is better for Certwatch; times and CPU: lower is better)\n\n` +
    renderTable(rows, skips) +
    (errors.length ? `\nErrors:\n${errors.map((e) => `  ${e.split('\n')[0]}`).join('\n')}\n` : '');
  process.stdout.write('\n' + table);
  const outDir = resolve(options.root, options.outDir);
  await mkdir(outDir, { recursive: true });
  const stamp = String(env.date).replace(/[:.]/g, '-');
  await writeFile(join(outDir, `bench-${stamp}.json`), JSON.stringify(raw, null, 2) + '\n');
  await writeFile(join(outDir, 'latest.json'), JSON.stringify(raw, null, 2) + '\n');
  await writeFile(join(outDir, 'latest.txt'), table);
  log(`results: ${join(outDir, `bench-${stamp}.json`)} and latest.txt`);
  return errors.length ? 1 : 0;
}

const [, , first, task, json] = process.argv;
if (first === 'worker') {
  await worker(task!, json ?? '{}');
} else {
  try {
    process.exitCode = await orchestrate(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof OptionError)) throw error;
    process.stderr.write(`bench: ${error.message}\n`);
    process.exitCode = 2;
  }
}
