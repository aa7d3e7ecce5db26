// The overview: counts per status and the 90-day expiry timeline, each leading back to the entries.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EngineApi, type SeedEntry } from './engine-api';
import { renderApp, shownTargets } from './render-app';

const SEED: SeedEntry[] = [
  { target: 'a.example.com', daysLeft: 2, status: 'critical', label: 'Alpha' },
  { target: 'b.example.com', daysLeft: 4, status: 'critical' },
  { target: 'c.example.com', daysLeft: 20, status: 'warning' },
  { target: 'd.example.com', daysLeft: 85, status: 'ok' },
  { target: 'e.example.com', daysLeft: 200, status: 'ok' },
  { target: 'f.example.com', daysLeft: -1, status: 'expired' },
  { target: 'g.example.com', daysLeft: null, status: 'error' },
];

async function openOverview(api = new EngineApi(SEED)) {
  const app = await renderApp(api);
  await app.user.click(
    within(screen.getByRole('navigation', { name: 'Views' })).getByRole('button', { name: 'Overview' }),
  );
  return app;
}

describe('overview', () => {
  it('counts entries per status', async () => {
    await openOverview();
    const counts = screen.getByRole('list', { name: 'Entries per status' });
    const text = within(counts)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(text).toEqual(['1Expired', '0Invalid', '2Critical', '1Error', '1Warning', '2OK', '0Pending']);
  });

  it('opens the watchlist filtered to a status', async () => {
    const { user } = await openOverview();
    await user.click(screen.getByRole('button', { name: '2 Critical' }));
    expect(screen.getByRole('heading', { name: 'Watchlist' })).toBeTruthy();
    expect(shownTargets()).toEqual(['a.example.com:443', 'b.example.com:443']);
    expect(
      within(screen.getByRole('group', { name: 'Status' }))
        .getByRole('button', { name: /^Critical/ })
        .getAttribute('aria-pressed'),
    ).toBe('true');
  });

  it('shows expiries of the next 90 days week by week', async () => {
    await openOverview();
    const weeks = within(screen.getByRole('list', { name: 'Expiries by week' })).getAllByRole('listitem', {
      name: /expir/,
    });
    expect(weeks).toHaveLength(13);
    expect(weeks[0]!.getAttribute('aria-label')).toMatch(/: 2 expiries$/);
    expect(within(weeks[0]!).getByRole('button', { name: /Alpha/ })).toBeTruthy();
    expect(weeks[2]!.getAttribute('aria-label')).toMatch(/: 1 expiry$/);
    expect(weeks[12]!.getAttribute('aria-label')).toMatch(/: 1 expiry$/);
    expect(screen.getByText('Already expired: 1 certificate.')).toBeTruthy();
    expect(screen.queryByText(/e\.example\.com/)).toBeNull();
  });

  it('opens an entry from the timeline', async () => {
    const { user } = await openOverview();
    await user.click(screen.getByRole('button', { name: /Alpha/ }));
    expect(await screen.findByRole('complementary', { name: 'Alpha' })).toBeTruthy();
  });

  it('says when nothing expires in the next 90 days', async () => {
    await openOverview(new EngineApi([{ target: 'e.example.com', daysLeft: 200 }]));
    expect(screen.getByText('Nothing expires in the next 90 days.')).toBeTruthy();
  });

  it('designs the empty overview', async () => {
    await openOverview(new EngineApi());
    expect(screen.getByRole('heading', { name: 'No certificates to summarise yet' })).toBeTruthy();
  });
});
