// The first screen the entry paints before React has loaded (renderer/first-screen.ts) is the one React's first
// render then draws, to the attribute: when React takes over nothing moves, changes order or says otherwise.
import { render } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/App';
import { askFirstState } from '../../renderer/api/first-state';
import { LoadingScreen } from '../../renderer/components/layout/StatusScreens';
import {
  canPaintFirstScreen,
  paintFirstScreen,
  screenFromAnswer,
  screenFromModel,
  type FirstScreen,
} from '../../renderer/first-screen';
import { rowsPerScreen } from '../../renderer/components/watchlist/viewport';
import { SERVED_SCREEN_ATTRIBUTE, servedPage } from '../../renderer/first-screen-markup';
import { placeFirstScreen } from '../../renderer/first-screen';
import { windowModel } from '../../renderer/lib/window-model';
import { EngineApi, type SeedEntry } from './engine-api';

const DAY = 86_400_000;

/** happy-dom's own control of the window size (innerWidth, innerHeight). */
function setViewport(width: number, height: number): void {
  const win = window as unknown as {
    happyDOM: { setViewport(size: { width: number; height: number }): void };
  };
  win.happyDOM.setViewport({ width, height });
}

const SEED: SeedEntry[] = [
  { target: 'shop.example.com', daysLeft: 12, status: 'warning', label: 'Shop', tags: ['prod', 'payments'] },
  { target: 'api.example.com:8443', daysLeft: 80, label: 'Public <API>', tags: ['prod'], issuer: 'R11' },
  {
    target: 'old.example.com',
    daysLeft: -3,
    status: 'expired',
    problems: [{ code: 'EXPIRED', message: 'The certificate expired 3 days ago; clients refuse it.' }],
  },
  {
    target: 'down.example.com',
    daysLeft: null,
    status: 'error',
    problems: [{ code: 'TIMEOUT', message: 'No answer within 10 seconds.' }],
    tags: ['staging'],
  },
  { target: 'paused.example.com', daysLeft: 5, status: 'critical', enabled: false },
  { target: 'quiet.example.com', daysLeft: 20, status: 'warning', snooze: { untilDaysLeft: 7 } },
  { target: '127.0.0.1:8443', sni: 'intranet.example.com', daysLeft: 200 },
  { target: 'new.example.com' },
];

/** Many rows, so the first render draws only the first screenful (and the grid is busy). */
function many(n: number): SeedEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    target: `host${i}.example.com`,
    daysLeft: (i * 37) % 90,
    status: (i * 37) % 90 < 30 ? ('warning' as const) : ('ok' as const),
    tags: i % 5 === 0 ? ['edge'] : [],
  }));
}

/** Where two markups part, with some context, or null when they are the same. */
function difference(a: string, b: string): string | null {
  if (a === b) return null;
  let i = 0;
  while (a[i] === b[i]) i++;
  return `at ${i}: …${a.slice(Math.max(0, i - 80), i + 80)}… against …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

/**
 * React's first render of `api`'s watchlist, and the first screen painted before it twice: from the state React
 * renders, and from the small `window:first-screen` answer (rows picked by the engine's side).
 */
async function screens(api: EngineApi): Promise<{ fromState: string; fromAnswer: string; react: string }> {
  const answer = await api.call('window:first-screen', {
    rows: rowsPerScreen(),
    locale: navigator.language,
  });
  if (!answer.ok) throw new Error(answer.error.message);
  const first = askFirstState(api);
  const result = await first.promise;
  if (!result.ok) throw new Error(result.error.message);
  const paint = (screen: FirstScreen) => {
    expect(canPaintFirstScreen(screen)).toBe(true);
    const into = document.createElement('div');
    paintFirstScreen(into, screen, Date.now(), window.innerHeight);
    return into.innerHTML;
  };
  const fromState = paint(screenFromModel(windowModel(result.value), Date.now()));
  const fromAnswer = paint(screenFromAnswer(answer.value, Date.now()));
  const { container } = render(<App api={api} first={first} />);
  return { fromState, fromAnswer, react: container.innerHTML };
}

describe('the first screen painted before React', () => {
  beforeEach(() => {
    // One instant for both ("5 minutes ago" must read the same).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 5 * 60_000);
  });
  afterEach(() => vi.useRealTimers());

  it('is React’s first render of a short watchlist: every column, flag, tag and status, in urgency order', async () => {
    const { fromState, fromAnswer, react } = await screens(new EngineApi(SEED));
    expect(react).toContain('role="grid"');
    expect(difference(fromState, react)).toBeNull();
    expect(difference(fromAnswer, react)).toBeNull();
  });

  it('is React’s first render of a long one: the first screenful, the full row count, busy', async () => {
    for (const height of [600, 800]) {
      setViewport(1280, height);
      const { fromState, fromAnswer, react } = await screens(new EngineApi(many(120)));
      expect(react).toContain('aria-rowcount="121"');
      expect(react).toContain('aria-busy="true"');
      expect(difference(fromState, react)).toBeNull();
      expect(difference(fromAnswer, react)).toBeNull();
    }
  });

  it('is left to React when a banner is due or the watchlist is empty', async () => {
    const damaged = new EngineApi([{ target: 'a.example.com', daysLeft: 40 }], { damagedStore: true });
    const result = await damaged.call('window:state', {});
    if (!result.ok) throw new Error(result.error.message);
    // The engine's message about the damaged store file is a banner above the rows.
    expect(canPaintFirstScreen(screenFromModel(windowModel(result.value), Date.now()))).toBe(false);

    const paused = new EngineApi([{ target: 'a.example.com', daysLeft: 40 }]);
    await paused.call('notifications:pause', { until: new Date(Date.now() + DAY).toISOString() });
    const pausedState = await paused.call('window:state', {});
    if (!pausedState.ok) throw new Error(pausedState.error.message);
    expect(canPaintFirstScreen(screenFromModel(windowModel(pausedState.value), Date.now()))).toBe(false);

    const empty = await new EngineApi([]).call('window:state', {});
    if (!empty.ok) throw new Error(empty.error.message);
    expect(canPaintFirstScreen(screenFromModel(windowModel(empty.value), Date.now()))).toBe(false);
  });

  it('shows the loading screen React shows until the state is in', () => {
    const html = readFileSync(resolve('renderer/index.html'), 'utf8');
    const root = /<div id="root">([\s\S]*?)<\/div>\s*<script/.exec(html)?.[1] ?? '';
    const fromHtml = document.createElement('div');
    // Between its markers: the servers write the first screen there instead (first-screen-markup.ts).
    fromHtml.innerHTML = root
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/>\s+</g, '><')
      .trim();
    const { container } = render(<LoadingScreen />);
    expect(fromHtml.innerHTML).toBe(container.innerHTML);
  });

  it('is what the app and the bridge write into the page they serve, for the same engine', async () => {
    setViewport(1280, 800);
    const api = new EngineApi([...SEED, ...many(60)]);
    const html = readFileSync(resolve('renderer/index.html'), 'utf8');
    const served = servedPage(html, api.watcher.screenSource(), {
      now: Date.now(),
      viewportHeight: window.innerHeight,
      locale: navigator.language,
    });
    expect(served).not.toBeNull();
    expect(served).toMatch(new RegExp(`<html ${SERVED_SCREEN_ATTRIBUTE} lang="en">`));
    // The page's own scripts and head are untouched; the loading screen is gone.
    expect(served).toContain('<script type="module" src="./main.tsx"></script>');
    expect(served).not.toContain('Loading your watchlist');
    const root = /<div id="root" inert data-first-screen>([\s\S]*)<\/div>\s*<script/.exec(served!)?.[1];
    expect(root).toBeDefined();
    // No inline style in the markup: the CSP refuses style attributes (the page places the rows itself).
    expect(root).not.toMatch(/\sstyle=/);
    const parsed = document.createElement('div');
    parsed.innerHTML = root!;
    placeFirstScreen(parsed);
    const first = askFirstState(api);
    await first.promise;
    const { container } = render(<App api={api} first={first} />);
    expect(container.innerHTML).toContain('aria-rowcount="69"');
    expect(difference(parsed.innerHTML, container.innerHTML)).toBeNull();

    // In the page's language: dates as ICU writes them for it.
    const german = servedPage(html, api.watcher.screenSource(), { now: Date.now(), locale: 'de-DE' })!;
    const [, iso, text] = /<time datetime="([^"]+)" title="[^"]*">([^<]+)<\/time>/.exec(german) ?? [];
    expect(iso).toBeDefined();
    expect(text).toBe(new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium' }).format(new Date(iso!)));
  });

  it('is left to the page when a banner is due or the watchlist is empty', async () => {
    const html = readFileSync(resolve('renderer/index.html'), 'utf8');
    const now = Date.now();
    const damaged = new EngineApi([{ target: 'a.example.com', daysLeft: 40 }], { damagedStore: true });
    expect(servedPage(html, damaged.watcher.screenSource(), { now })).toBeNull();
    expect(servedPage(html, new EngineApi([]).watcher.screenSource(), { now })).toBeNull();
    // A page built without the markers is sent as it is.
    const rows = new EngineApi([{ target: 'a.example.com', daysLeft: 40 }]).watcher.screenSource();
    expect(
      servedPage('<!doctype html><html><body><div id="root"></div></body></html>', rows, { now }),
    ).toBeNull();
  });

  it('writes text from certificates and the user as text: no element, attribute or entity gets through', async () => {
    const hostile = '<img src=x onerror="alert(1)">&amp;\' "quoted"';
    const api = new EngineApi([
      {
        target: 'evil.example.com',
        daysLeft: 3,
        status: 'critical',
        label: hostile,
        issuer: hostile,
        tags: ['a<b'],
      },
    ]);
    const html = readFileSync(resolve('renderer/index.html'), 'utf8');
    const served = servedPage(html, api.watcher.screenSource(), { now: Date.now() })!;
    const root = /<div id="root" inert data-first-screen>([\s\S]*)<\/div>\s*<script/.exec(served)![1]!;
    expect(root).not.toMatch(/<img|<script/i);
    const parsed = document.createElement('div');
    parsed.innerHTML = root;
    expect(parsed.querySelector('img')).toBeNull();
    expect(parsed.querySelector('.row-label')?.textContent).toBe(hostile);
    expect(parsed.querySelector('[role="gridcell"].col-issuer')?.getAttribute('title')).toBe(hostile);
    expect(parsed.querySelector('[role="gridcell"].col-issuer')?.textContent).toBe(hostile);
    expect([...parsed.querySelectorAll('.chip-tag')].map((c) => c.textContent)).toEqual(['#a<b 1']);
  });
});
