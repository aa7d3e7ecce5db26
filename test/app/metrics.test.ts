// The app's metrics setting: the app (on the fake Electron) serves the engine's document on the configured
// loopback port, stops when the setting is turned off or the app quits, and tells the user, without failing,
// when the port is taken or the address would reach other computers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { runApp, type AppElectron } from '../../main/app/lifecycle';
import { createMetricsService, type MetricsService } from '../../main/app/metrics-service';
import { DEFAULT_SETTINGS, emptyDoc, type MetricsSettings, type StoreDoc } from '../../main/shared/model';
import type { Notification } from '../../main/core/watch/notify';
import * as electron from '../fakes/electron';
import { appState, fakeWatcher } from './state';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** The scrape's entry count, or the error code when nothing answers (a new connection each time). */
function scrape(url: string): Promise<string> {
  return new Promise((resolve) => {
    http
      .get(url, { agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(/^certwatch_watchlist_entries (\d+)$/m.exec(text)?.[1] ?? text));
      })
      .on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await fn();
    if (ok(v) || i > 200) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

function docWith(entries: number): StoreDoc {
  const doc = emptyDoc();
  for (let i = 0; i < entries; i++)
    doc.entries.push({
      id: `e${i}`,
      target: `host${i}.example.com:443`,
      host: `host${i}.example.com`,
      port: 443,
      tags: [],
      enabled: true,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  return doc;
}

const on = (address: string, allowRemote = false): MetricsSettings => ({
  enabled: true,
  address,
  allowRemote,
});

describe('metrics service', () => {
  let service: MetricsService;
  let told: string[];
  let doc: StoreDoc;
  beforeEach(() => {
    told = [];
    doc = docWith(2);
    service = createMetricsService({ read: () => doc, log: () => undefined, tell: (m) => void told.push(m) });
  });
  afterEach(() => service.stop());

  it('is off by default, serves when enabled, moves with the address and stops when disabled', async () => {
    expect(DEFAULT_SETTINGS.metrics).toEqual({
      enabled: false,
      address: '127.0.0.1:9793',
      allowRemote: false,
    });
    await service.apply(DEFAULT_SETTINGS.metrics);
    expect(service.url()).toBeUndefined();

    const first = await freePort();
    await service.apply(on(`127.0.0.1:${first}`));
    expect(service.url()).toBe(`http://127.0.0.1:${first}/metrics`);
    expect(await scrape(service.url()!)).toBe('2');
    doc = docWith(3); // read at scrape time
    expect(await scrape(service.url()!)).toBe('3');

    const second = await freePort();
    await service.apply(on(`127.0.0.1:${second}`));
    expect(await scrape(`http://127.0.0.1:${first}/metrics`)).toBe('ECONNREFUSED');
    expect(await scrape(`http://127.0.0.1:${second}/metrics`)).toBe('3');

    await service.apply({ ...on(`127.0.0.1:${second}`), enabled: false });
    expect(service.url()).toBeUndefined();
    expect(await scrape(`http://127.0.0.1:${second}/metrics`)).toBe('ECONNREFUSED');
    expect(told).toEqual([]);
  });

  it('tells the user once when the port is taken, and serves once it is set to a free one', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      await service.apply(on(`127.0.0.1:${port}`));
      await service.apply(on(`127.0.0.1:${port}`)); // the same setting again: not told twice
      expect(told).toEqual([
        `Prometheus metrics are not served: cannot serve metrics on 127.0.0.1:${port}: the port is already in use (is another certwatch or exporter running?).`,
      ]);
      expect(service.url()).toBeUndefined();
      await service.apply(on('127.0.0.1:0'));
      expect(await scrape(service.url()!)).toBe('2');
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it('does not listen on an address other computers can reach unless allowed', async () => {
    await service.apply(on('0.0.0.0:0'));
    expect(service.url()).toBeUndefined();
    expect(told).toEqual([
      expect.stringMatching(/^Metrics address 0\.0\.0\.0:0 can be reached from other computers/),
    ]);
  });
});

describe('the app serves metrics when the setting is on', () => {
  it('starts with the app, follows the setting, and stops when the app quits', async () => {
    electron.resetElectron();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/metrics`;
    const watcher = fakeWatcher(
      appState([], { settings: { ...DEFAULT_SETTINGS, metrics: on(`127.0.0.1:${port}`) } }),
    );
    watcher.doc = docWith(4);
    const notified: Notification[] = [];
    await runApp({
      electron: electron as unknown as AppElectron,
      makeWatcher: () => watcher,
      fallbackNotifier: { notify: async (n) => (notified.push(n), { delivered: true }) },
      loginItem: { isEnabled: () => false, set: () => undefined },
      network: { isOnline: () => true, signature: () => '' },
      paths: { preload: '/p.cjs', page: { file: '/index.html' }, iconDir: '/icons', appIcon: '/icon.png' },
      platform: 'linux',
      log: () => undefined,
    }).ready;

    expect(
      await until(
        () => scrape(url),
        (v) => v === '4',
      ),
    ).toBe('4');
    watcher.push({
      ...watcher.current,
      settings: { ...watcher.current.settings, metrics: DEFAULT_SETTINGS.metrics },
    });
    expect(
      await until(
        () => scrape(url),
        (v) => v === 'ECONNREFUSED',
      ),
    ).toBe('ECONNREFUSED');

    watcher.push({
      ...watcher.current,
      settings: { ...watcher.current.settings, metrics: on(`127.0.0.1:${port}`) },
    });
    expect(
      await until(
        () => scrape(url),
        (v) => v === '4',
      ),
    ).toBe('4');
    electron.app.quit();
    expect(
      await until(
        () => scrape(url),
        (v) => v === 'ECONNREFUSED',
      ),
    ).toBe('ECONNREFUSED');
    expect(notified).toEqual([]);
  });
});
