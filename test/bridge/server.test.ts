// The web bridge over real HTTP on loopback: who it answers (token, Host, Origin), what it refuses, that calls go
// through the contract's schemas to the real engine, that state pushes arrive as Server-Sent Events, and that
// it serves only its own folder. The browser side is tested end to end in test/e2e/window.test.ts.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pageLocale } from '../../main/bridge/routes';
import { startBridge, type Bridge } from '../../main/bridge/server';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** node:http rather than fetch, so tests can send the Host and Origin an attacker's page would. */
function send(
  bridge: Bridge,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Reply> {
  const { port } = new URL(bridge.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const call = (bridge: Bridge, channel: string, payload: unknown, headers: Record<string, string> = {}) =>
  send(bridge, {
    method: 'POST',
    path: `/api/call/${channel}`,
    headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  });

describe('web bridge', () => {
  let scratch: string;
  let bridge: Bridge;
  const logged: string[] = [];

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'certwatch-bridge-test-'));
    const page = path.join(scratch, 'page');
    mkdirSync(path.join(page, 'assets'), { recursive: true });
    writeFileSync(path.join(page, 'index.html'), '<!doctype html><title>Certwatch</title>');
    writeFileSync(path.join(page, 'assets', 'app.js'), 'console.log(1);');
    writeFileSync(path.join(scratch, 'secret.txt'), 'outside the page folder');
    bridge = await startBridge({
      rendererDir: page,
      // Names never reach the system resolver: every lookup fails as an unknown name would.
      lookup: async (host) => {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      },
      env: {},
      log: (line) => logged.push(line),
    });
  });

  afterAll(async () => {
    await bridge?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('listens on loopback with a 32-byte token in the address it prints', () => {
    const url = new URL(bridge.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.search).toBe(`?token=${bridge.token}`);
    expect(url.hash).toBe('');
    expect(Buffer.from(bridge.token, 'base64url')).toHaveLength(32);
  });

  it('serves the page with a strict CSP, and nothing outside its folder', async () => {
    const page = await send(bridge, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Certwatch</title>');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self';/);
    expect(page.headers['content-security-policy']).toMatch(/connect-src 'self';.*frame-ancestors 'none'/);
    expect((await send(bridge, { path: '/assets/app.js' })).headers['content-type']).toMatch(/javascript/);
    for (const sneaky of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const reply = await send(bridge, { path: sneaky });
      expect(reply.status, sneaky).toBe(404);
      expect(reply.text).not.toContain('outside the page folder');
    }
  });

  it("allows the page's inline start by its hash in the header, and nothing else inline", async () => {
    const file = path.join(scratch, 'page', 'index.html');
    const start = "window.started = 'yes';";
    writeFileSync(file, `<!doctype html><title>Certwatch</title><script>${start}</script>`);
    try {
      const page = await send(bridge, { path: '/' });
      const policy = page.headers['content-security-policy'] ?? '';
      // The same hash a browser computes over the script's text: sha256 of its UTF-8 bytes, in base64.
      const hash = createHash('sha256').update(start, 'utf8').digest('base64');
      expect(policy).toContain(`script-src 'self' 'sha256-${hash}';`);
      expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
      // Scripts and styles from elsewhere stay refused; only that text is allowed.
      expect(policy).toMatch(/default-src 'none';.*style-src 'self';/);
    } finally {
      writeFileSync(file, '<!doctype html><title>Certwatch</title>');
    }
    expect((await send(bridge, { path: '/' })).headers['content-security-policy']).toMatch(
      /script-src 'self';/,
    );
  });

  it('serves a rebuilt page file anew, not the copy it answered from memory before', async () => {
    const file = path.join(scratch, 'page', 'assets', 'app.js');
    expect((await send(bridge, { path: '/assets/app.js' })).text).toBe('console.log(1);');
    writeFileSync(file, 'console.log("rebuilt");');
    const again = await send(bridge, { path: '/assets/app.js' });
    expect(again.text).toBe('console.log("rebuilt");');
    expect(again.headers['content-length']).toBe(String(Buffer.byteLength(again.text)));
    writeFileSync(file, 'console.log(1);');
  });

  it('answers the window with its compact state, the same watchlist as the engine’s', async () => {
    const engine = JSON.parse((await call(bridge, 'state:get', {})).text) as {
      value: { entries: Array<{ id: string; target: string }>; revision: number };
    };
    const window = JSON.parse((await call(bridge, 'window:state', {})).text) as {
      ok: boolean;
      value: {
        table: { count: number; id: string[]; target: string[] };
        revision: number;
        settings: unknown;
      };
    };
    expect(window.ok).toBe(true);
    expect(window.value.table.count).toBe(engine.value.entries.length);
    expect(window.value.table.id).toEqual(engine.value.entries.map((e) => e.id));
    expect(window.value.table.target).toEqual(engine.value.entries.map((e) => e.target));
    expect(window.value).not.toHaveProperty('entries');
  });

  it('refuses calls without the token or with a wrong one', async () => {
    const missing = await send(bridge, {
      method: 'POST',
      path: '/api/call/state:get',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.text)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const wrong = await call(bridge, 'state:get', {}, { authorization: `Bearer ${'A'.repeat(43)}` });
    expect(wrong.status).toBe(401);
    expect((await send(bridge, { path: '/api/events?token=nope' })).status).toBe(401);
  });

  it('refuses a page that reached it under another name (DNS rebinding) or from another origin', async () => {
    const { port } = new URL(bridge.url);
    const rebound = await call(bridge, 'state:get', {}, { host: `attacker.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.text).not.toContain('"entries"');
    expect((await send(bridge, { path: '/', headers: { host: `attacker.example:${port}` } })).status).toBe(
      403,
    );
    const foreign = await call(bridge, 'state:get', {}, { origin: 'http://attacker.example' });
    expect(foreign.status).toBe(403);
    const otherPort = await call(bridge, 'state:get', {}, { origin: 'http://127.0.0.1:1' });
    expect(otherPort.status).toBe(403);
    expect((await call(bridge, 'state:get', {}, { origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it('refuses unknown channels, invalid payloads and non-JSON posts with the IPC schemas', async () => {
    const unknown = await call(bridge, 'shell:exec', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const invalid = await call(bridge, 'entries:add', { text: 'a.certwatch.test', extra: true });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.text).error.message).toMatch(/^Invalid entries:add request/);
    const badUrl = await call(bridge, 'app:open-external', { url: 'file:///etc/passwd' });
    expect(JSON.parse(badUrl.text).error.message).toMatch(/http:\/\/ or https:\/\//);
    const form = await call(bridge, 'state:get', {}, { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
    const get = await send(bridge, {
      path: '/api/call/state:get',
      headers: { authorization: `Bearer ${bridge.token}` },
    });
    expect(get.status).toBe(405);
  });

  it('answers through the real engine and pushes the new state as a Server-Sent Event', async () => {
    const { port } = new URL(bridge.url);
    const controller = new AbortController();
    const stream = await fetch(`http://127.0.0.1:${port}/api/events?token=${bridge.token}`, {
      signal: controller.signal,
    });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();

    const added = await call(bridge, 'entries:add', { text: 'a.certwatch.test\nnot a host' });
    expect(JSON.parse(added.text)).toMatchObject({
      ok: true,
      value: { added: 1, lines: [{ ok: true }, { ok: false, line: 2 }] },
    });
    let received = '';
    while (!/event: state:changed\ndata: .*a\.certwatch\.test:443/.test(received)) {
      const { value, done } = await reader.read();
      if (done) break;
      received += value;
    }
    controller.abort();
    expect(received).toMatch(/event: state:changed\ndata: .*a\.certwatch\.test:443/);
    expect(bridge.watcher.state().entries.map((e) => e.target)).toEqual(['a.certwatch.test:443']);
  });

  it('writes the watchlist into the page for the address it printed, and for no one else', async () => {
    const file = path.join(scratch, 'page', 'index.html');
    writeFileSync(
      file,
      '<!doctype html><html lang="en"><head><title>Certwatch</title></head><body><div id="root">' +
        '<!-- first screen --><p>Loading your watchlist…</p><!-- /first screen --></div></body></html>',
    );
    try {
      const { pathname, search } = new URL(bridge.url);
      const page = await send(bridge, {
        path: `${pathname}${search}`,
        headers: { 'accept-language': 'de-DE,de;q=0.9' },
      });
      expect(page.status).toBe(200);
      expect(page.text).toContain('<html data-first-screen lang="en">');
      expect(page.text).toContain('<div id="root" inert data-first-screen>');
      expect(page.text).toContain('title="a.certwatch.test:443"');
      expect(page.text).toContain('aria-rowcount="2"');
      expect(page.text).not.toContain('Loading your watchlist');
      expect(page.headers['content-length']).toBe(String(Buffer.byteLength(page.text)));
      // The same strict policy: the written screen carries no script.
      expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self';/);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['referrer-policy']).toBe('no-referrer');

      for (const other of ['/', '/index.html', '/?token=wrong', `/?token=${bridge.token}x`]) {
        const plain = await send(bridge, { path: other });
        expect(plain.status, other).toBe(200);
        expect(plain.text, other).toContain('Loading your watchlist');
        expect(plain.text, other).not.toContain('certwatch.test');
      }
    } finally {
      writeFileSync(file, '<!doctype html><title>Certwatch</title>');
    }
  });

  it("reads the page's language from Accept-Language, and nothing it does not know", () => {
    expect(pageLocale('de-DE,de;q=0.9,en;q=0.8')).toBe('de-DE');
    expect(pageLocale('fr')).toBe('fr');
    expect(pageLocale('en-gb;q=0.9')).toBe('en-GB');
    for (const odd of [undefined, '', '*', 'not a language!', ';q=1', '\u0000'])
      expect(pageLocale(odd), String(odd)).toBeUndefined();
  });

  it('prints links instead of opening them', async () => {
    const reply = await call(bridge, 'app:open-external', { url: 'https://wiki.example.com/runbook' });
    expect(JSON.parse(reply.text)).toEqual({ ok: true, value: { opened: false } });
    expect(logged).toContain('open in your browser: https://wiki.example.com/runbook');
  });

  it('runs the same self-test as certwatch doctor, with the real engine', async () => {
    const reply = await call(bridge, 'selftest:run', {});
    const { value } = JSON.parse(reply.text) as {
      value: { running: boolean; report: { failed: boolean; checks: { id: string; level: string }[] } };
    };
    expect(value.running).toBe(false);
    expect(value.report.failed).toBe(false);
    expect(value.report.checks.filter((c) => c.id.startsWith('probe-')).map((c) => c.level)).toEqual([
      'ok',
      'ok',
      'ok',
    ]);
  });

  it('removes its temporary watchlist and stops listening when closed', async () => {
    const other = await startBridge({ rendererDir: scratch, env: {}, log: () => undefined });
    const storePath = other.watcher.state().storePath;
    expect(existsSync(storePath)).toBe(true);
    await other.close();
    expect(existsSync(path.dirname(storePath))).toBe(false);
    await expect(send(other, { path: '/' })).rejects.toThrow(/ECONNREFUSED/);
  });
});
