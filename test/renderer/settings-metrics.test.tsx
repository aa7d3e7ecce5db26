// Settings › Prometheus metrics: off by default; turning it on sends the address, and an address other
// computers can reach is refused until the user allows it.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EngineApi } from './engine-api';
import { renderApp } from './render-app';

async function openSettings(api = new EngineApi()) {
  const app = await renderApp(api);
  await app.user.click(
    within(screen.getByRole('navigation', { name: 'Views' })).getByRole('button', { name: 'Settings' }),
  );
  return { ...app, view: await screen.findByRole('region', { name: 'Settings' }) };
}

describe('settings: Prometheus metrics', () => {
  it('is off by default and sends the address once turned on', async () => {
    const { user, api, view } = await openSettings();
    const serve = within(view).getByRole('checkbox', {
      name: 'Serve metrics for Prometheus',
    }) as HTMLInputElement;
    expect(serve.checked).toBe(false);
    expect(within(view).queryByLabelText('Listen address')).toBeNull();
    await user.click(serve);
    const address = within(view).getByLabelText('Listen address') as HTMLInputElement;
    expect(address.value).toBe('127.0.0.1:9793');
    await user.click(within(view).getByRole('button', { name: 'Save settings' }));
    expect(api.callsTo('settings:update')).toEqual([
      { patch: { metrics: { enabled: true, address: '127.0.0.1:9793', allowRemote: false } } },
    ]);
  });

  it('refuses an address other computers can reach until that is allowed', async () => {
    const { user, api, view } = await openSettings();
    await user.click(within(view).getByRole('checkbox', { name: 'Serve metrics for Prometheus' }));
    const address = within(view).getByLabelText('Listen address') as HTMLInputElement;
    await user.clear(address);
    await user.type(address, '0.0.0.0:9793');
    await user.click(within(view).getByRole('button', { name: 'Save settings' }));
    expect(within(view).getByText(/can be reached from other computers/)).toBeTruthy();
    expect(api.callsTo('settings:update')).toEqual([]);

    await user.click(
      within(view).getByRole('checkbox', { name: /Allow other computers to read the metrics/ }),
    );
    await user.click(within(view).getByRole('button', { name: 'Save settings' }));
    expect(api.callsTo('settings:update')).toEqual([
      { patch: { metrics: { enabled: true, address: '0.0.0.0:9793', allowRemote: true } } },
    ]);
  });
});
