// Team channels in Settings: adding a signed webhook, editing without ever seeing the secret, a failing
// channel shown with its error, and the test message.
import { act, screen, waitFor, within } from '@testing-library/react';
import { probeResult } from './fixtures';
import { describe, expect, it } from 'vitest';
import { EngineApi } from './engine-api';
import { renderApp } from './render-app';

async function openSettings(api = new EngineApi([{ target: 'shop.example.com', tags: ['web'] }])) {
  const app = await renderApp(api);
  await app.user.click(
    within(screen.getByRole('navigation', { name: 'Views' })).getByRole('button', { name: 'Settings' }),
  );
  return { ...app, view: await screen.findByRole('region', { name: 'Team channels' }) };
}

describe('team channels', () => {
  it('adds a signed webhook for a tag and never shows its secret or token again', async () => {
    const { user, api, view } = await openSettings();
    await user.click(within(view).getByRole('button', { name: 'Add channel…' }));
    const form = within(view).getByRole('form', { name: 'New channel' });
    await user.type(within(form).getByLabelText('Name'), 'Ops hook');
    await user.type(within(form).getByLabelText('Webhook URL'), 'http://hooks.example.com/t/abc');
    await user.type(within(form).getByLabelText('Signing secret'), 's3cret-value');
    await user.click(within(form).getByRole('checkbox', { name: 'Every entry' }));
    await user.type(within(form).getByLabelText('Tags'), 'web, prod');
    await user.click(within(form).getByRole('button', { name: 'Save channel' }));
    // Plain http to another machine would send the token in clear: refused before anything is sent.
    expect(within(form).getByText(/url must be an https:\/\/ URL/)).toBeTruthy();
    expect(api.callsTo('channels:save')).toEqual([]);

    await user.clear(within(form).getByLabelText('Webhook URL'));
    await user.type(within(form).getByLabelText('Webhook URL'), 'https://hooks.example.com/t/tok-123456');
    await user.click(within(form).getByRole('button', { name: 'Save channel' }));
    expect(api.callsTo('channels:save')).toEqual([
      {
        channel: {
          name: 'Ops hook',
          kind: 'webhook',
          enabled: true,
          route: { all: false, tags: ['web', 'prod'], owners: [], entryIds: [] },
          url: 'https://hooks.example.com/t/tok-123456',
          secret: 's3cret-value',
        },
      },
    ]);
    const item = await within(view).findByRole('listitem', { name: 'Ops hook' });
    expect(item.textContent).toContain('https://hooks.example.com/••••');
    expect(item.textContent).toContain('#web, #prod');
    expect(document.body.innerHTML).not.toContain('tok-123456');
    expect(document.body.innerHTML).not.toContain('s3cret-value');

    // Edited without retyping them, the stored URL and secret stay.
    await user.click(within(item).getByRole('button', { name: 'Edit' }));
    const edit = within(view).getByRole('form', { name: 'Edit channel' });
    expect((within(edit).getByLabelText('Signing secret') as HTMLInputElement).value).toBe('');
    await user.type(within(edit).getByLabelText('Name'), ' 2');
    await user.click(within(edit).getByRole('button', { name: 'Save channel' }));
    expect(api.channels[0]).toMatchObject({
      name: 'Ops hook 2',
      url: 'https://hooks.example.com/t/tok-123456',
      secret: 's3cret-value',
    });
  });

  it('shows a failing channel with its error, and the answer of a test message', async () => {
    const api = new EngineApi([{ id: 'shop', target: 'shop.example.com', owner: 'oncall@example.com' }]);
    api.setChannels([
      {
        id: 'c1',
        name: 'Oncall mail',
        kind: 'email',
        enabled: true,
        route: { all: true, entryIds: [], tags: [], owners: [] },
        smtp: {
          host: 'mail.example.com',
          port: 587,
          security: 'starttls',
          from: 'cw@example.com',
          password: 'pw',
        },
        to: 'oncall@example.com',
      },
    ]);
    // The mail server refuses connections: a check finds the certificate expired, the engine's alert to the
    // channel fails, and the channel's health says so.
    api.transport.failWith = 'ECONNREFUSED';
    api.probeResults.set(
      'shop.example.com:443',
      probeResult({
        target: 'shop.example.com',
        status: 'expired',
        daysLeft: -2,
        problems: [{ code: 'EXPIRED', message: 'The certificate expired 2 days ago; clients refuse it.' }],
      }),
    );
    await api.watcher.checkAll();
    const { user, view } = await openSettings(api);
    const item = await within(view).findByRole('listitem', { name: 'Oncall mail' });
    await waitFor(() =>
      expect(item.textContent).toContain('Not delivered: ECONNREFUSED (retrying, 1 waiting)'),
    );
    expect(document.body.innerHTML).not.toContain('>pw<');
    await user.click(within(item).getByRole('button', { name: 'Send test' }));
    expect((await screen.findByRole('status', { name: 'Messages' })).textContent).toContain(
      'The test message was not delivered: ECONNREFUSED',
    );
  });
});

describe('a click on a grouped notification', () => {
  it('opens the watchlist filtered to the entries it counted, until the chip is cleared', async () => {
    const api = new EngineApi([
      { target: 'a.example.com', id: 'a' },
      { target: 'b.example.com', id: 'b' },
      { target: 'c.example.com', id: 'c' },
    ]);
    const { user } = await renderApp(api);
    act(() => api.emit('navigate:entries', { ids: ['a', 'c'] }));
    const grid = screen.getByRole('grid', { name: 'Watchlist' });
    const text = () => grid.textContent ?? '';
    expect(text()).toContain('a.example.com');
    expect(text()).toContain('c.example.com');
    expect(text()).not.toContain('b.example.com');
    await user.click(screen.getByRole('button', { name: /From a notification/ }));
    expect(text()).toContain('b.example.com');
  });
});
