// Runs Doyensec's electronegativity over the app's sources (main/ and renderer/) and fails on any finding above
// LOW, or on any file it could not parse (an unparsed file is an unchecked file). Works offline.
// Usage: node scripts/electronegativity.mjs
/* global URL, console, process */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/**
 * AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK downloads Electron's release list on every run; keeping Electron current
 * is Dependabot's job, and CI must not depend on the network. Everything else runs.
 */
const EXCLUDED = ['availablesecurityfixesglobalcheck'];

// Only the app's sources and package.json (for the Electron version), not tests, scripts or build output.
const input = mkdtempSync(path.join(os.tmpdir(), 'certwatch-electronegativity-'));
for (const part of ['main', 'renderer', 'package.json'])
  cpSync(path.join(root, part), path.join(input, part), { recursive: true });

/** `eng-disable` comments silence a check where a reviewer accepted it; list them so none goes unnoticed. */
function exceptions(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|html)$/.test(e.name))
    .flatMap((e) => {
      const file = path.join(e.parentPath, e.name);
      return readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          /eng-disable/.test(line) ? [`${path.relative(dir, file)}:${i + 1} ${line.trim()}`] : [],
        );
    });
}
const reviewed = exceptions(input);

const log = console.log;
let result;
try {
  process.env.LANG = 'en-US'; // the report's language; translations are fetched, and skipped when offline
  console.log = () => undefined; // its "could not fetch translations" chatter
  const run = require('@doyensec/electronegativity');
  result = await run({
    input,
    customScan: [],
    excludeFromScan: EXCLUDED,
    isRelative: true,
    isVerbose: true,
    parserPlugins: [],
  });
} finally {
  console.log = log;
  rmSync(input, { recursive: true, force: true });
}

const LOW = 1;
const severe = result.issues.filter((i) => i.severity.value > LOW);
const low = result.issues.filter((i) => i.severity.value <= LOW);
const unparsed = result.errors.filter((e) => !e.tolerable);
const where = (i) => `${i.file}${i.location?.line ? `:${i.location.line}:${i.location.column}` : ''}`;

console.log(`electronegativity: ${result.atomicChecks} atomic and ${result.globalChecks} global checks`);
for (const line of reviewed) console.log(`  reviewed exception ${line}`);
for (const i of low) console.log(`  accepted ${i.severity.name} ${i.id} ${where(i)} (see ARCHITECTURE.md)`);
for (const i of severe)
  console.error(`  ${i.severity.name} ${i.id} ${where(i)}: ${i.description} ${i.shortenedURL}`);
for (const e of unparsed) console.error(`  could not parse ${e.file}: ${e.message}`);

if (severe.length || unparsed.length) {
  console.error(
    `electronegativity: ${severe.length} findings above LOW, ${unparsed.length} files not parsed`,
  );
  process.exit(1);
}
console.log('electronegativity: no findings above LOW');
