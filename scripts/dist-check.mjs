// `npm run dist:check`: packages the app with electron-builder exactly as `npm run dist` does, but against a
// stub Electron distribution (no download, any machine), target `dir`, then checks what would ship: the asar
// holds main, preload, renderer and icons; node-notifier's helpers are unpacked; no devDependency and no
// renderer-only package is packed; the fuses read back as electron-builder.yml sets them; the size is in budget.
// Plain JS so it runs on Node 20 without a TypeScript loader.
/* global URL, console, process, Buffer */
import { readFile, rm, mkdir, writeFile, chmod, readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { buildApp } from './build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));

/** The Electron the app ships on (package.json's devDependency), so electron-builder never asks npm or GitHub. */
const ELECTRON_VERSION = pkg.devDependencies.electron;
/** What the packed app may weigh without Electron itself (asar + unpacked helpers). Today about 17 MB. */
const APP_BUDGET_BYTES = 25 * 1024 * 1024;
/** Packages only the window uses: Vite bundles them into dist/renderer, so the main process never loads them. */
const RENDERER_ONLY = [
  'react',
  'react-dom',
  'scheduler',
  '@tanstack/react-virtual',
  '@tanstack/virtual-core',
];

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/**
 * The fuse wire of a real Electron 45 build before flipping, in @electron/fuses' FuseV1Options order: RunAsNode,
 * EnableCookieEncryption, EnableNodeOptionsEnvironmentVariable, EnableNodeCliInspectArguments,
 * EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar, LoadBrowserProcessSpecificV8Snapshot,
 * GrantFileProtocolExtraPrivileges ('1' enabled, '0' disabled), so every fuse the config sets must really flip.
 */
const STOCK_FUSES = '10110001';

const failures = [];
const check = (ok, message) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${message}`);
  if (!ok) failures.push(message);
};

/** A stand-in for Electron's unpacked Linux distribution: an `electron` that carries the fuse wire. */
async function stubElectronDist(dir) {
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stub Electron for dist:check; it does not run apps" >&2\nexit 1\n'),
    Buffer.from(SENTINEL),
    Buffer.from([1, STOCK_FUSES.length]),
    Buffer.from(STOCK_FUSES),
    Buffer.from('\n'),
  ]);
  await writeFile(path.join(dir, 'electron'), wire);
  await chmod(path.join(dir, 'electron'), 0o755);
  await writeFile(path.join(dir, 'version'), ELECTRON_VERSION);
  await writeFile(path.join(dir, 'LICENSE'), 'stub\n');
  await writeFile(path.join(dir, 'LICENSES.chromium.html'), '<p>stub</p>\n');
}

async function sizeOf(p) {
  const s = await stat(p);
  if (!s.isDirectory()) return s.size;
  let total = 0;
  for (const name of await readdir(p)) total += await sizeOf(path.join(p, name));
  return total;
}

const work = path.join(os.tmpdir(), `certwatch-dist-check-${process.pid}`);
const distDir = path.join(work, 'electron-dist');
const outDir = path.join(work, 'release');
try {
  await buildApp();
  await stubElectronDist(distDir);

  const { build, Platform, Arch } = await import('electron-builder');
  const { getConfig } = require('app-builder-lib/out/util/config/config');
  const config = await getConfig(root, null, null);
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    publish: 'never',
    config: {
      electronDist: distDir,
      electronVersion: ELECTRON_VERSION,
      directories: { output: outDir },
      // Nothing native to rebuild, and no compiler or headers download.
      npmRebuild: false,
      nodeGypRebuild: false,
    },
  });

  const appDir = path.join(outDir, 'linux-unpacked');
  const exe = path.join(appDir, config.linux.executableName);
  const asarPath = path.join(appDir, 'resources', 'app.asar');
  check(existsSync(asarPath), 'the app is packed as resources/app.asar');

  const asar = require('@electron/asar');
  const files = new Set(asar.listPackage(asarPath).map((f) => f.replaceAll('\\', '/')));
  for (const f of [
    '/dist/app/main.js',
    '/dist/app/preload.cjs',
    '/dist/renderer/index.html',
    '/dist/assets/icon.png',
    '/dist/assets/tray/ok.png',
    '/dist/assets/tray/critical.png',
    '/package.json',
  ])
    check(files.has(f), `the asar holds ${f}`);
  check(
    [...files].some((f) => /^\/dist\/renderer\/assets\/.+\.js$/.test(f)),
    'the asar holds the renderer bundle',
  );
  check(
    ![...files].some((f) => /^\/(main|test|renderer|scripts)\//.test(f)),
    'no sources or tests in the asar',
  );

  const unpacked = path.join(
    appDir,
    'resources',
    'app.asar.unpacked',
    'node_modules',
    'node-notifier',
    'vendor',
  );
  // electron-builder leaves .exe files out of non-Windows packages; the Windows build unpacks SnoreToast alike.
  const helper = 'mac.noindex/terminal-notifier.app/Contents/MacOS/terminal-notifier';
  check(
    existsSync(path.join(unpacked, helper)),
    `node-notifier's ${helper} is outside the asar (asarUnpack)`,
  );
  const vendorInside = [...files].filter((f) => {
    if (!f.startsWith('/node_modules/node-notifier/vendor/')) return false;
    const entry = asar.statFile(asarPath, f.slice(1));
    return !entry.files && !entry.unpacked; // a file (not a folder) stored inside the archive
  });
  check(
    vendorInside.length === 0,
    `no node-notifier helper file is left inside the asar${vendorInside.length ? ` (${vendorInside.slice(0, 3).join(', ')})` : ''}`,
  );
  check(
    ![...files].some((f) => /^\/dist\/(cli|bridge|renderer-bridge)\//.test(f)),
    'neither the CLI nor the development bridge ships in the app',
  );

  const packed = new Set();
  for (const f of files) {
    const m = /^\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f);
    if (m) packed.add(m[1]);
  }
  check(packed.has('node-notifier') && packed.has('electron-store'), 'runtime dependencies are packed');
  const dev = Object.keys(pkg.devDependencies).filter((d) => packed.has(d));
  check(dev.length === 0, `no devDependency is packed${dev.length ? ` (found ${dev.join(', ')})` : ''}`);
  const web = RENDERER_ONLY.filter((d) => packed.has(d));
  check(
    web.length === 0,
    `no renderer-only dependency is packed${web.length ? ` (found ${web.join(', ')})` : ''}`,
  );

  const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses');
  const FuseState = { ENABLE: '1'.charCodeAt(0), DISABLE: '0'.charCodeAt(0) }; // @electron/fuses' wire bytes
  const wire = await getCurrentFuseWire(exe);
  const wanted = {
    runAsNode: FuseV1Options.RunAsNode,
    enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
    enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
    enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
    enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
    onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
    loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
    grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
  };
  const configured = Object.entries(config.electronFuses ?? {});
  check(configured.length >= 7, `electron-builder.yml sets the fuses (${configured.length} of them)`);
  for (const [name, value] of configured) {
    if (!(name in wanted)) {
      check(false, `fuse ${name} is one dist:check knows how to read back`);
      continue;
    }
    const state = wire[wanted[name]];
    const expected = value ? FuseState.ENABLE : FuseState.DISABLE;
    check(state === expected, `fuse ${name} reads back ${value ? 'on' : 'off'} from the packaged binary`);
  }

  const appBytes =
    (await sizeOf(asarPath)) + (await sizeOf(path.join(appDir, 'resources', 'app.asar.unpacked')));
  const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  check(
    appBytes <= APP_BUDGET_BYTES,
    `the app weighs ${mb(appBytes)} besides Electron (budget ${mb(APP_BUDGET_BYTES)})`,
  );
} catch (error) {
  failures.push(String(error?.stack ?? error));
  console.error(error);
} finally {
  await rm(work, { recursive: true, force: true });
}

if (failures.length) {
  console.error(`\ndist:check failed: ${failures.length} problem${failures.length === 1 ? '' : 's'}.`);
  process.exitCode = 1;
} else console.log('\ndist:check passed.');
