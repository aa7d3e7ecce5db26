// The metrics endpoint over the real watch engine: results of real checks against loopback TLS servers become
// series with the entry's labels, read at scrape time (a removed entry's series are gone at the next scrape),
// an entry that reached no address still shows its status, and the format follows the scraper's Accept header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWatcher, type Watcher } from '../../main/core/watch/watcher';
import { openStore, type Store } from '../../main/core/watch/store/file-store';
import { createMetrics } from '../../main/core/watch/metrics';
import {
  negotiateFormat,
  parseListenAddress,
  startMetricsServer,
  type MetricsServer,
} from '../../main/core/watch/metrics-server';
import type { Lookup } from '../../main/core/probe/resolve';
import { systemClock } from '../../main/core/probe/time';
import { makePki } from '../fixtures/pki';
import { startTlsServer, type Running } from '../fixtures/servers';

const DOMAIN = 'metrics.test';
const lookup: Lookup = async (host) => {
  if (host === `good.${DOMAIN}` || host === `wrong.${DOMAIN}`) return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`no such name ${host}`), { code: 'ENOTFOUND' });
};

let dir: string;
let store: Store;
let watcher: Watcher;
let metrics: MetricsServer;
const servers: Running[] = [];
const ports: Record<string, number> = {};

/** Series lines of a scrape, `name{labels}` → value. */
function series(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    map.set(line.slice(0, at), line.slice(at + 1));
  }
  return map;
}

async function scrape(accept?: string): Promise<{ type: string | null; text: string }> {
  const res = await fetch(metrics.url, accept ? { headers: { Accept: accept } } : {});
  expect(res.status).toBe(200);
  return { type: res.headers.get('content-type'), text: await res.text() };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certwatch-metrics-'));
  const pki = await makePki('Metrics Test');
  const caFile = join(dir, 'root.pem');
  await writeFile(caFile, pki.root.pem);
  for (const [name, spec] of Object.entries({
    good: { cn: `good.${DOMAIN}`, toDays: 100.5 },
    wrong: { cn: `other.${DOMAIN}`, toDays: 50.5 },
  })) {
    const server = await startTlsServer({ chain: [await pki.leaf(spec), pki.intermediate] });
    servers.push(server);
    ports[name] = server.port;
  }
  store = openStore({ dir, clock: systemClock });
  store.update(
    (doc) => void (doc.settings = { ...doc.settings, caBundlePath: caFile, checkRevocation: false }),
  );
  watcher = createWatcher({
    store,
    notifier: { notify: async () => ({ delivered: true }) },
    lookup,
    env: {},
  });
  await watcher.handlers['watchlist:import']({
    format: 'json',
    text: JSON.stringify([
      { target: `good.${DOMAIN}:${ports.good}`, owner: 'Web team', tags: ['prod', 'web'] },
      { target: `wrong.${DOMAIN}:${ports.wrong}` },
      { target: `gone.${DOMAIN}:443` },
    ]),
  });
  watcher.start();
  await watcher.checkAll();
  await watcher.stop(); // saves the results
  const parsed = parseListenAddress('127.0.0.1:0');
  if (!parsed.ok) throw new Error(parsed.error);
  metrics = await startMetricsServer({ address: parsed.value, metrics: createMetrics(() => store.get()) });
});
afterAll(async () => {
  await metrics?.close();
  await Promise.all(servers.map((s) => s.close()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('metrics of the watch engine', () => {
  it('gives each endpoint its expiry, path expiry, status and problems, and each entry its check', async () => {
    const { type, text } = await scrape();
    expect(type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const s = series(text);
    // sni: the name the check sent, the host's own here.
    const good = `target="good.${DOMAIN}:${ports.good}",endpoint="127.0.0.1",sni="good.${DOMAIN}",owner="Web team",tags=",prod,web,"`;
    const notAfter = Number(s.get(`certwatch_cert_not_after_timestamp_seconds{${good}}`));
    expect(Math.floor((notAfter * 1000 - Date.now()) / 86_400_000)).toBe(100);
    // The intermediate (1500 days) and root outlive the leaf, so the path expires with the leaf.
    expect(s.get(`certwatch_path_earliest_not_after_timestamp_seconds{${good}}`)).toBe(String(notAfter));
    expect(s.get(`certwatch_status{${good},status="ok"}`)).toBe('1');
    expect(s.get(`certwatch_status{${good},status="invalid"}`)).toBe('0');
    expect(s.get(`certwatch_revocation_status{${good},status="not_checked"}`)).toBe('1');
    const goodEntry = `target="good.${DOMAIN}:${ports.good}",sni="good.${DOMAIN}",owner="Web team",tags=",prod,web,"`;
    expect(s.get(`certwatch_check_success{${goodEntry}}`)).toBe('1');
    expect(Number(s.get(`certwatch_check_duration_seconds{${goodEntry}}`))).toBeGreaterThan(0);
    const last = Number(s.get(`certwatch_last_check_timestamp_seconds{${goodEntry}}`));
    expect(Math.abs(last * 1000 - Date.now())).toBeLessThan(600_000);

    const wrong = `target="wrong.${DOMAIN}:${ports.wrong}",endpoint="127.0.0.1",sni="wrong.${DOMAIN}",owner="",tags=""`;
    expect(s.get(`certwatch_status{${wrong},status="invalid"}`)).toBe('1');
    expect(s.get(`certwatch_problem{${wrong},code="HOSTNAME_MISMATCH"}`)).toBe('1');
    expect(
      s.get(
        `certwatch_check_success{target="wrong.${DOMAIN}:${ports.wrong}",sni="wrong.${DOMAIN}",owner="",tags=""}`,
      ),
    ).toBe('1');
    expect(s.get('certwatch_watchlist_entries')).toBe('3');
  });

  it('shows an entry that reached no address with endpoint="", status error and its problem code', async () => {
    const s = series((await scrape()).text);
    const gone = `target="gone.${DOMAIN}:443",endpoint="",sni="gone.${DOMAIN}",owner="",tags=""`;
    expect(s.get(`certwatch_status{${gone},status="error"}`)).toBe('1');
    expect(s.get(`certwatch_problem{${gone},code="DNS"}`)).toBe('1');
    expect(
      s.get(`certwatch_check_success{target="gone.${DOMAIN}:443",sni="gone.${DOMAIN}",owner="",tags=""}`),
    ).toBe('0');
    expect([...s.keys()].some((k) => k.startsWith('certwatch_cert_not_after') && k.includes('gone.'))).toBe(
      false,
    );
  });

  it('reads the engine at scrape time: a removed entry has no series at the next scrape', async () => {
    const before = (await scrape()).text;
    expect(before).toContain(`wrong.${DOMAIN}`);
    const id = store.get().entries.find((e) => e.target.startsWith('wrong.'))!.id;
    await watcher.handlers['entries:remove']({ ids: [id] });
    const after = (await scrape()).text;
    expect(after).not.toContain(`wrong.${DOMAIN}`);
    expect(after).toContain(`good.${DOMAIN}`);
    expect(series(after).get('certwatch_watchlist_entries')).toBe('2');
  });

  it('answers OpenMetrics to a scraper that prefers it, and 404/405 outside GET /metrics', async () => {
    const { type, text } = await scrape(
      'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
    );
    expect(type).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(text.endsWith('\n# EOF\n')).toBe(true);
    expect((await fetch(new URL('/other', metrics.url))).status).toBe(404);
    expect((await fetch(metrics.url, { method: 'POST' })).status).toBe(405);
  });
});

describe('the metrics setting', () => {
  it('is off and on loopback by default, and refuses addresses others can reach unless allowed', async () => {
    expect(store.get().settings.metrics).toEqual({
      enabled: false,
      address: '127.0.0.1:9793',
      allowRemote: false,
    });
    const update = (metrics: { enabled: boolean; address: string; allowRemote: boolean }) =>
      watcher.handlers['settings:update']({ patch: { metrics } });
    await expect(update({ enabled: true, address: '0.0.0.0:9793', allowRemote: false })).rejects.toThrow(
      /can be reached from other computers/,
    );
    await expect(
      update({ enabled: true, address: 'metrics.example:9793', allowRemote: false }),
    ).rejects.toThrow(/not an IP address/);
    expect(store.get().settings.metrics.enabled).toBe(false);
    await update({ enabled: true, address: ' [::1]:9100 ', allowRemote: false });
    expect(store.get().settings.metrics).toEqual({
      enabled: true,
      address: '[::1]:9100',
      allowRemote: false,
    });
    await update({ enabled: true, address: '0.0.0.0:9100', allowRemote: true });
    expect(store.get().settings.metrics.address).toBe('0.0.0.0:9100');
  });
});

describe('negotiateFormat', () => {
  it.each([
    [undefined, 'prometheus'],
    ['*/*', 'prometheus'],
    ['text/plain;version=0.0.4', 'prometheus'],
    ['application/openmetrics-text;version=1.0.0', 'openmetrics'],
    ['application/openmetrics-text;version=1.0.0;q=0.2,text/plain;q=0.9', 'prometheus'],
    ['text/plain;q=0.5,application/openmetrics-text;version=1.0.0', 'openmetrics'],
  ] as const)('%s → %s', (accept, format) => {
    expect(negotiateFormat(accept)).toBe(format);
  });
});

describe('parseListenAddress', () => {
  it('accepts IP literals and localhost, marks loopback, and refuses names and bad ports', () => {
    expect(parseListenAddress('127.0.0.1:9793')).toEqual({
      ok: true,
      value: { host: '127.0.0.1', port: 9793, loopback: true },
    });
    expect(parseListenAddress('[::1]:9793')).toMatchObject({
      ok: true,
      value: { host: '::1', loopback: true },
    });
    expect(parseListenAddress('localhost:9793')).toMatchObject({ ok: true, value: { host: '127.0.0.1' } });
    expect(parseListenAddress('0.0.0.0:9793')).toMatchObject({ ok: true, value: { loopback: false } });
    expect(parseListenAddress(':9793')).toMatchObject({ ok: true, value: { host: '::', loopback: false } });
    expect(parseListenAddress('metrics.example:9793')).toMatchObject({ ok: false });
    expect(parseListenAddress('127.0.0.1:70000')).toMatchObject({ ok: false });
    expect(parseListenAddress('127.0.0.1')).toMatchObject({ ok: false });
  });
});
