// Bundles the CLI (with --app, the Electron main process, preload, renderer and tray icons; with --bridge, the
// development web bridge and its window) into dist/
// Plain JS so it runs on Node 20 at `npm ci` (prepare) without a TypeScript loader.
/* global URL, process */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmod, cp, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
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

/** npm packages every CLI command loads (the command line itself): bundled into the CLI's own file. */
const CLI_LIGHT_PACKAGES = new Set(['commander', 'picocolors']);
/** Packages that run files from their own folder (node-notifier's helper binaries): left in node_modules. */
const CLI_EXTERNAL_PACKAGES = ['node-notifier'];

const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * The CLI's npm packages in a few files by what needs them, so a command reads and compiles only its own: the
 * probe's (X.509 libraries, p-limit: check, watch), zod (every command that opens the store), mail and metrics
 * (watch, on demand), the rest (the store's writer and lock). Each package (and each package those pull in)
 * lives in exactly one file; the build fails otherwise.
 */
const VENDOR_CHUNKS = [
  [
    'probe',
    (name) =>
      name.startsWith('@peculiar/') || ['pkijs', 'asn1js', 'reflect-metadata', 'p-limit'].includes(name),
  ],
  ['zod', (name) => name === 'zod'],
  ['mail', (name) => name === 'nodemailer'],
  ['metrics', (name) => name === 'prom-client'],
  ['misc', () => true],
];
/** Stateless helpers two vendor files may each carry a copy of (no module state, no global patching). */
const SHAREABLE_PACKAGES = new Set(['tslib']);
const vendorFileOf = (specifier) =>
  `vendor-${VENDOR_CHUNKS.find(([, owns]) => owns(packageOf(specifier)))[0]}.cjs`;

/**
 * Routes the CLI's imports of the other npm packages to dist/cli/vendor-*.cjs, which hold each of them once, each
 * run only when first asked for; records which were asked for, so the vendor files hold exactly those.
 */
function vendorPlugin(used) {
  return {
    name: 'certwatch-vendor',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.namespace === 'vendor' || args.importer.includes('node_modules')) return undefined;
        if (args.path.startsWith('node:') || builtinModules.includes(args.path)) return undefined;
        const name = packageOf(args.path);
        if (CLI_LIGHT_PACKAGES.has(name) || CLI_EXTERNAL_PACKAGES.includes(name)) return undefined;
        used.add(args.path);
        return { path: args.path, namespace: 'vendor' };
      });
      b.onResolve({ filter: /^\.\/vendor-[a-z0-9]+\.cjs$/, namespace: 'vendor' }, (args) => ({
        path: args.path,
        external: true,
      }));
      b.onLoad({ filter: /.*/, namespace: 'vendor' }, async (args) => {
        const take = `require('./${vendorFileOf(args.path)}')(${JSON.stringify(args.path)})`;
        const pkg = JSON.parse(
          await readFile(`${root}node_modules/${packageOf(args.path)}/package.json`, 'utf8'),
        );
        if (pkg.type !== 'module') return { contents: `module.exports = ${take};`, loader: 'js' };
        // An ES module package: its exports named as Node names them, so default imports get its default export.
        const names = Object.keys(await import(args.path));
        const lines = names.map(
          (n, i) => `const e${i} = m[${JSON.stringify(n)}];\nexport { e${i} as ${JSON.stringify(n)} };`,
        );
        return { contents: `const m = ${take};\n${lines.join('\n')}\n`, loader: 'js' };
      });
    },
  };
}

/**
 * The CLI in CommonJS files: dist/cli/certwatch.cjs (the commands, the core, commander), vendor-*.cjs (the other
 * npm packages by what needs them, each run on first use, so `--help` reads none of them and `list` only zod) and
 * the installed command certwatch.js, a
 * small launcher that runs them through V8's code cache (main/cli/compile-cache.ts). No package resolution and no
 * CommonJS export scanning at start-up; commands load their modules in their actions (dynamic imports become
 * lazily run module bodies inside the bundle). node-notifier stays in node_modules: it runs helper binaries from
 * its own folder.
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
  const used = new Set();
  await build({
    ...cli,
    entryPoints: ['main/cli/certwatch.ts'],
    outfile: 'dist/cli/certwatch.cjs',
    external: CLI_EXTERNAL_PACKAGES,
    plugins: [vendorPlugin(used)],
    // CommonJS has no import.meta: modules that find files next to their bundle (the probe's worker, pool.ts)
    // get this file's own URL instead of an empty object, which would silently find nothing.
    define: { 'import.meta.url': '__certwatchBundleUrl' },
    banner: { js: "const __certwatchBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  const files = new Map();
  for (const id of [...used].sort()) {
    const file = vendorFileOf(id);
    files.set(file, [...(files.get(file) ?? []), id]);
  }
  const owner = new Map();
  for (const [file, ids] of files) {
    const cases = ids
      .map((id) => `    case ${JSON.stringify(id)}: return require(${JSON.stringify(id)});`)
      .join('\n');
    const result = await build({
      ...cli,
      stdin: {
        contents: `module.exports = (id) => {\n  switch (id) {\n${cases}\n  }\n  throw new Error('not in ${file}: ' + id);\n};\n`,
        resolveDir: root,
        sourcefile: `cli-${file.replace(/\.cjs$/, '.js')}`,
        loader: 'js',
      },
      outfile: `dist/cli/${file}`,
      external: CLI_EXTERNAL_PACKAGES,
      metafile: true,
      // Less text to read and keep in memory (the source map still names everything); names kept for libraries
      // that read a class's name.
      minifyWhitespace: true,
      minifySyntax: true,
      keepNames: true,
    });
    // One copy of each package: two copies of a library with module state (a registry, a container, a patched
    // fs) would each hold half of it.
    for (const input of Object.keys(result.metafile.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (!match || SHAREABLE_PACKAGES.has(match[1])) continue;
      const other = owner.get(match[1]);
      if (other && other !== file)
        throw new Error(
          `${match[1]} is in both ${other} and ${file}: give it one vendor file (VENDOR_CHUNKS)`,
        );
      owner.set(match[1], file);
    }
  }
  const vendorFiles = [...files.keys()].sort();
  const hash = createHash('sha256');
  for (const file of ['certwatch.cjs', ...vendorFiles]) {
    const bytes = await readFile(`${root}dist/cli/${file}`);
    // V8 keeps each script's source for lazy compilation: one character outside Latin-1 (esbuild escapes them
    // in strings, not in comments or regular expressions) stores the whole file as UTF-16, twice the memory.
    const wide = bytes.findIndex((b) => b > 0x7e);
    if (wide >= 0)
      throw new Error(
        `dist/cli/${file} has a non-ASCII character near "${bytes.subarray(Math.max(0, wide - 40), wide + 10).toString()}"; write it as an escape (\\u2019) or in ASCII`,
      );
    hash.update(bytes);
  }
  await build({
    ...cli,
    entryPoints: ['main/cli/launch.ts'],
    outfile: 'dist/cli/certwatch.js',
    sourcemap: false,
    define: {
      CERTWATCH_BUILD_ID: JSON.stringify(hash.digest('hex').slice(0, 16)),
      CERTWATCH_VENDOR_FILES: JSON.stringify(vendorFiles.map((f) => `./${f}`)),
    },
    banner: { js: '#!/usr/bin/env node' },
  });
  // The package is ESM ("type": "module"); these files are CommonJS, which starts faster on Node 20.
  await writeFile(`${root}dist/cli/package.json`, '{ "type": "commonjs" }\n');
  await chmod(`${root}dist/cli/certwatch.js`, 0o755);
}

/**
 * The probe's worker thread (main/core/probe/pool.ts spreads long lists over one per core): its own small entry,
 * found at run time next to the bundle that starts it (dist/cli/probe-worker.mjs for the CLI).
 */
export async function buildProbeWorker(outfile = 'dist/cli/probe-worker.mjs') {
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
