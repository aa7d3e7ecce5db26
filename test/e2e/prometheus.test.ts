// End to end: Debian's Prometheus scrapes `certwatch watch --metrics` (the built CLI) while it watches a local TLS
// server, and PromQL through Prometheus' HTTP API gives the days left of that server's certificate. promtool
// (same package) is the oracle for the exposition text and the shipped alerting rules.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePki, type Minted } from '../fixtures/pki';
import { startTlsServer, type Running } from '../fixtures/servers';
import { runCli, startCli, type RunningCli } from '../fixtures/cli';
import { displayText } from '../../main/shared/untrusted-text';

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';
/** What Prometheus 2.x sends when it scrapes: OpenMetrics preferred. */
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
/** An owner as hostile as a label value can be: quotes, a backslash, a line break that tries to start a series. */
const OWNER = 'Web "team" \\ ops\nfake_metric{x="1"} 1';

let dir: string;
let store: string;
let env: NodeJS.ProcessEnv;
let server: Running;
let leaf: Minted;
let watch: RunningCli | undefined;
let prometheus: ChildProcess | undefined;
let prometheusUrl: string;
let metricsUrl: string;
const prometheusLog: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function run(
  file: string,
  args: string[],
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

/** Retries `fn` until it returns a value, for things that happen on their own schedule (scrapes, checks). */
async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${what} did not happen: ${String(last ?? 'no result')}\nprometheus:\n${prometheusLog.join('')}\ncertwatch:\n${watch?.stdout.join('\n')}\n${watch?.stderr.join('\n')}`,
  );
}

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(promql: string): Promise<Sample[]> {
  const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as { status: string; data: { result: Sample[] } };
  expect(body.status).toBe('success');
  return body.data.result;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certwatch-prometheus-'));
  store = join(dir, 'watchlist.json');
  // No desktop: notifications fail fast instead of reaching the developer's session.
  env = { XDG_CONFIG_HOME: join(dir, 'xdg'), DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-bus')}` };
  const pki = await makePki('Prometheus E2E');
  const ca = join(dir, 'root.pem');
  await writeFile(ca, pki.root.pem);
  leaf = await pki.leaf({ cn: 'metrics.e2e.test', fromDays: -60, toDays: 20.4 });
  server = await startTlsServer({ chain: [leaf, pki.intermediate] });
  const added = await runCli(
    [
      'add',
      '--store',
      store,
      '--sni',
      'metrics.e2e.test',
      '--owner',
      OWNER,
      '--tags',
      'prod,web',
      `127.0.0.1:${server.port}`,
    ],
    env,
  );
  expect(added.code, added.stdout + added.stderr).toBe(0);

  watch = startCli(['watch', '--store', store, '--ca', ca, '--metrics', '127.0.0.1:0'], env);
  const serving = await watch.waitFor(/serving metrics on /);
  metricsUrl = /serving metrics on (http:\S+)/.exec(serving)![1]!;
  // Named by its SNI name at the address; expiry worded as on every surface.
  await watch.waitFor(new RegExp(` at 127\\.0\\.0\\.1:${server.port} warning, expires in 20 days`));

  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  const config = join(dir, 'prometheus.yml');
  await writeFile(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      'scrape_configs:',
      '  - job_name: certwatch',
      '    static_configs:',
      `      - targets: ['${new URL(metricsUrl).host}']`,
      '',
    ].join('\n'),
  );
  prometheus = spawn(
    PROMETHEUS,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  prometheus.stdout!.on('data', (d: Buffer) => prometheusLog.push(d.toString()));
  prometheus.stderr!.on('data', (d: Buffer) => prometheusLog.push(d.toString()));
});

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null && prometheus.signalCode === null) {
    const exited = new Promise((r) => prometheus!.once('exit', r));
    prometheus.kill('SIGTERM');
    const timer = setTimeout(() => prometheus!.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  await watch?.stop('SIGTERM');
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('Prometheus scrapes certwatch watch --metrics, and PromQL gives the days left of the watched certificate', async () => {
  const result = await eventually('a certwatch sample in Prometheus', async () => {
    const r = await query('(certwatch_cert_not_after_timestamp_seconds - time()) / 86400');
    return r.length ? r : undefined;
  });
  expect(result).toHaveLength(1);
  const [sample] = result;
  const expected = (leaf.cert.notAfter.getTime() - sample!.value[0] * 1000) / 86_400_000;
  // The certificate's own notAfter, to the second (the query's evaluation time is the only clock involved).
  expect(Math.abs(Number(sample!.value[1]) - expected)).toBeLessThan(1 / 86_400 + 1e-6);
  expect(Math.floor(Number(sample!.value[1]))).toBe(20);
  expect(sample!.metric).toMatchObject({
    job: 'certwatch',
    target: `127.0.0.1:${server.port}`,
    endpoint: '127.0.0.1',
    sni: 'metrics.e2e.test',
    tags: ',prod,web,',
    // Prometheus parsed the escaped value back to exactly what certwatch meant: the line break shown, not obeyed.
    owner: displayText(OWNER),
  });

  // Prometheus asks for OpenMetrics first (PROMETHEUS_ACCEPT), and nothing in the scrape was rejected.
  const health = (await (await fetch(`${prometheusUrl}/api/v1/targets`)).json()) as {
    data: { activeTargets: Array<{ health: string; lastError: string }> };
  };
  expect(health.data.activeTargets).toMatchObject([{ health: 'up', lastError: '' }]);
  expect(await query('fake_metric')).toEqual([]);

  const status = await query('certwatch_status == 1');
  expect(status.map((s) => s.metric.status)).toEqual(['warning']);
  const success = await query('certwatch_check_success');
  expect(success.map((s) => s.value[1])).toEqual(['1']);
  const earliest = await query('certwatch_path_earliest_not_after_timestamp_seconds');
  expect(Number(earliest[0]!.value[1])).toBe(leaf.cert.notAfter.getTime() / 1000);
});

it('serves OpenMetrics when asked and Prometheus text otherwise; promtool accepts the scrape and the export', async () => {
  const open = await fetch(metricsUrl, { headers: { Accept: PROMETHEUS_ACCEPT } });
  expect(open.headers.get('content-type')).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
  expect((await open.text()).endsWith('# EOF\n')).toBe(true);

  const plain = await fetch(metricsUrl);
  expect(plain.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  const scraped = await plain.text();
  expect(scraped).toContain('certwatch_cert_not_after_timestamp_seconds{');
  const lint = await run(PROMTOOL, ['check', 'metrics'], scraped);
  expect(lint, lint.stdout + lint.stderr).toMatchObject({ code: 0 });

  const exported = join(dir, 'certwatch.prom');
  const written = await runCli(
    ['export', '--store', store, '--format', 'prometheus', '--output', exported],
    env,
  );
  expect(written.code, written.stderr).toBe(0);
  const text = await readFile(exported, 'utf8');
  const lintExport = await run(PROMTOOL, ['check', 'metrics'], text);
  expect(lintExport, lintExport.stdout + lintExport.stderr).toMatchObject({ code: 0 });
  // The same series as the endpoint (only the check's own timing could differ between two reads).
  const series = (t: string) =>
    t
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.replace(/ [^ ]+$/, ''));
  expect(series(text)).toEqual(series(scraped));
});

it('promtool accepts the shipped alerting rules, and they fire for what they promise (promtool test rules)', async () => {
  const checked = await run(PROMTOOL, ['check', 'rules', 'docs/certwatch-alerts.rules.yml']);
  expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  expect(checked.stdout).toMatch(/SUCCESS: 5 rules found/);
  // 10 and 2 days left warn, 2 days is also critical, 20 days is quiet; a failing check after 30 min; invalid.
  const tested = await run(PROMTOOL, ['test', 'rules', 'test/fixtures/certwatch-alerts.promtest.yml']);
  expect(tested.code, tested.stdout + tested.stderr).toBe(0);
  expect(tested.stdout).toContain('SUCCESS');
});
