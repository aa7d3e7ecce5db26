// What runs before any command's action: `certwatch --help` (and every command's start) must not run the probe,
// the X.509 libraries, the store or the metrics. Read from esbuild's import graph: static imports only, since
// a command's own modules come in through dynamic imports in its action (program.ts, watch.ts, manage.ts). And
// the built command: which of its vendor files each command reads.
import { afterAll, describe, expect, it } from 'vitest';
import { build, type Metafile } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../fixtures/cli';
import { makePki } from '../fixtures/pki';

async function staticClosure(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    outdir: 'out',
    metafile: true,
    logLevel: 'silent',
    external: ['node-notifier'],
  });
  const inputs: Metafile['inputs'] = result.metafile.inputs;
  const seen = new Set([entry]);
  const queue = [entry];
  while (queue.length) {
    for (const imported of inputs[queue.shift()!]?.imports ?? []) {
      if (imported.kind === 'dynamic-import' || imported.external || seen.has(imported.path)) continue;
      seen.add(imported.path);
      queue.push(imported.path);
    }
  }
  return [...seen];
}

describe('the command line itself', () => {
  it('loads commander and the commands’ flags, not what the commands do', async () => {
    const loaded = await staticClosure('main/cli/certwatch.ts');
    expect(loaded).toContain('main/cli/program.ts');
    expect(loaded.some((p) => p.includes('node_modules/commander/'))).toBe(true);
    const heavy = loaded.filter((p) =>
      /node_modules\/(pkijs|asn1js|@peculiar|reflect-metadata|tsyringe|prom-client|zod|conf|nodemailer)\/|main\/core\/(probe\/(probe|trust|certinfo|verdict)|selftest\/|watch\/(watcher|metrics|store\/))/.test(
        p,
      ),
    );
    expect(heavy).toEqual([]);
  });

  it('check loads the probe but not the store, the self-test or the metrics', async () => {
    const loaded = await staticClosure('main/cli/check.ts');
    expect(loaded).toContain('main/core/probe/probe.ts');
    const foreign = loaded.filter((p) =>
      /node_modules\/(prom-client|zod|conf|nodemailer|proper-lockfile)\/|main\/core\/(selftest\/|watch\/)/.test(
        p,
      ),
    );
    expect(foreign).toEqual([]);
  });
});

describe('the built command reads only the vendor files its work needs', () => {
  // A preload that records which of the CLI's files the process reads (the launcher reads each bundle itself).
  const hook = `const fs = require('node:fs'); const read = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (typeof file === 'string' && /dist[\\\\/]cli[\\\\/][^\\\\/]+\\.cjs$/.test(file)) process.stderr.write('READ ' + require('node:path').basename(file) + '\\n');
  return read.call(this, file, ...rest);
};`;

  async function filesRead(args: string[]): Promise<string[]> {
    const dir = await mkdtemp(join(tmpdir(), 'certwatch-reads-'));
    dirs.push(dir);
    const preload = join(dir, 'hook.cjs');
    await writeFile(preload, hook);
    const run = await runCli(args, { NODE_OPTIONS: `--require ${preload}`, NODE_DISABLE_COMPILE_CACHE: '1' });
    return [
      ...new Set(run.stderr.split('\n').flatMap((l) => (l.startsWith('READ ') ? [l.slice(5)] : []))),
    ].sort();
  }

  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('--help reads none, list reads zod, check the probe libraries', async () => {
    expect(await filesRead(['--help'])).toEqual(['certwatch.cjs']);
    const dir = await mkdtemp(join(tmpdir(), 'certwatch-reads-'));
    dirs.push(dir);
    const store = join(dir, 'store.json');
    await runCli(['add', '--create', '--store', store, 'shop.example.test']);
    expect(await filesRead(['list', '--store', store])).toEqual(['certwatch.cjs', 'vendor-zod.cjs']);
    const pki = await makePki('Reads');
    const leaf = await pki.leaf({ cn: 'reads.example.test' });
    const pem = join(dir, 'leaf.pem');
    await writeFile(pem, leaf.pem);
    expect(await filesRead(['check', '--no-ocsp', pem])).toEqual(['certwatch.cjs', 'vendor-probe.cjs']);
  });
});
