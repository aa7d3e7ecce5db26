// Quick check (from the header or main's navigate:quick-check) and navigate:entry from main.
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EngineApi } from './engine-api';
import { probeResult } from './fixtures';
import { renderApp, shownTargets } from './render-app';

describe('quick check', () => {
  it('opens on navigate:quick-check, checks without adding, then adds on request', async () => {
    const api = new EngineApi();
    api.probeResults.set(
      'expired.example.com:443',
      probeResult({
        target: 'expired.example.com',
        status: 'expired',
        daysLeft: -4,
        problems: [{ code: 'EXPIRED', message: 'The certificate expired 4 days ago; clients refuse it.' }],
      }),
    );
    const { user } = await renderApp(api);
    act(() => api.emit('navigate:quick-check', {}));
    const dialog = screen.getByRole('dialog', { name: 'Quick check' });
    await user.type(within(dialog).getByLabelText('Host or URL'), 'expired.example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Check' }));

    expect(api.callsTo('checks:quick')).toEqual([{ target: 'expired.example.com' }]);
    expect(api.callsTo('entries:add')).toEqual([]);
    const result = within(dialog).getByRole('region', { name: 'Result for expired.example.com:443' });
    expect(within(result).getByText('Expired')).toBeTruthy();
    expect(result.textContent).toMatch(/Expired 4 days ago/);
    expect(result.textContent).toMatch(/What to do: Renew the certificate now/);

    await user.click(within(dialog).getByRole('button', { name: 'Add to watchlist' }));
    expect(api.callsTo('entries:add')).toEqual([{ text: 'expired.example.com' }]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(shownTargets()).toEqual(['expired.example.com:443']);
    expect(await screen.findByRole('complementary', { name: 'expired.example.com:443' })).toBeTruthy();
  });

  it('refuses a malformed host before asking main', async () => {
    const { user, api } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Quick check…' }));
    const dialog = screen.getByRole('dialog', { name: 'Quick check' });
    await user.type(within(dialog).getByLabelText('Host or URL'), 'exa mple.com');
    await user.click(within(dialog).getByRole('button', { name: 'Check' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/it contains spaces/);
    expect(api.callsTo('checks:quick')).toEqual([]);
  });

  it('shows why the host cannot be added', async () => {
    const api = new EngineApi([{ target: 'example.com', daysLeft: 50 }]);
    const { user } = await renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Quick check…' }));
    const dialog = screen.getByRole('dialog', { name: 'Quick check' });
    await user.type(within(dialog).getByLabelText('Host or URL'), 'example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Check' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add to watchlist' }));
    expect(within(dialog).getByRole('alert').textContent).toBe(
      '"example.com:443" is already in the watchlist.',
    );
  });

  it('shows a failed check', async () => {
    const api = new EngineApi();
    const { user } = await renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Quick check…' }));
    const dialog = screen.getByRole('dialog', { name: 'Quick check' });
    api.failNext('checks:quick', 'The engine is busy.');
    await user.type(within(dialog).getByLabelText('Host or URL'), 'example.com{Enter}');
    expect(within(dialog).getByRole('alert').textContent).toBe('The engine is busy.');
  });
});

describe('navigate:entry', () => {
  it('opens the entry from any view, closing dialogs', async () => {
    const api = new EngineApi([
      { id: 'a', target: 'a.example.com', daysLeft: 50 },
      { id: 'b', target: 'b.example.com', daysLeft: 5, status: 'critical', label: 'Billing' },
    ]);
    const { user } = await renderApp(api);
    await user.click(
      within(screen.getByRole('navigation', { name: 'Views' })).getByRole('button', { name: 'Settings' }),
    );
    await user.click(screen.getByRole('button', { name: 'Quick check…' }));
    act(() => api.emit('navigate:entry', { id: 'b' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await screen.findByRole('complementary', { name: 'Billing' })).toBeTruthy();
    const selected = screen.getAllByRole('row').find((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected?.textContent).toMatch(/b\.example\.com/);
  });

  it('stops listening when the window unmounts', async () => {
    const api = new EngineApi();
    const { unmount } = await renderApp(api);
    expect(api.listenerCount('navigate:entry')).toBe(1);
    unmount();
    expect(api.listenerCount('navigate:entry')).toBe(0);
    expect(api.listenerCount('state:changed')).toBe(0);
  });
});
