// Bundles the CLI (and, with --app, the Electron main process and preload) with esbuild into dist/.
// Plain JS so it runs on Node 20 at `npm ci` (prepare) without a TypeScript loader.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildCli() {
  await build({
    absWorkingDir: root,
    entryPoints: ['main/cli/certwatch.ts'],
    outfile: 'dist/cli/certwatch.js',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
    sourcemap: true,
    logLevel: 'warning',
  });
  await chmod(`${root}/dist/cli/certwatch.js`, 0o755);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
}
