// Bundles the CLI (with --app, the Electron main process, preload, renderer and tray icons; with --bridge, the
// development web bridge and its window) into dist/
// Plain JS so it runs on Node 20 at `npm ci` (prepare) without a TypeScript loader.
/* global URL, process */
import { build } from 'esbuild';
import { chmod, cp } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildCli() {
  await build({
    absWorkingDir: root,
    entryPoints: ['main/cli/certwatch.ts'],
    // Split at dynamic imports: `certwatch check` never loads the store, conf or node-notifier.
    outdir: 'dist/cli',
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
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

/**
 * The desktop app: main process (ESM; node_modules stay external and are packed by electron-builder), the
 * sandboxed preload (CommonJS, the only format a sandboxed preload may be, with nothing but `electron`
 * external), the React window through Vite, and the icons the tray loads at run time.
 */
export async function buildApp() {
  await build({
    absWorkingDir: root,
    entryPoints: ['main/app/main.ts'],
    outfile: 'dist/app/main.js',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    external: ['electron'],
    sourcemap: true,
    logLevel: 'warning',
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
  const { build: viteBuild } = await import('vite');
  await viteBuild({
    configFile: `${root}vite.config.ts`,
    root: `${root}renderer`,
    mode: 'production',
    logLevel: 'warn',
  });
  await cp(`${root}assets/tray`, `${root}dist/assets/tray`, { recursive: true });
  await cp(`${root}assets/icon.png`, `${root}dist/assets/icon.png`);
}

/**
 * The development web bridge (dist/bridge/server.js, plain Node) and the window built in bridge mode
 * (dist/renderer-bridge, or `rendererOutDir`), which alone carries the fetch/EventSource client.
 */
export async function buildBridge({ rendererOutDir } = {}) {
  await build({
    absWorkingDir: root,
    entryPoints: ['main/bridge/server.ts'],
    outfile: 'dist/bridge/server.js',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  const { build: viteBuild } = await import('vite');
  await viteBuild({
    configFile: `${root}vite.config.ts`,
    root: `${root}renderer`,
    mode: 'bridge',
    logLevel: 'warn',
    ...(rendererOutDir ? { build: { outDir: rendererOutDir, emptyOutDir: true } } : {}),
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
  if (process.argv.includes('--app')) await buildApp();
  if (process.argv.includes('--bridge')) await buildBridge();
}
