// Deleting with undo: the entry leaves at once, and Undo asks main to restore it.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EngineApi } from './engine-api';
import { bodyRows, renderApp, shownTargets } from './render-app';

function seeded() {
  return new EngineApi([
    { id: 'shop', target: 'shop.example.com', daysLeft: 12, status: 'warning', label: 'Shop' },
    { id: 'api', target: 'api.example.com', daysLeft: 80 },
  ]);
}

describe('deleting an entry', () => {
  it('removes it from the details panel and restores it with Undo', async () => {
    const api = seeded();
    const { user } = await renderApp(api);
    await user.click(bodyRows()[0]!);
    const details = await screen.findByRole('complementary', { name: 'Shop' });
    await user.click(within(details).getByRole('button', { name: 'Delete' }));

    expect(api.callsTo('entries:remove')).toEqual([{ ids: ['shop'] }]);
    expect(shownTargets()).toEqual(['api.example.com:443']);
    expect(screen.queryByRole('complementary')).toBeNull();
    const toast = screen.getByRole('status', { name: 'Messages' });
    expect(toast.textContent).toMatch(/Deleted shop\.example\.com:443\./);

    await user.click(within(toast).getByRole('button', { name: 'Undo' }));
    // The token the engine handed out with the removal.
    expect(api.callsTo('entries:undo-remove')).toEqual([
      { undoToken: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    ]);
    expect(shownTargets()).toEqual(['shop.example.com:443', 'api.example.com:443']);
    expect(screen.getByRole('status', { name: 'Messages' }).textContent).toMatch(
      /Restored shop\.example\.com:443\./,
    );
  });

  it('deletes the focused row with the Delete key', async () => {
    const api = seeded();
    const { user } = await renderApp(api);
    bodyRows()[1]!.focus();
    await user.keyboard('{Delete}');
    expect(api.callsTo('entries:remove')).toEqual([{ ids: ['api'] }]);
    expect(shownTargets()).toEqual(['shop.example.com:443']);
  });

  it('says so when the removal fails, and keeps the entry', async () => {
    const api = seeded();
    const { user } = await renderApp(api);
    await user.click(bodyRows()[0]!);
    api.failNext('entries:remove', 'The store is read-only.');
    await user.click(
      within(await screen.findByRole('complementary')).getByRole('button', { name: 'Delete' }),
    );
    expect(screen.getByRole('status', { name: 'Messages' }).textContent).toMatch(
      /Could not delete shop\.example\.com:443: The store is read-only\./,
    );
    expect(shownTargets()).toHaveLength(2);
  });

  it('reports an undo that came too late', async () => {
    const api = seeded();
    const { user } = await renderApp(api);
    await user.click(bodyRows()[0]!);
    await user.click(
      within(await screen.findByRole('complementary')).getByRole('button', { name: 'Delete' }),
    );
    api.failNext('entries:undo-remove', 'Nothing to undo: the removal is too old.', 'NOT_FOUND');
    await user.click(
      within(screen.getByRole('status', { name: 'Messages' })).getByRole('button', { name: 'Undo' }),
    );
    expect(screen.getByRole('status', { name: 'Messages' }).textContent).toMatch(
      /Could not restore .*too old/,
    );
  });
});

describe('deleting one of two sites on a shared address', () => {
  it('names the SNI entry in the toast and restores it beside the other', async () => {
    const api = new EngineApi([
      { id: 'shop', target: '10.0.0.7:8443', sni: 'shop.example.com', daysLeft: 12, status: 'warning' },
      { id: 'blog', target: '10.0.0.7:8443', sni: 'blog.example.com', daysLeft: 80 },
    ]);
    const { user } = await renderApp(api);
    await user.click(bodyRows()[0]!);
    const details = await screen.findByRole('complementary');
    await user.click(within(details).getByRole('button', { name: 'Delete' }));
    expect(shownTargets()).toEqual(['blog.example.com at 10.0.0.7:8443']);
    const toast = screen.getByRole('status', { name: 'Messages' });
    expect(toast.textContent).toMatch(/Deleted shop\.example\.com at 10\.0\.0\.7:8443\./);

    await user.click(within(toast).getByRole('button', { name: 'Undo' }));
    expect(shownTargets()).toEqual([
      'shop.example.com at 10.0.0.7:8443',
      'blog.example.com at 10.0.0.7:8443',
    ]);
    expect(screen.getByRole('status', { name: 'Messages' }).textContent).toMatch(
      /Restored shop\.example\.com at 10\.0\.0\.7:8443\./,
    );
  });
});
