// The `certwatch` command as installed (dist/cli/certwatch.js): starts the bundled CLI (certwatch.cjs, from
// certwatch.ts, and vendor-*.cjs, its npm packages) through the compile cache. Kept tiny, with no imports beyond
// Node's own and small-heap.ts, so it costs nothing.
import path from 'node:path';
import { preferSmallHeap } from '../core/watch/small-heap';
import { runBundle } from './compile-cache';

/** Set by scripts/build.mjs: a hash of the bundles, so a rebuilt bundle never meets an old cache. */
declare const CERTWATCH_BUILD_ID: string;
/** Set by scripts/build.mjs: the vendor files next to certwatch.cjs (npm packages grouped by what needs them). */
declare const CERTWATCH_VENDOR_FILES: string[];

const COMMANDS = new Set(['check', 'watch', 'add', 'remove', 'list', 'import', 'export', 'doctor']);
const command = process.argv[2] ?? '';
// Before any module loads: the watcher's heap stays small from its first round on (small-heap.ts).
if (command === 'watch') preferSmallHeap();
runBundle(
  path.join(__dirname, 'certwatch.cjs'),
  CERTWATCH_BUILD_ID,
  COMMANDS.has(command) ? command : 'other',
  CERTWATCH_VENDOR_FILES,
);
