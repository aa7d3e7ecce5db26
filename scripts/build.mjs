// Bundles the CLI (with --app, the Electron main process, preload, renderer and tray icons; with --bridge, the
// development web bridge and its window) into dist/
// Plain JS so it runs on Node 20 at `npm ci` (prepare) without a TypeScript loader.
/* global URL, process */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmod, cp, readFile, rm, writeFile } from 'node:fs/promises';
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

/**
 * The CLI: one CommonJS bundle with its npm packages inside (dist/cli/certwatch.cjs: no package resolution, no
 * CommonJS export scanning at start-up) and the installed command dist/cli/certwatch.js, a small launcher that
 * runs the bundle through V8's code cache (main/cli/compile-cache.ts). Commands load their modules lazily
 * (dynamic imports become lazily run module bodies inside the bundle): `--help` never runs the probe.
 * node-notifier stays in node_modules: it runs helper binaries from its own folder.
 */
export async function buildCli() {
  const cli = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  };
  await rm(`${root}dist/cli`, { recursive: true, force: true });
  await build({
    ...cli,
    entryPoints: ['main/cli/certwatch.ts'],
    outfile: 'dist/cli/certwatch.cjs',
    external: ['node-notifier'],
  });
  const bundle = await readFile(`${root}dist/cli/certwatch.cjs`);
  await build({
    ...cli,
    entryPoints: ['main/cli/launch.ts'],
    outfile: 'dist/cli/certwatch.js',
    sourcemap: false,
    define: {
      CERTWATCH_BUILD_ID: JSON.stringify(createHash('sha256').update(bundle).digest('hex').slice(0, 16)),
    },
    banner: { js: '#!/usr/bin/env node' },
  });
  // The package is ESM ("type": "module"); these two files are CommonJS, which starts faster on Node 20.
  await writeFile(`${root}dist/cli/package.json`, '{ "type": "commonjs" }\n');
  await chmod(`${root}dist/cli/certwatch.js`, 0o755);
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
  if (process.argv.includes('--app')) await buildApp();
  if (process.argv.includes('--bridge')) await buildBridge();
}
