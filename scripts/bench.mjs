// `npm run bench`: rebuilds the CLI (so the start-up and idle figures are of the current code), bundles
// bench/ with esbuild into bench-output/build and runs it. Plain JS, no Electron binary, installs nothing:
// a missing peer (check_ssl_cert, blackbox_exporter, Chromium) is reported and skipped by the bench itself.
/* global URL, process, console */
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as builds from './build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

if (process.platform !== 'linux') {
  console.error('npm run bench reads /proc for CPU and memory figures: it runs on Linux only.');
  process.exit(1);
}

const quiet = args.includes('--help') || args.includes('-h');
/** The sections asked for with --only (undefined: all). */
const only = (() => {
  const i = args.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (i < 0) return undefined;
  return (args[i].includes('=') ? args[i].split('=')[1] : (args[i + 1] ?? '')).split(',');
})();
const wanted = (section) => !only || only.includes(section);
if (!quiet) {
  if (wanted('startup') || wanted('idle') || wanted('store')) {
    console.error('bench: building the CLI (dist/cli/certwatch.js)…');
    await builds.buildCli();
  }
  // The window figures need the web bridge and the renderer built in bridge mode.
  if (wanted('window')) {
    console.error('bench: building the web bridge and the window in bridge mode…');
    try {
      await builds.buildBridge();
    } catch (error) {
      console.error(`bench: the bridge build failed, the window figures will be skipped: ${error.message}`);
    }
  }
}

await build({
  ...builds.nodeBundle,
  entryPoints: ['bench/main.ts'],
  outfile: 'bench-output/build/bench.mjs',
  target: 'node20',
});

// Next to bench.mjs, where main/core/probe/pool.ts looks for it: the throughput and scale runs use the workers.
await builds.buildProbeWorker('bench-output/build/probe-worker.mjs');

const child = spawn(
  process.execPath,
  ['--enable-source-maps', `${root}bench-output/build/bench.mjs`, ...args],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
