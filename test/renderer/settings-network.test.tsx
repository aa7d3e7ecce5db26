// Settings: revocation checks on or off, and the proxy (environment/system, `direct`, or an http:// address).
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EngineApi } from './engine-api';
import { renderApp } from './render-app';

async function openSettings(api = new EngineApi()) {
  const app = await renderApp(api);
  await app.user.click(
    within(screen.getByRole('navigation', { name: 'Views' })).getByRole('button', { name: 'Settings' }),
  );
  const view = await screen.findByRole('region', { name: 'Settings' });
  return {
    ...app,
    view,
    revocation: within(view).getByRole('checkbox', {
      name: 'Check revocation (OCSP/CRL)',
    }) as HTMLInputElement,
    proxy: within(view).getByLabelText('Proxy') as HTMLInputElement,
    save: () => app.user.click(within(view).getByRole('button', { name: 'Save settings' })),
  };
}

describe('settings: revocation and proxy', () => {
  it('shows revocation on and no proxy by default, and saves both changes', async () => {
    const { user, api, revocation, proxy, save } = await openSettings();
    expect(revocation.checked).toBe(true);
    expect(proxy.value).toBe('');
    expect(proxy.getAttribute('placeholder')).toMatch(/^http:\/\//);

    await user.click(revocation);
    await user.type(proxy, ' http://ops:s3cret@proxy.corp.example:3128 ');
    await save();

    expect(api.callsTo('settings:update')).toEqual([
      { patch: { checkRevocation: false, proxyUrl: 'http://ops:s3cret@proxy.corp.example:3128' } },
    ]);
    expect(api.settings.checkRevocation).toBe(false);
    expect(revocation.checked).toBe(false);
    expect(proxy.value).toBe('http://ops:s3cret@proxy.corp.example:3128');
  });

  it('accepts direct and host:port, and goes back to the environment proxy with null', async () => {
    const api = new EngineApi();
    api.setSettings({ proxyUrl: 'http://old-proxy.example:8080' });
    const { user, proxy, save } = await openSettings(api);
    expect(proxy.value).toBe('http://old-proxy.example:8080');

    await user.clear(proxy);
    await user.type(proxy, 'direct');
    await save();
    await user.clear(proxy);
    await user.type(proxy, 'proxy.example:3128');
    await save();
    await user.clear(proxy);
    await save();

    expect(api.callsTo('settings:update')).toEqual([
      { patch: { proxyUrl: 'direct' } },
      { patch: { proxyUrl: 'proxy.example:3128' } },
      { patch: { proxyUrl: null } },
    ]);
    expect(api.settings.proxyUrl).toBeUndefined();
  });

  it('explains a proxy address the engine cannot use instead of saving it', async () => {
    const { user, api, view, proxy, save } = await openSettings();
    await user.type(proxy, 'socks5://proxy.example:1080');
    await save();
    expect(api.callsTo('settings:update')).toEqual([]);
    expect(proxy.getAttribute('aria-invalid')).toBe('true');
    expect(within(view).getByText(/Only http:\/\/ proxies are supported .* not socks5:\/\//)).toBeTruthy();

    await user.clear(proxy);
    await user.type(proxy, 'http://');
    await save();
    expect(api.callsTo('settings:update')).toEqual([]);
    expect(within(view).getByText(/Enter the proxy as http:\/\/host:port/)).toBeTruthy();
  });

  it('turns revocation back on', async () => {
    const api = new EngineApi();
    api.setSettings({ checkRevocation: false });
    const { user, revocation, save } = await openSettings(api);
    expect(revocation.checked).toBe(false);
    await user.click(revocation);
    await save();
    expect(api.callsTo('settings:update')).toEqual([{ patch: { checkRevocation: true } }]);
  });
});
