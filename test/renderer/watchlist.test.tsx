// The watchlist table as a user sees it: columns, default order, sorting, filters, empty states, keyboard
// and thousands of rows.
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { EngineApi, type SeedEntry } from './engine-api';
import { probeResult } from './fixtures';
import { bodyRows, renderApp, shownTargets } from './render-app';

const SEED: SeedEntry[] = [
  { target: 'shop.example.com', daysLeft: 12, status: 'warning', label: 'Shop', tags: ['prod', 'payments'] },
  { target: 'api.example.com:8443', daysLeft: 80, label: 'Public API', tags: ['prod'], issuer: 'R11' },
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
  { target: 'new.example.com' },
];

describe('watchlist table', () => {
  it('lists every entry with its columns, most urgent first', async () => {
    await renderApp(new EngineApi(SEED));
    const grid = screen.getByRole('grid', { name: 'Watchlist' });
    const headers = within(grid)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual([
      'Status▲',
      'Host:port',
      'Label',
      'Days left',
      'Expires',
      'Issuer',
      'Last checked',
      'Problem',
    ]);
    expect(
      within(grid)
        .getByRole('columnheader', { name: /Status/ })
        .getAttribute('aria-sort'),
    ).toBe('ascending');
    // Urgency: expired, error, warning, OK; never checked sinks to the bottom.
    expect(shownTargets()).toEqual([
      'old.example.com:443',
      'down.example.com:443',
      'shop.example.com:443',
      'api.example.com:8443',
      'new.example.com:443',
    ]);
    const expired = bodyRows()[0]!;
    expect(within(expired).getByText('Expired')).toBeTruthy();
    expect(within(expired).getByText('−3')).toBeTruthy();
    expect(within(expired).getByText('The certificate expired 3 days ago; clients refuse it.')).toBeTruthy();
    // Every row that is not OK says what is wrong, WARNING included.
    expect(within(bodyRows()[2]!).getByText('Expires in 12 days: renew now')).toBeTruthy();
    const api = bodyRows()[3]!;
    expect(within(api).getByText('Public API')).toBeTruthy();
    expect(within(api).getByText('R11')).toBeTruthy();
    expect(within(api).getByText('80')).toBeTruthy();
    const time = api.querySelector('time[dateTime]');
    expect(time?.getAttribute('title')).toMatch(/ UTC$/);
    expect(within(bodyRows()[4]!).getByText('Pending')).toBeTruthy();
    expect(within(bodyRows()[4]!).getByText('Never')).toBeTruthy();
  });

  it('sorts by any column and flips direction on a second click', async () => {
    const { user } = await renderApp(new EngineApi(SEED));
    await user.click(screen.getByRole('button', { name: /^Host:port/ }));
    expect(shownTargets()).toEqual([
      'api.example.com:8443',
      'down.example.com:443',
      'new.example.com:443',
      'old.example.com:443',
      'shop.example.com:443',
    ]);
    expect(screen.getByRole('columnheader', { name: /Host:port/ }).getAttribute('aria-sort')).toBe(
      'ascending',
    );
    await user.click(screen.getByRole('button', { name: /^Host:port/ }));
    expect(shownTargets()[0]).toBe('shop.example.com:443');
    expect(screen.getByRole('columnheader', { name: /Host:port/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );

    await user.click(screen.getByRole('button', { name: /^Status/ }));
    expect(shownTargets().slice(0, 3)).toEqual([
      'old.example.com:443',
      'down.example.com:443',
      'shop.example.com:443',
    ]);

    await user.click(screen.getByRole('button', { name: /^Label/ }));
    expect(shownTargets().slice(0, 2)).toEqual(['api.example.com:8443', 'shop.example.com:443']);
  });

  it('filters by status chips, combining several', async () => {
    const { user } = await renderApp(new EngineApi(SEED));
    const chips = screen.getByRole('group', { name: 'Status' });
    const expired = within(chips).getByRole('button', { name: /^Expired/ });
    expect(expired.textContent).toBe('Expired 1');
    await user.click(expired);
    expect(expired.getAttribute('aria-pressed')).toBe('true');
    expect(shownTargets()).toEqual(['old.example.com:443']);
    expect(screen.getByText('Showing 1 of 5 entries')).toBeTruthy();
    await user.click(within(chips).getByRole('button', { name: /^Error/ }));
    expect(shownTargets()).toEqual(['old.example.com:443', 'down.example.com:443']);
  });

  it('filters by free text across host, label, issuer and problem', async () => {
    const { user } = await renderApp(new EngineApi(SEED));
    const box = screen.getByRole('searchbox', { name: 'Filter entries' });
    await user.type(box, 'public');
    expect(shownTargets()).toEqual(['api.example.com:8443']);
    await user.clear(box);
    await user.type(box, 'seconds');
    expect(shownTargets()).toEqual(['down.example.com:443']);
    await user.clear(box);
    await user.type(box, 'prod shop');
    expect(shownTargets()).toEqual(['shop.example.com:443']);
  });

  it('filters by tags, requiring every chosen tag', async () => {
    const { user } = await renderApp(new EngineApi(SEED));
    const tags = screen.getByRole('group', { name: 'Tags' });
    expect(
      within(tags)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['#payments 1', '#prod 2', '#staging 1']);
    await user.click(within(tags).getByRole('button', { name: /#prod/ }));
    expect(shownTargets()).toEqual(['shop.example.com:443', 'api.example.com:8443']);
    await user.click(within(tags).getByRole('button', { name: /#payments/ }));
    expect(shownTargets()).toEqual(['shop.example.com:443']);
  });

  it('says so when nothing matches, and clears the filters', async () => {
    const { user } = await renderApp(new EngineApi(SEED));
    await user.type(screen.getByRole('searchbox', { name: 'Filter entries' }), 'no-such-host');
    expect(screen.getByRole('heading', { name: 'No entries match these filters' })).toBeTruthy();
    expect(screen.queryByRole('grid')).toBeNull();
    const clear = screen.getAllByRole('button', { name: 'Clear filters' });
    await user.click(clear[clear.length - 1]!);
    expect(shownTargets()).toHaveLength(5);
    expect((screen.getByRole('searchbox', { name: 'Filter entries' }) as HTMLInputElement).value).toBe('');
  });

  it('greets an empty watchlist with a way to start', async () => {
    const { user } = await renderApp(new EngineApi());
    expect(screen.getByRole('heading', { name: 'Nothing is watched yet' })).toBeTruthy();
    expect(screen.queryByRole('grid')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Add your first host' }));
    expect(screen.getByRole('dialog', { name: 'Add to the watchlist' })).toBeTruthy();
  });

  it('is usable by keyboard: arrows move between rows, Enter opens the details', async () => {
    const { user } = await renderApp(new EngineApi(SEED));
    const rows = bodyRows();
    expect(rows.map((r) => r.tabIndex)).toEqual([0, -1, -1, -1, -1]);
    rows[0]!.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toBe(bodyRows()[2]);
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(bodyRows()[4]);
    await user.keyboard('{Home}{ArrowDown}{ArrowDown}{Enter}');
    const details = await screen.findByRole('complementary', { name: 'Shop' });
    expect(within(details).getByRole('button', { name: 'Check now' })).toBeTruthy();
    expect(bodyRows()[2]!.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('complementary')).toBeNull();
    expect(document.activeElement).toBe(bodyRows()[2]);
  });

  it('renders only the visible rows of 5,000 entries and filters them at once', async () => {
    const seed: SeedEntry[] = Array.from({ length: 5000 }, (_, i) => ({
      target: `host-${String(i).padStart(4, '0')}.example.com`,
      daysLeft: (i * 37) % 400,
      status: (i * 37) % 400 < 7 ? 'critical' : (i * 37) % 400 < 30 ? 'warning' : 'ok',
      tags: i % 10 === 0 ? ['edge'] : [],
    }));
    const { user } = await renderApp(new EngineApi(seed));
    const grid = screen.getByRole('grid', { name: 'Watchlist' });
    expect(grid.getAttribute('aria-rowcount')).toBe('5001');
    expect(bodyRows().length).toBeGreaterThan(5);
    expect(bodyRows().length).toBeLessThan(60);
    expect(screen.getByText('5,000 entries')).toBeTruthy();

    const started = performance.now();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter entries' }), {
      target: { value: 'host-4999' },
    });
    expect(await screen.findByText('Showing 1 of 5,000 entries')).toBeTruthy();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(shownTargets()).toEqual(['host-4999.example.com:443']);

    await user.click(
      within(screen.getByRole('group', { name: 'Tags' })).getByRole('button', { name: /#edge/ }),
    );
    await user.clear(screen.getByRole('searchbox', { name: 'Filter entries' }));
    expect(await screen.findByText('Showing 500 of 5,000 entries')).toBeTruthy();
  });

  it('keeps relative times current as the clock moves', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(Date.parse('2026-11-24T12:00:00Z'));
    const checkedAt = new Date(Date.now() - 20_000).toISOString();
    const api = new EngineApi([
      { target: 'example.com', result: probeResult({ target: 'example.com', checkedAt }) },
    ]);
    await renderApp(api);
    const lastChecked = () => bodyRows()[0]!.querySelectorAll('[role="gridcell"]')[6]!.textContent;
    expect(lastChecked()).toBe('just now');
    act(() => vi.advanceTimersByTime(5 * 60_000));
    expect(lastChecked()).toBe('5 minutes ago');
    act(() => vi.advanceTimersByTime(2 * 3_600_000));
    expect(lastChecked()).toBe('2 hours ago');
  });
});

describe('two SNI names on one address', () => {
  it('are two rows, each named by the name the user gave, and the filter finds each by that name', async () => {
    const { user } = await renderApp(
      new EngineApi([
        { target: '10.0.0.7:8443', sni: 'shop.example.com', daysLeft: 40 },
        { target: '10.0.0.7:8443', sni: 'blog.example.com', daysLeft: 9, status: 'warning' },
      ]),
    );
    expect(shownTargets()).toEqual([
      'blog.example.com at 10.0.0.7:8443',
      'shop.example.com at 10.0.0.7:8443',
    ]);
    expect(within(bodyRows()[0]!).getByText('Expires in 9 days: renew now')).toBeTruthy();
    await user.type(screen.getByRole('searchbox', { name: 'Filter entries' }), 'shop.example');
    expect(shownTargets()).toEqual(['shop.example.com at 10.0.0.7:8443']);
  });
});
