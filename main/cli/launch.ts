// The `certwatch` command as installed (dist/cli/certwatch.js): starts the bundled CLI (certwatch.cjs, from
// certwatch.ts, and vendor.cjs, its npm packages) through the compile cache. Kept tiny and free of imports beyond Node's own, so it costs nothing.
import path from 'node:path';
import v8 from 'node:v8';
import { runBundle } from './compile-cache';

/** Set by scripts/build.mjs: a hash of certwatch.cjs and vendor.cjs, so a rebuilt bundle never meets an old cache. */
declare const CERTWATCH_BUILD_ID: string;

const COMMANDS = new Set(['check', 'watch', 'add', 'remove', 'list', 'import', 'export', 'doctor']);
const command = process.argv[2] ?? '';
if (command === 'watch') {
  // A watcher runs for days and is idle between rounds: trade a little CPU in each round (about 10 %) for a
  // smaller heap. V8 then grows the heap less eagerly and keeps its young generation at its first size instead of
  // growing it to 16 MiB per half during a round of checks (BENCHMARKS.md, idle: about 50 MB less at the peak).
  // Set before any module loads; flags that only apply at start-up cannot be set here.
  v8.setFlagsFromString('--optimize-for-size');
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}
runBundle(
  path.join(__dirname, 'certwatch.cjs'),
  CERTWATCH_BUILD_ID,
  COMMANDS.has(command) ? command : 'other',
  ['./vendor.cjs'],
);
