// What runs before any command's action: `certwatch --help` (and every command's start) must not run the probe,
// the X.509 libraries, the store or the metrics. Read from esbuild's import graph: static imports only, since
// a command's own modules come in through dynamic imports in its action (program.ts, watch.ts, manage.ts).
import { describe, expect, it } from 'vitest';
import { build, type Metafile } from 'esbuild';

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
