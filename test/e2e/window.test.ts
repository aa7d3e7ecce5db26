// The real window in headless Chromium against the web bridge and the real engine: TLS servers on 127.0.0.1
// with certificates from the test PKI, names resolved by an injected lookup, and everything done the way a
// person does it (paste hosts, read the table, open details, edit, delete and undo, export and import).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { buildBridge } from '../../scripts/build.mjs';
import type { Bridge, BridgeOptions } from '../../main/bridge/server';
import type { Lookup } from '../../main/core/probe/resolve';
import { makePki, type Minted } from '../fixtures/pki';
import { startTlsServer, type Running } from '../fixtures/servers';
import { CRLReasons, startOcspResponder, type OcspResponder } from '../fixtures/ocsp';

const OUT = path.resolve('test-output');
/**
 * axe-core's browser build. The page's CSP (script-src 'self') rightly refuses an injected <script>, so the
 * source is evaluated through the DevTools protocol instead, which leaves the CSP in force for the app.
 */
const AXE_SOURCE = readFileSync(
  path.join(path.dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js'),
  'utf8',
);
const SIZES = [
  { width: 1280, height: 800 },
  { width: 900, height: 600 },
] as const;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}
const WAIT = { timeout: 60_000, interval: 250 };

/** Test names only, always to loopback: the machine's resolver is never asked. */
const lookup: Lookup = async (host) => {
  if (host.endsWith('.certwatch.test')) return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

describe('the window over the web bridge', () => {
  let scratch: string;
  let rendererDir: string;
  let caBundle: string;
  let start: (options: BridgeOptions) => Promise<Bridge>;
  const bridges: Bridge[] = [];
  const servers: Running[] = [];
  let ocsp: OcspResponder;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** host:port of each test server, by its role. */
  const target: Record<'ok' | 'soon' | 'expired' | 'wrong' | 'revoked', string> = {
    ok: '',
    soon: '',
    expired: '',
    wrong: '',
    revoked: '',
  };

  const row = (p: Page, name: string) => p.locator('.grid-body [role="row"]').filter({ hasText: name });
  const badge = (p: Page, name: string) => row(p, name).locator('.badge').innerText();
  const days = (p: Page, name: string) => row(p, name).locator('.cell-days').innerText();
  const toast = (p: Page) => p.getByRole('status', { name: 'Messages' });

  async function openWindow(bridge: Bridge): Promise<Page> {
    const opened = await context.newPage();
    await opened.goto(bridge.url);
    await opened.getByRole('heading', { name: 'Watchlist', level: 2 }).waitFor();
    return opened;
  }

  /** Settings → Extra CA bundle, as someone with an internal CA does. */
  async function trustTestRoot(p: Page): Promise<void> {
    await p.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
    const settings = p.getByRole('region', { name: 'Settings' });
    await settings.getByLabel('Extra CA bundle').fill(caBundle);
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await toast(p).getByText('Settings saved.').waitFor();
    await p.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Watchlist' }).click();
  }

  /** Runs axe-core on the page as it stands and returns each violation as one readable line. */
  async function axe(p: Page): Promise<string[]> {
    // Page-side code as strings: this file is compiled without the DOM's types.
    if (!(await p.evaluate("typeof axe !== 'undefined'"))) await p.evaluate(AXE_SOURCE);
    const violations = (await p.evaluate('axe.run().then((r) => r.violations)')) as AxeViolation[];
    return violations.flatMap((v) =>
      v.nodes.map(
        (n) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`,
      ),
    );
  }

  /**
   * Every screen and dialog the tests reach is audited by axe-core in light and dark, at 1280×800 and 900×600,
   * and photographed into test-output/ for a person to judge the layout.
   */
  async function screenshots(p: Page, name: string): Promise<void> {
    const before = p.viewportSize();
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      await p.emulateMedia({ colorScheme });
      for (const size of SIZES) {
        await p.setViewportSize(size);
        // Let layout (and any transition) settle at the new size before judging it.
        await p.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
        for (const line of await axe(p))
          found.push(`${name} ${colorScheme} ${size.width}×${size.height}: ${line}`);
        await p.screenshot({
          path: path.join(OUT, `${name}-${size.width}x${size.height}-${colorScheme}.png`),
        });
      }
    }
    await p.emulateMedia({ colorScheme: 'light' });
    if (before) await p.setViewportSize(before);
    expect(found).toEqual([]);
  }

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'certwatch-window-e2e-'));
    rendererDir = path.join(scratch, 'renderer');
    mkdirSync(OUT, { recursive: true });
    // The bridge and the bridge-mode page, built as `npm run dev:web` builds them; the page into a scratch
    // folder so a concurrent dev:web or benchmark build cannot swap it mid-test.
    await buildBridge({ rendererOutDir: rendererDir });
    ({ startBridge: start } = (await import(
      pathToFileURL(path.resolve('dist/bridge/server.js')).href
    )) as typeof import('../../main/bridge/server'));

    const pki = await makePki('Certwatch E2E');
    caBundle = path.join(scratch, 'test-root.pem');
    writeFileSync(caBundle, pki.root.pem);
    ocsp = await startOcspResponder();
    // Half-day offsets keep whole-day counts stable while the test runs.
    const leaves: Record<keyof typeof target, [string, Minted]> = {
      ok: ['ok.certwatch.test', await pki.leaf({ cn: 'ok.certwatch.test', toDays: 60.5 })],
      soon: [
        'soon.certwatch.test',
        await pki.leaf({ cn: 'soon.certwatch.test', fromDays: -84.5, toDays: 5.5 }),
      ],
      expired: [
        'expired.certwatch.test',
        await pki.leaf({ cn: 'expired.certwatch.test', fromDays: -90, toDays: -3.5 }),
      ],
      wrong: ['wronghost.certwatch.test', await pki.leaf({ cn: 'elsewhere.certwatch.test', toDays: 60.5 })],
      revoked: [
        'revoked.certwatch.test',
        await pki.leaf({ cn: 'revoked.certwatch.test', toDays: 40.5, ocspUrl: ocsp.url }),
      ],
    };
    ocsp.set(leaves.revoked[1], pki.intermediate, {
      status: 'revoked',
      revokedAt: new Date(Date.now() - 2 * 86_400_000),
      reason: CRLReasons.keyCompromise,
    });
    for (const [role, [name, leaf]] of Object.entries(leaves)) {
      const server = await startTlsServer({ chain: [leaf, pki.intermediate] });
      servers.push(server);
      target[role as keyof typeof target] = `${name}:${server.port}`;
    }

    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless'],
    });
    context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    // Other suites may be loading this small machine: be patient with every click and wait.
    context.setDefaultTimeout(60_000);
    bridges.push(await start({ lookup, env: {}, rendererDir, log: () => undefined }));
    page = await openWindow(bridges[0]!);
  });

  afterAll(async () => {
    await browser?.close();
    for (const bridge of bridges) await bridge.close();
    for (const server of servers) await server.close();
    await ocsp?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("allows the page's inlined start and stylesheet by their hashes alone, in the page's CSP and the bridge's header", async () => {
    const html = readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
    const hashOf = (tag: string) => {
      const inline = [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
      expect(inline).toHaveLength(1);
      return `'sha256-${createHash('sha256').update(inline[0]!, 'utf8').digest('base64')}'`;
    };
    const [script, style] = [hashOf('script'), hashOf('style')];
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1] ?? '';
    const header = (await page.request.get(bridges[0]!.url)).headers()['content-security-policy'] ?? '';
    for (const policy of [meta, header]) {
      expect(policy).toContain(`script-src 'self' ${script};`);
      expect(policy).toContain(`style-src 'self' ${style};`);
      expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes/);
    }
    // The entry is evaluated by the inlined start, not as a module script, and preloaded by it: no file is
    // fetched before the first screen is on screen.
    expect(html).not.toMatch(/<script type="module"|<link rel="(stylesheet|modulepreload)"/);
  });

  it('opens with the token from the URL, and refuses a page without it', async () => {
    expect(new URL(page.url()).search).toBe('');
    // Fresh pages: a tab keeps its token in sessionStorage, and these never had the real one.
    const stranger = await browser.newPage();
    await stranger.goto(bridges[0]!.url.replace(/\?.*/, ''));
    await stranger.getByRole('heading', { name: 'Certwatch cannot start here' }).waitFor();
    const forger = await browser.newPage();
    await forger.goto(bridges[0]!.url.replace(/token=.*/, 'token=forged'));
    await forger.getByRole('heading', { name: 'Certwatch could not load the watchlist' }).waitFor();
    expect(await forger.getByRole('alert').innerText()).toMatch(/Missing or wrong bridge token/);
    await Promise.all([stranger.close(), forger.close()]);
  });

  it('trusts an internal CA from Settings, with revocation checks on by default', async () => {
    await trustTestRoot(page);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('region', { name: 'Settings' });
    expect(await settings.getByRole('checkbox', { name: 'Check revocation (OCSP/CRL)' }).isChecked()).toBe(
      true,
    );
    // The saved value arrives with the next state push (coalesced, ~150 ms), which may follow this visit.
    await expect.poll(() => settings.getByLabel('Extra CA bundle').inputValue(), WAIT).toBe(caBundle);
    await screenshots(page, 'settings');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Watchlist' }).click();
  });

  it('adds pasted hosts and shows each status and the days left', async () => {
    await page
      .getByRole('toolbar', { name: 'Watchlist actions' })
      .getByRole('button', { name: 'Add…' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Add to the watchlist' });
    await dialog.getByLabel('Paste a list').check();
    await dialog
      .getByLabel('Hosts, one per line')
      .fill(['# test servers', ...Object.values(target), ''].join('\n'));
    await dialog.getByRole('button', { name: 'Add 5 entries' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await toast(page).getByText('Added 5 entries.').waitFor();

    await expect.poll(() => badge(page, target.ok), WAIT).toBe('OK');
    await expect.poll(() => badge(page, target.soon), WAIT).toBe('Critical');
    await expect.poll(() => badge(page, target.expired), WAIT).toBe('Expired');
    await expect.poll(() => badge(page, target.wrong), WAIT).toBe('Invalid');
    await expect.poll(() => badge(page, target.revoked), WAIT).toBe('Invalid');
    expect(await days(page, target.ok)).toBe('60');
    expect(await days(page, target.soon)).toBe('5');
    expect(await days(page, target.expired)).toBe('−3');
    expect(await row(page, target.wrong).innerText()).toMatch(
      /The certificate is for elsewhere\.certwatch\.test/,
    );
    // Every row that is not OK says what is wrong; a certificate close to expiry says what to do.
    expect(await row(page, target.soon).locator('.cell-problem').innerText()).toBe(
      'Expires in 5 days: renew now',
    );
    expect(await row(page, target.ok).locator('.cell-problem').innerText()).toBe('');
    // Most urgent first: expired, then invalid (fewest days left first), critical, OK.
    expect(await page.locator('.grid-body [role="row"] .cell-target').allInnerTexts()).toEqual([
      target.expired,
      target.revoked,
      target.wrong,
      target.soon,
      target.ok,
    ]);
    // Sorting by expiry keeps the certificates that are broken now on top, not among the OK ones.
    const expires = page.getByRole('button', { name: /^Expires/ });
    await expires.click();
    expect(await page.locator('.grid-body [role="row"] .cell-target').allInnerTexts()).toEqual([
      target.expired,
      target.revoked,
      target.wrong,
      target.soon,
      target.ok,
    ]);
    await expires.click();
    expect(await page.locator('.grid-body [role="row"] .cell-target').allInnerTexts()).toEqual([
      target.wrong,
      target.revoked,
      target.expired,
      target.ok,
      target.soon,
    ]);
    await page.getByRole('button', { name: /^Status/ }).click();
    await screenshots(page, 'watchlist');
  });

  it('explains the expired and the wrong-host certificate in plain words', async () => {
    await row(page, target.expired).click();
    let details = page.getByRole('complementary', { name: target.expired });
    await details.getByRole('heading', { name: 'Verdict' }).waitFor();
    const problems = details.getByRole('list', { name: 'Problems' });
    expect(await details.locator('.verdict').innerText()).toMatch(/Expired 3 days ago/);
    expect(await problems.innerText()).toMatch(/Certificate expired/);
    expect(await problems.innerText()).toMatch(
      /The certificate expired on \d{4}-\d\d-\d\d \(3 days ago\); clients refuse it\./,
    );
    expect(await problems.innerText()).toMatch(/What to do: Renew the certificate now/);
    await screenshots(page, 'details-expired');

    await row(page, target.wrong).click();
    details = page.getByRole('complementary', { name: target.wrong });
    await details.getByRole('heading', { name: 'Verdict' }).waitFor();
    const wrong = await details.getByRole('list', { name: 'Problems' }).innerText();
    expect(wrong).toMatch(/Name not on the certificate/);
    // History reads in words, never the engine's code.
    const history = await details.getByRole('region', { name: 'History table' }).innerText();
    expect(history).toMatch(/Name not on the certificate/);
    expect(history).not.toMatch(/HOSTNAME_MISMATCH/);
    expect(wrong).toMatch(
      /The certificate is for elsewhere\.certwatch\.test, not for wronghost\.certwatch\.test; browsers and clients will refuse it\./,
    );
  });

  it("shows the issuer's revocation answer in the details", async () => {
    await row(page, target.revoked).click();
    const details = page.getByRole('complementary', { name: target.revoked });
    const revocation = details.getByRole('region', { name: 'Revocation' });
    await revocation.waitFor();
    await revocation.scrollIntoViewIfNeeded();
    expect(await revocation.innerText()).toMatch(
      /Revoked on .+ \(key compromise\), according to the issuer's OCSP responder\./,
    );
    expect(await revocation.innerText()).toContain(`Asked ${ocsp.url}`);
    expect(await details.getByRole('list', { name: 'Problems' }).innerText()).toMatch(
      /revoked this certificate/,
    );
    await screenshots(page, 'details-revoked');
  });

  it("changes an entry's thresholds and its status follows", async () => {
    await row(page, target.ok).click();
    const details = page.getByRole('complementary', { name: target.ok });
    await details.getByRole('button', { name: 'Edit…' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${target.ok}` });
    await dialog.getByLabel('Warning days').fill('90');
    await dialog.getByLabel('Critical days').fill('70');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // 60 days left is now inside the 70-day critical threshold.
    await expect.poll(() => badge(page, target.ok), WAIT).toBe('Critical');
    expect(await days(page, target.ok)).toBe('60');
  });

  it('deletes an entry and brings it back with Undo', async () => {
    await row(page, target.soon).click();
    await page
      .getByRole('complementary', { name: target.soon })
      .getByRole('button', { name: 'Delete' })
      .click();
    await toast(page).getByText(`Deleted ${target.soon}.`).waitFor();
    await expect.poll(() => row(page, target.soon).count(), WAIT).toBe(0);
    await toast(page).getByRole('button', { name: 'Undo' }).click();
    await toast(page).getByText(`Restored ${target.soon}.`).waitFor();
    await expect.poll(() => badge(page, target.soon), WAIT).toBe('Critical');
    expect(await days(page, target.soon)).toBe('5');
  });

  it('exports the watchlist as JSON and imports it into a fresh Certwatch', async () => {
    await page.getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Watchlist as JSON' }).click(),
    ]);
    const file = path.join(scratch, download.suggestedFilename());
    await download.saveAs(file);
    expect(file).toMatch(/\.json$/);
    const exported = readFileSync(file, 'utf8');
    for (const t of Object.values(target)) expect(exported).toContain(t);

    const fresh = await start({ lookup, env: {}, rendererDir, log: () => undefined });
    bridges.push(fresh);
    const other = await openWindow(fresh);
    await trustTestRoot(other);
    await other
      .getByRole('toolbar', { name: 'Watchlist actions' })
      .getByRole('button', { name: 'Import…' })
      .click();
    const dialog = other.getByRole('dialog', { name: 'Import a watchlist' });
    await dialog.getByLabel('File', { exact: true }).setInputFiles(file);
    await dialog.getByText(/Loaded .*\.json/).waitFor();
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await toast(other).getByText('Imported 5 entries.').waitFor();

    await expect.poll(() => badge(other, target.expired), WAIT).toBe('Expired');
    await expect.poll(() => badge(other, target.wrong), WAIT).toBe('Invalid');
    // The per-entry thresholds travelled with the file: 60 days is critical here too.
    await expect.poll(() => badge(other, target.ok), WAIT).toBe('Critical');
    await expect.poll(() => badge(other, target.soon), WAIT).toBe('Critical');
    expect(await other.locator('.grid-body [role="row"]').count()).toBe(5);
    await screenshots(other, 'imported');
    await other.close();
  });

  it('shows the first rows before React has loaded, and React keeps them as they were', async () => {
    const opened = await context.newPage();
    // Notes the rows the moment they are first in the page, and whether the window (React) was running then.
    await opened.addInitScript({
      content: `(() => {
        const seen = (window.__firstRows = { rows: null, inert: null, served: null, refused: [] });
        // The page's inline start runs by its hash in the CSP (meta and header): nothing may be refused.
        document.addEventListener('securitypolicyviolation', (e) => seen.refused.push(e.violatedDirective + ' ' + e.blockedURI));
        new MutationObserver((_, observer) => {
          const rows = [...document.querySelectorAll('.grid-body [role="row"]')];
          if (!rows.length) return;
          observer.disconnect();
          seen.inert = document.getElementById('root').inert;
          seen.served = document.getElementById('root').hasAttribute('data-first-screen');
          seen.rows = rows.map((r) => [r.querySelector('.cell-target').textContent, r.querySelector('.badge').textContent]);
        }).observe(document, { childList: true, subtree: true });
      })();`,
    });
    type FirstRows = { rows: string[][]; inert: boolean; served: boolean; refused: string[] };
    await opened.goto(bridges[0]!.url);
    await opened.locator('#root:not([inert]) [role="grid"]').waitFor();
    const first = (await opened.evaluate('window.__firstRows')) as FirstRows;
    expect(first.refused).toEqual([]);
    // Written into the page by the bridge (the address carried the token): the rows were there, and inert,
    // before the window ran.
    expect(first.served).toBe(true);
    expect(first.inert).toBe(true);
    expect(first.rows).toHaveLength(5);
    // A reload's address has no token (the tab keeps it): the page's start paints the same rows itself.
    expect(new URL(opened.url()).search).toBe('');
    await opened.reload();
    await opened.locator('#root:not([inert]) [role="grid"]').waitFor();
    const reloaded = (await opened.evaluate('window.__firstRows')) as FirstRows;
    expect(reloaded.refused).toEqual([]);
    expect(reloaded.served).toBe(false);
    expect(reloaded.inert).toBe(true);
    expect(reloaded.rows).toEqual(first.rows);
    // The window runs now (a click opens the details) and shows the same rows, order and statuses.
    const [firstTarget] = first.rows[0]!;
    await row(opened, firstTarget!).click();
    await opened.getByRole('complementary', { name: firstTarget }).waitFor();
    const now = await opened
      .locator('.grid-body [role="row"]')
      .evaluateAll((rows) =>
        rows.map((r) => [
          r.querySelector('.cell-target')?.textContent,
          r.querySelector('.badge')?.textContent,
        ]),
      );
    expect(now).toEqual(first.rows);
    await opened.close();
  });

  it('passes axe-core on every other screen and dialog, light and dark, at both window sizes', async () => {
    const views = page.getByRole('navigation', { name: 'Views' });
    await views.getByRole('button', { name: 'Overview' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 2 }).waitFor();
    await screenshots(page, 'overview');
    await views.getByRole('button', { name: 'Watchlist' }).click();

    await row(page, target.wrong).click();
    const details = page.getByRole('complementary', { name: target.wrong });
    await details.getByRole('heading', { name: 'Verdict' }).waitFor();
    await screenshots(page, 'details-wrong-host');
    // 900×600 with the details open: they slide over the table, and "Days left" and each row's status stay in
    // sight (not covered, not squeezed away).
    await page.setViewportSize({ width: 900, height: 600 });
    for (const name of ['Status', 'Days left']) {
      const header = page
        .getByRole('grid', { name: 'Watchlist' })
        .getByRole('columnheader', { name: new RegExp(`^${name}`) });
      const box = await header.boundingBox();
      expect(box, name).not.toBeNull();
      const hit = await page.evaluate(
        `document.elementFromPoint(${box!.x + box!.width / 2}, ${box!.y + box!.height / 2})?.closest('[role="columnheader"]')?.textContent ?? null`,
      );
      expect(hit, name).toMatch(new RegExp(`^${name}`));
    }
    // The Endpoints table never squeezes the problem to a word per line: it has room, right after the status.
    const endpoints = details.getByRole('region', { name: 'Endpoints table' });
    await endpoints.scrollIntoViewIfNeeded();
    const problemCell = endpoints.locator('td.col-problem').first();
    expect(await problemCell.innerText()).toMatch(/The certificate is for elsewhere/);
    const cellBox = (await problemCell.boundingBox())!;
    const regionBox = (await endpoints.boundingBox())!;
    expect(cellBox.width).toBeGreaterThanOrEqual(200);
    // ...and in sight in the narrow panel without scrolling sideways.
    expect(cellBox.x + cellBox.width).toBeLessThanOrEqual(regionBox.x + regionBox.width + 1);
    await endpoints.screenshot({ path: path.join(OUT, 'endpoints-900x600-light.png') });
    await page.setViewportSize({ width: 1400, height: 900 });

    const actions = page.getByRole('toolbar', { name: 'Watchlist actions' });
    await actions.getByRole('button', { name: 'Add…' }).click();
    const add = page.getByRole('dialog', { name: 'Add to the watchlist' });
    await screenshots(page, 'add-dialog');
    await add.getByLabel('Paste a list').check();
    await add
      .getByLabel('Hosts, one per line')
      .fill(`# again\nnew.certwatch.test\n${target.ok}\nnot a host\n`);
    await screenshots(page, 'add-dialog-paste');
    // The engine adds one line and refuses two; the report is one list, in input order, numbered as pasted.
    await add.getByRole('button', { name: /^Add 1 entry/ }).click();
    const report = add.getByRole('list', { name: 'Result of each line' });
    await report.waitFor();
    expect(await add.getByRole('list').count()).toBe(1);
    const lines = await report.getByRole('listitem').allInnerTexts();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^✓\s*Line 2\s*Added new\.certwatch\.test/);
    expect(lines[1]).toMatch(
      new RegExp(`^✗\\s*Line 3\\s*"?${target.ok.replace(/\./g, '\\.')}"? is already in the watchlist`),
    );
    expect(lines[2]).toMatch(/^✗\s*Line 4\s*.*"not a host"/);
    await screenshots(page, 'add-dialog-report');
    await add.getByRole('button', { name: 'Close', exact: true }).last().click();
    await add.waitFor({ state: 'hidden' });

    await actions.getByRole('button', { name: 'Import…' }).click();
    const importing = page.getByRole('dialog', { name: 'Import a watchlist' });
    await screenshots(page, 'import-dialog');
    await importing.getByRole('button', { name: 'Cancel' }).click();
    await importing.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Quick check…' }).click();
    const quick = page.getByRole('dialog', { name: 'Quick check' });
    await quick.getByLabel('Host or URL').fill(target.expired);
    await quick.getByRole('button', { name: 'Check', exact: true }).click();
    await quick
      .getByText(/Certificate expired/)
      .first()
      .waitFor();
    await screenshots(page, 'quick-check');
    await quick.getByRole('button', { name: 'Close' }).first().click();
    await quick.waitFor({ state: 'hidden' });
  });
});
