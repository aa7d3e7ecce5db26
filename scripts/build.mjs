// Bundles the CLI (with --app, the Electron main process, preload, renderer and tray icons; with --bridge, the
// development web bridge and its window) into dist/
// Plain JS so it runs on Node 20 at `npm ci` (prepare) without a TypeScript loader.
/* global URL, process */
import { build } from 'esbuild';
import { chmod, cp } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What every Node bundle shares; npm packages stay in node_modules (electron-builder packs them for the app). */
export const nodeBundle = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

/** The window through Vite: `production` for the app, `bridge` for the development web bridge. */
async function buildRenderer(mode, extra = {}) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({
    configFile: `${root}vite.config.ts`,
    root: `${root}renderer`,
    mode,
    logLevel: 'warn',
    ...extra,
  });
}

export async function buildCli() {
  await build({
    ...nodeBundle,
    entryPoints: ['main/cli/certwatch.ts'],
    // Split at dynamic imports: `certwatch check` never loads the store, conf or node-notifier.
    outdir: 'dist/cli',
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  });
  await chmod(`${root}/dist/cli/certwatch.js`, 0o755);
}

/**
 * The probe's worker thread (main/core/probe/pool.ts spreads long lists over one per core): its own small entry,
 * found at run time next to the bundle that starts it (dist/cli/probe-worker.js for the CLI).
 */
export async function buildProbeWorker(outfile = 'dist/cli/probe-worker.js') {
  await build({
    ...nodeBundle,
    entryPoints: ['main/core/probe/probe-worker.ts'],
    outfile,
    target: 'node20',
  });
}

/**
 * The desktop app: main process (ESM; node_modules stay external and are packed by electron-builder), the
 * sandboxed preload (CommonJS, the only format a sandboxed preload may be, with nothing but `electron`
 * external), the React window through Vite, and the icons the tray loads at run time.
 */
export async function buildApp() {
  await build({
    ...nodeBundle,
    entryPoints: ['main/app/main.ts'],
    outfile: 'dist/app/main.js',
    target: 'node22',
    external: ['electron'],
  });
  await build({
    absWorkingDir: root,
    entryPoints: ['main/preload.ts'],
    outfile: 'dist/app/preload.cjs',
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['electron'],
    sourcemap: true,
    logLevel: 'warning',
  });
  await buildRenderer('production');
  await cp(`${root}assets/tray`, `${root}dist/assets/tray`, { recursive: true });
  await cp(`${root}assets/icon.png`, `${root}dist/assets/icon.png`);
}

/**
 * The development web bridge (dist/bridge/server.js, plain Node) and the window built in bridge mode
 * (dist/renderer-bridge, or `rendererOutDir`), which alone carries the fetch/EventSource client.
 */
export async function buildBridge({ rendererOutDir } = {}) {
  await build({
    ...nodeBundle,
    entryPoints: ['main/bridge/server.ts'],
    outfile: 'dist/bridge/server.js',
    target: 'node20',
  });
  await buildRenderer(
    'bridge',
    rendererOutDir ? { build: { outDir: rendererOutDir, emptyOutDir: true } } : {},
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
  await buildProbeWorker();
  if (process.argv.includes('--app')) await buildApp();
  if (process.argv.includes('--bridge')) await buildBridge();
}
