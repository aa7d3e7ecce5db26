// The built CLI's Prometheus flags: a port in use, a non-loopback address without --metrics-allow-remote and
// other mistakes are one sentence and exit 3; `export --format prometheus` replaces its own file atomically and
// never someone else's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../fixtures/cli';

let dir: string;
let store: string;
let env: NodeJS.ProcessEnv;
let busy: net.Server;
let busyPort: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certwatch-cli-metrics-'));
  store = join(dir, 'watchlist.json');
  env = { XDG_CONFIG_HOME: join(dir, 'xdg'), DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-bus')}` };
  // An entry that is never checked here: these tests are about the flags, not the checks.
  const added = await runCli(['add', '--store', store, '127.0.0.1:9', '--owner', 'Ops'], env);
  expect(added.code, added.stderr).toBe(0);
  busy = net.createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => busy?.close(resolve));
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Exit 3 with exactly one line on stderr, and nothing on stdout. */
async function refused(args: string[]): Promise<string> {
  const result = await runCli(args, env);
  expect(result.code, result.stdout + result.stderr).toBe(3);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(result.stdout).toBe('');
  return lines[0]!;
}

describe('certwatch watch --metrics', () => {
  it('a port already in use is one sentence and exit 3', async () => {
    const line = await refused(['watch', '--store', store, '--metrics', `127.0.0.1:${busyPort}`, '--quiet']);
    expect(line).toBe(
      `certwatch: cannot serve metrics on 127.0.0.1:${busyPort}: the port is already in use (is another certwatch or exporter running?)`,
    );
  });

  it('refuses an address other computers can reach unless --metrics-allow-remote is given', async () => {
    const line = await refused(['watch', '--store', store, '--metrics', '0.0.0.0:9793']);
    expect(line).toMatch(
      /^certwatch: --metrics 0\.0\.0\.0:9793 can be reached from other computers.*--metrics-allow-remote/,
    );
  });

  it('refuses a host name, a bad port, --once, and --metrics-allow-remote alone', async () => {
    expect(await refused(['watch', '--store', store, '--metrics', 'metrics.invalid:9793'])).toMatch(
      /not an IP address/,
    );
    expect(await refused(['watch', '--store', store, '--metrics', '127.0.0.1:99999'])).toMatch(
      /out of range/,
    );
    expect(await refused(['watch', '--store', store, '--once', '--metrics', '127.0.0.1:0'])).toMatch(
      /cannot be combined with --once/,
    );
    expect(await refused(['watch', '--store', store, '--metrics-allow-remote'])).toMatch(/needs --metrics/);
  });
});

describe('certwatch export --format prometheus', () => {
  it('writes the metrics text, replaces its own file atomically, and leaves a foreign file alone', async () => {
    const out = join(dir, 'textfile', 'certwatch.prom');
    await runCli(['add', '--store', store, '127.0.0.1:10'], env);
    await mkdir(join(dir, 'textfile'));

    const stdout = await runCli(['export', '--store', store, '--format', 'prometheus'], env);
    expect(stdout.code).toBe(0);
    expect(stdout.stdout).toMatch(/^# HELP certwatch_watchlist_entries /);
    expect(stdout.stdout).toContain('certwatch_watchlist_entries 2\n');

    for (let i = 0; i < 2; i++) {
      const written = await runCli(
        ['export', '--store', store, '--format', 'prometheus', '--output', out],
        env,
      );
      expect(written.code, written.stderr).toBe(0);
      expect(await readFile(out, 'utf8')).toBe(stdout.stdout);
    }
    // No temporary file left beside it for the textfile collector to trip over.
    expect(await readdir(join(dir, 'textfile'))).toEqual(['certwatch.prom']);

    const foreign = join(dir, 'textfile', 'node.prom');
    await writeFile(foreign, 'node_custom_metric 1\n');
    const line = await refused(['export', '--store', store, '--format', 'prometheus', '--output', foreign]);
    expect(line).toMatch(/is not a Certwatch metrics export; nothing was written/);
    expect(await readFile(foreign, 'utf8')).toBe('node_custom_metric 1\n');
  });
});
