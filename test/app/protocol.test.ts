// The window is served from app://certwatch/: only files inside the renderer folder, every response with the
// CSP header, traversal refused; the app registers the scheme before ready, loads the page from it, and the
// IPC sender check accepts that origin and nothing else.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_ORIGIN, APP_PAGE_URL, appFileFor, createAppProtocolHandler } from '../../main/app/protocol';
import { runApp, type AppElectron } from '../../main/app/lifecycle';
import { CONTENT_SECURITY_POLICY, guardSession } from '../../main/app/security';
import { createSenderCheck } from '../../main/app/sender';
import * as electron from '../fakes/electron';
import { FakeFrame, FakeWebContents } from '../fakes/electron';
import { appState, entry, fakeWatcher } from './state';

let base: string;
let rendererDir: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'certwatch-protocol-'));
  rendererDir = join(base, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Certwatch</title>');
  await writeFile(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  // Next to the renderer, as in the asar: must never be reachable.
  await writeFile(join(base, 'secret.txt'), 'not for the page');
  await writeFile(join(base, 'renderer-evil.txt'), 'a sibling whose name starts like the folder');
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('app:// handler', () => {
  const handler = () => createAppProtocolHandler({ rendererDir, readFile });
  const get = (url: string, method = 'GET') => handler()(new Request(url, { method }));

  it('serves the page and its assets with the right type, and the CSP header on every response', async () => {
    for (const [url, type, body] of [
      [APP_PAGE_URL, 'text/html; charset=utf-8', '<!doctype html><title>Certwatch</title>'],
      [`${APP_ORIGIN}/`, 'text/html; charset=utf-8', '<!doctype html><title>Certwatch</title>'],
      [`${APP_ORIGIN}/assets/index-abc.js`, 'text/javascript; charset=utf-8', 'console.log(1)'],
      [`${APP_ORIGIN}/assets/index-abc.css?v=1#x`, 'text/css; charset=utf-8', 'body{}'],
    ] as const) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toBe(body);
    }
    const missing = await get(`${APP_ORIGIN}/nope.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    `${APP_ORIGIN}/../secret.txt`,
    `${APP_ORIGIN}/%2e%2e/secret.txt`,
    `${APP_ORIGIN}/%2E%2E%2Fsecret.txt`,
    `${APP_ORIGIN}/..%2fsecret.txt`,
    `${APP_ORIGIN}/..%5csecret.txt`,
    `${APP_ORIGIN}/assets/..%2f..%2fsecret.txt`,
    `${APP_ORIGIN}/..\\secret.txt`,
    `${APP_ORIGIN}/%00index.html`,
    `${APP_ORIGIN}/../renderer-evil.txt`,
    `${APP_ORIGIN}//etc/passwd`,
    `${APP_ORIGIN}/%2Fetc%2Fpasswd`,
    'app://other-host/index.html',
    'app://certwatch.evil/index.html',
    `file://${'/etc/passwd'}`,
  ])('refuses %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('Not found');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('resolves only inside the folder', () => {
    expect(appFileFor(rendererDir, `${APP_ORIGIN}/assets/index-abc.js`)).toBe(
      join(rendererDir, 'assets', 'index-abc.js'),
    );
    expect(appFileFor(rendererDir, `${APP_ORIGIN}/assets/../index.html`)).toBe(
      join(rendererDir, 'index.html'),
    );
    expect(appFileFor(rendererDir, 'not a url')).toBeUndefined();
  });

  it('answers HEAD without a body and refuses writes', async () => {
    const head = await get(APP_PAGE_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get(APP_PAGE_URL, 'POST')).status).toBe(405);
  });
});

describe('the app on app://', () => {
  beforeEach(() => electron.resetElectron());

  function start(dir = rendererDir, entries = [entry({ id: 'a' })]) {
    const watcher = fakeWatcher(appState(entries));
    return runApp({
      electron: electron as unknown as AppElectron,
      makeWatcher: () => watcher,
      fallbackNotifier: { notify: async () => ({ delivered: true }) },
      loginItem: { isEnabled: () => false, set: () => undefined },
      network: { isOnline: () => true, signature: () => '' },
      paths: {
        preload: '/p.cjs',
        page: { url: APP_PAGE_URL },
        iconDir: '/icons',
        appIcon: '/i.png',
        rendererDir: dir,
      },
      platform: 'linux',
      log: () => undefined,
    });
  }

  it('registers the scheme as privileged before ready, and serves the page once ready', async () => {
    const release = electron.app.holdReady();
    const running = start();
    expect(electron.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    expect(electron.protocol.isProtocolHandled('app')).toBe(false);
    release();
    await running.ready;
    const page = await electron.protocol.fetch(APP_PAGE_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await electron.protocol.fetch(`${APP_ORIGIN}/../secret.txt`)).status).toBe(404);
  });

  it('serves the page with the watchlist’s first screen written in, the CSP unchanged', async () => {
    const dir = join(base, 'marked');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'index.html'),
      '<!doctype html><html lang="en"><body><div id="root"><!-- first screen --><p>Loading your watchlist…</p>' +
        '<!-- /first screen --></div><script type="module" src="./main.js"></script></body></html>',
    );
    await start(dir, [
      entry({ id: 'a', target: 'shop.example.com:443', status: 'critical', daysLeft: 4 }),
      entry({ id: 'b', target: 'api.example.com:443', label: '<b>API</b>' }),
    ]).ready;
    const page = await electron.protocol.fetch(APP_PAGE_URL);
    const html = await page.text();
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(html).toContain('<html data-first-screen lang="en">');
    expect(html).toContain('<div id="root" inert data-first-screen>');
    // Most urgent first, the label as text.
    expect(html.indexOf('title="shop.example.com:443"')).toBeGreaterThan(0);
    expect(html.indexOf('title="shop.example.com:443"')).toBeLessThan(
      html.indexOf('title="api.example.com:443"'),
    );
    expect(html).toContain('&lt;b&gt;API&lt;/b&gt;');
    expect(html).toContain('<script type="module" src="./main.js"></script>');
    expect(html).not.toContain('Loading your watchlist');

    // An empty watchlist has its own screen, which React draws: the page goes out as built.
    electron.resetElectron();
    await start(dir, []).ready;
    expect(await (await electron.protocol.fetch(APP_PAGE_URL)).text()).toContain('Loading your watchlist');
  });

  it('loads the window from app:// and answers IPC from that page only', async () => {
    await start().ready;
    electron.Tray.instances[0]!.menu!.find('Open Certwatch').click!();
    const win = electron.BrowserWindow.instances[0]!;
    expect(win.loaded).toEqual({ url: APP_PAGE_URL });
    expect(win.webContents.mainFrame.origin).toBe(APP_ORIGIN);
    const ask = (frame: FakeFrame, sender: unknown = win.webContents) =>
      electron.ipcMain.invoke('state:get', {}, { sender, senderFrame: frame }) as Promise<{ ok: boolean }>;
    expect(await ask(win.webContents.mainFrame)).toMatchObject({ ok: true });
    expect(await ask(new FakeFrame(`${APP_ORIGIN}/index.html#/entries/a`))).toMatchObject({ ok: true });
    for (const url of [
      'app://evil/index.html',
      'file:///opt/certwatch/dist/renderer/index.html',
      'https://x.test/',
    ])
      expect(await ask(new FakeFrame(url)), url).toMatchObject({ ok: false });
    expect(await ask(win.webContents.mainFrame, new FakeWebContents())).toMatchObject({ ok: false });
  });

  it('cancels every file:// request from any page', async () => {
    await start().ready;
    const guard = electron.session.defaultSession.beforeRequest!;
    expect(guard.filter).toEqual({ urls: ['file://*/*'] });
    let answer: { cancel?: boolean } | undefined;
    guard.listener({ url: 'file:///etc/passwd' }, (a) => (answer = a));
    expect(answer).toEqual({ cancel: true });
  });
});

describe('sender check for app://', () => {
  it('takes app://certwatch as the page’s origin (Node alone would say "null")', () => {
    const contents = {};
    const trusted = createSenderCheck({ appUrl: APP_PAGE_URL, isAppContents: (c) => c === contents });
    const frame = (url: string) => ({ sender: contents, senderFrame: new FakeFrame(url) });
    expect(trusted(frame(APP_PAGE_URL))).toBe(true);
    expect(trusted(frame('app://certwatch2/index.html'))).toBe(false);
    expect(trusted(frame('data:text/html,<p>x'))).toBe(false);
  });

  it('guardSession also blocks file:// when a dev server is used', () => {
    electron.resetElectron();
    guardSession(electron.session.defaultSession, { devServer: true });
    expect(electron.session.defaultSession.beforeRequest?.filter.urls).toEqual(['file://*/*']);
  });
});
