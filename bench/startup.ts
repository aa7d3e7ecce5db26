// Item 5: wall time of one `certwatch check` of a local host against one `openssl s_client` call, medians of
// several runs, with Node's own start-up and the CLI's module loading measured alone to split the difference.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from './context';
import { BENCH_DOMAIN } from './pki';
import { median, run, which } from './proc';

const RUNS = 11;

export async function startup(ctx: Context): Promise<void> {
  const section = '5. CLI start-up: one check of one local host (median of 11 runs, wall time)';
  const cli = join(ctx.options.root, 'dist/cli/certwatch.js');
  if (!existsSync(cli)) {
    ctx.skips.push({ section: '5', what: 'certwatch check', reason: `${cli} missing (run npm run build)` });
    return;
  }
  const name = `cli.${BENCH_DOMAIN}`;
  const port = ctx.server.ec;
  const node = process.execPath;
  const commands: Record<string, { cmd: string; args: string[]; expect: number }> = {
    'certwatch check': {
      cmd: node,
      args: [cli, 'check', '--ca', ctx.pki.rootsFile, '--resolve', `${name}:127.0.0.1`, `${name}:${port}`],
      expect: 0,
    },
    'certwatch --help (start-up and the modules every command loads)': {
      cmd: node,
      args: [cli, '--help'],
      expect: 0,
    },
    'node -e 0 (the runtime alone)': { cmd: node, args: ['-e', '0'], expect: 0 },
  };
  const openssl = which('openssl');
  if (openssl) {
    commands['openssl s_client'] = {
      cmd: openssl,
      args: [
        's_client',
        '-connect',
        `127.0.0.1:${port}`,
        '-servername',
        name,
        '-verify_hostname',
        name,
        '-CAfile',
        ctx.pki.rootsFile,
        '-verify_return_error',
      ],
      expect: 0,
    };
  } else ctx.skips.push({ section: '5', what: 'openssl s_client', reason: 'openssl not found' });

  const medians: Record<string, number> = {};
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  ctx.log(`start-up: ${Object.keys(commands).join(', ')}, ${RUNS} rounds…`);
  // Round-robin, so a change in the machine's load touches every command alike.
  for (let i = 0; i < RUNS; i++) {
    for (const [label, c] of Object.entries(commands)) {
      const r = await run(c.cmd, c.args, { timeoutMs: 30_000, env: { ...process.env, NO_COLOR: '1' } });
      if (r.code !== c.expect) {
        throw new Error(`${label} exited ${r.code}: ${r.stderr.slice(-500)} ${r.stdout.slice(-500)}`);
      }
      samples[label]!.push(r.wallMs);
    }
  }
  for (const [label, times] of Object.entries(samples)) medians[label] = median(times);
  ctx.raw.startup = { runs: RUNS, samplesMs: samples, medianMs: medians };
  const cw = medians['certwatch check']!;
  const ossl = medians['openssl s_client'];
  ctx.rows.push({
    section,
    figure: 'certwatch check, one local host',
    value: cw,
    unit: 'ms',
    ...(ossl !== undefined
      ? { peer: { name: 'openssl s_client', value: ossl, unit: 'ms' }, ratio: cw / ossl }
      : {}),
  });
  ctx.rows.push({
    section,
    figure: 'of which Node start-up (node -e 0)',
    value: medians['node -e 0 (the runtime alone)']!,
    unit: 'ms',
  });
  ctx.rows.push({
    section,
    figure: 'of which the CLI start-up (--help minus node -e 0)',
    value:
      medians['certwatch --help (start-up and the modules every command loads)']! -
      medians['node -e 0 (the runtime alone)']!,
    unit: 'ms',
  });
  ctx.rows.push({
    section,
    figure: 'of which check: its modules, trust store, handshake (check minus --help)',
    value: cw - medians['certwatch --help (start-up and the modules every command loads)']!,
    unit: 'ms',
  });
}
