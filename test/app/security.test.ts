// Fails on any weakened security setting: the window's web preferences, the built page's CSP and the CSP header,
// navigation and window opening, permissions, and what the sandboxed preload bundle may require.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { allowedDevUrl, CONTENT_SECURITY_POLICY, guardSession, openInBrowser } from '../../main/app/security';
import { createWindow } from '../../main/app/window';
import { BrowserWindow, resetElectron, session, shell } from '../fakes/electron';

/** Directive -> sources, as a browser reads a policy. */
function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !out.has(name.toLowerCase())) out.set(name.toLowerCase(), sources);
  }
  return out;
}

/** Every way a policy can let remote or injected code run, as readable failures. */
function weaknesses(policy: string): string[] {
  const csp = parseCsp(policy);
  const found: string[] = [];
  const def = csp.get('default-src');
  if (!def || !(def.join(' ') === "'none'" || def.join(' ') === "'self'")) {
    found.push(`default-src must be 'none' or 'self', is ${def?.join(' ') ?? 'missing'}`);
  }
  const script = csp.get('script-src') ?? def ?? [];
  for (const source of script) {
    if (!["'self'", "'none'"].includes(source) && !/^'sha(256|384|512)-/.test(source)) {
      found.push(`script-src allows ${source}`);
    }
  }
  const objects = csp.get('object-src') ?? def;
  if (objects?.join(' ') !== "'none'" && objects?.join(' ') !== "'self'")
    found.push('object-src is not restricted');
  const base = csp.get('base-uri'); // does not fall back to default-src
  if (!base || !["'none'", "'self'"].includes(base.join(' '))) found.push('base-uri is not restricted');
  for (const [name, sources] of csp) {
    for (const source of sources) {
      const remote =
        source === '*' || /^(https?|wss?|ftp):/i.test(source) || /^[\w*-]+(\.[\w-]+)+/.test(source);
      if (remote) found.push(`${name} allows remote ${source}`);
      if (/^'unsafe-(eval|inline)'$|^'wasm-unsafe-eval'$/.test(source) && name !== 'style-src') {
        found.push(`${name} allows ${source}`);
      }
    }
  }
  return found;
}

function metaCsp(html: string): string {
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  if (!match) throw new Error('the page has no Content-Security-Policy <meta> tag');
  return match[1]!;
}

describe('the CSP check itself', () => {
  it.each([
    ["default-src *; base-uri 'none'", 'default-src'],
    [
      "default-src 'none'; script-src 'self' 'unsafe-inline'; base-uri 'none'",
      "script-src allows 'unsafe-inline'",
    ],
    [
      "default-src 'none'; script-src 'self' 'unsafe-eval'; base-uri 'none'",
      "script-src allows 'unsafe-eval'",
    ],
    ["default-src 'none'; script-src 'self' https://cdn.example; base-uri 'none'", 'https://cdn.example'],
    ["default-src 'none'; script-src 'self' cdn.example.com; base-uri 'none'", 'cdn.example.com'],
    [
      "default-src 'none'; script-src 'self'; connect-src https:; base-uri 'none'",
      'connect-src allows remote https:',
    ],
    ["default-src 'none'; script-src 'self'", 'base-uri'],
    ["default-src 'self'; script-src 'self' data:; base-uri 'self'", 'script-src allows data:'],
  ])('catches %s', (policy, expected) => {
    expect(weaknesses(policy).join('\n')).toContain(expected);
  });
});

describe('Content-Security-Policy', () => {
  let out: string;
  beforeAll(async () => {
    // The built page is what ships; build it as `npm run dist` does, into a scratch folder.
    out = mkdtempSync(path.join(os.tmpdir(), 'certwatch-renderer-'));
    await viteBuild({
      configFile: path.resolve('vite.config.ts'),
      mode: 'production',
      logLevel: 'silent',
      build: { outDir: out, emptyOutDir: true, sourcemap: false },
    });
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('of the built page is strict, and its scripts are bundled files, none inline', () => {
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(weaknesses(metaCsp(html))).toEqual([]);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body!.trim(), 'inline script').toBe('');
      expect(attributes).toMatch(/\ssrc="\.\/[^"]+"/);
    }
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });

  it('of the page source is strict', () => {
    expect(weaknesses(metaCsp(readFileSync('renderer/index.html', 'utf8')))).toEqual([]);
  });

  it('sent as a header by the main process is strict', () => {
    expect(weaknesses(CONTENT_SECURITY_POLICY)).toEqual([]);
  });
});

describe('window options', () => {
  beforeEach(() => resetElectron());

  const required = {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
  };
  /** Settings that may appear at all; anything else (enableBlinkFeatures, additionalArguments...) fails. */
  const allowed = new Set([
    ...Object.keys(required),
    'navigateOnDragDrop',
    'safeDialogs',
    'spellcheck',
    'preload',
  ]);

  function optionsOf(page: { file: string } | { url: string }) {
    createWindow({
      BrowserWindow,
      preload: '/app/preload.cjs',
      page,
      icon: '/app/icon.png',
      openExternal: () => undefined,
    });
    return BrowserWindow.instances.at(-1)!.options as {
      show: boolean;
      webPreferences: Record<string, unknown>;
    };
  }

  it('keep sandbox, isolation and web security on, and Node out of the page', () => {
    const options = optionsOf({ file: '/app/index.html' });
    expect(options.webPreferences).toMatchObject(required);
    expect(options.webPreferences.preload).toBe('/app/preload.cjs');
    expect(Object.keys(options.webPreferences).filter((k) => !allowed.has(k))).toEqual([]);
    expect(options.show).toBe(false);
  });

  it('are the same whatever the page', () => {
    expect(optionsOf({ url: 'http://127.0.0.1:5173/' })).toEqual(optionsOf({ file: '/app/index.html' }));
  });

  it('load only the page asked for', () => {
    optionsOf({ file: '/app/index.html' });
    expect(BrowserWindow.instances[0]!.loaded).toEqual({ file: '/app/index.html' });
  });
});

describe('development server URL', () => {
  it('is accepted only as plain http on this machine', () => {
    expect(allowedDevUrl('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173/');
    expect(allowedDevUrl('http://localhost:5173')).toBe('http://localhost:5173/');
    for (const url of [
      'https://127.0.0.1:5173/',
      'http://192.168.1.5:5173/',
      'http://localhost.evil.example/',
      'file:///x',
      'http://u:p@localhost/',
      '',
      undefined,
    ]) {
      expect(allowedDevUrl(url), String(url)).toBeUndefined();
    }
  });
});

describe('navigation and new windows', () => {
  beforeEach(() => resetElectron());

  function open() {
    createWindow({
      BrowserWindow,
      preload: '/app/preload.cjs',
      page: { file: '/app/index.html' },
      openExternal: (url) => void shell.openExternal(url),
    });
    return BrowserWindow.instances[0]!.webContents;
  }

  it('denies every new window; web links open in the browser instead', () => {
    const contents = open();
    for (const url of [
      'https://wiki.example/runbook',
      'http://intranet/x',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ms-msdt:/id',
    ]) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(shell.opened).toEqual(['https://wiki.example/runbook', 'http://intranet/x']);
  });

  it('blocks navigation away from the app, redirects and webviews', () => {
    const contents = open();
    expect(contents.attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.attempt('will-navigate', 'file:///tmp/other.html')).toBe(true);
    expect(contents.attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.attempt('will-attach-webview')).toBe(true);
    expect(shell.opened).toEqual(['https://evil.example/']);
  });
});

describe('openInBrowser', () => {
  beforeEach(() => resetElectron());

  it('hands only http(s) URLs to the OS', async () => {
    const urls = [
      'https://a.example/',
      'HTTP://b.example/',
      'file:///etc/passwd',
      'smb://host/share',
      'javascript:1',
      'not a url',
    ];
    const opened = [];
    for (const url of urls) opened.push(await openInBrowser(shell, url));
    expect(opened).toEqual([true, true, false, false, false, false]);
    expect(shell.opened).toEqual(['https://a.example/', 'HTTP://b.example/']);
  });
});

describe('session', () => {
  beforeEach(() => resetElectron());

  it('refuses every permission request and check', () => {
    guardSession(session.defaultSession);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      session.defaultSession.permissionRequestHandler!(
        {},
        permission,
        (granted) => void answers.push(granted),
      );
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(session.defaultSession.permissionCheckHandler!()).toBe(false);
  });

  it('adds the CSP header to every response, keeping the others', () => {
    guardSession(session.defaultSession);
    let headers: Record<string, string | string[]> | undefined;
    session.defaultSession.headersListener!(
      { responseHeaders: { 'Content-Type': ['text/html'] } },
      (response) => void (headers = response.responseHeaders),
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it('leaves the header to a development server’s page, but still refuses permissions', () => {
    guardSession(session.defaultSession, { devServer: true });
    expect(session.defaultSession.headersListener).toBeUndefined();
    expect(session.defaultSession.permissionCheckHandler!()).toBe(false);
  });
});

describe('preload bundle', () => {
  it('is CommonJS requiring nothing but electron, as the sandbox demands', async () => {
    const result = await esbuild({
      entryPoints: ['main/preload.ts'],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'cjs',
      external: ['electron'],
      metafile: true,
      logLevel: 'silent',
    });
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(imports).toEqual(['electron']);
    const inputs = Object.keys(result.metafile.inputs).sort();
    expect(inputs).toEqual(['main/preload.ts', 'main/shared/contract.ts']);
  });
});
