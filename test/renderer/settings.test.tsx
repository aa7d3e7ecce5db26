// Settings: the patch of what changed, validation, pausing notifications and the test notification.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { act, screen, waitFor, within } from '@testing-library/react';
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

describe('settings', () => {
  it('shows the current settings and sends only what changed', async () => {
    const { user, api, view } = await openSettings();
    const f = (label: string) => within(view).getByLabelText(label) as HTMLInputElement;
    expect(f('Warning days').value).toBe('30');
    expect(f('Critical days').value).toBe('7');
    expect(f('Check interval (minutes)').value).toBe('360');
    expect((within(view).getByRole('button', { name: 'Save settings' }) as HTMLButtonElement).disabled).toBe(
      true,
    );

    await user.clear(f('Warning days'));
    await user.type(f('Warning days'), '21');
    // The engine reads the bundle before it accepts the setting: a real PEM file.
    const bundle = join(mkdtempSync(join(tmpdir(), 'certwatch-ca-')), 'corp-root.pem');
    writeFileSync(bundle, rootCertificates[0]!);
    await user.type(f('Extra CA bundle'), bundle);
    await user.click(within(view).getByRole('checkbox', { name: 'Launch Certwatch at login' }));
    await user.click(within(view).getByRole('button', { name: 'Save settings' }));

    expect(api.callsTo('settings:update')).toEqual([
      {
        patch: {
          thresholds: { warningDays: 21, criticalDays: 7 },
          caBundlePath: bundle,
          launchAtLogin: true,
        },
      },
    ]);
    expect(api.settings.launchAtLogin).toBe(true);
    expect(screen.getByRole('status', { name: 'Messages' }).textContent).toMatch(/Settings saved\./);
  });

  it('follows settings changed elsewhere unless the form is being edited', async () => {
    const api = new EngineApi();
    const { user, view } = await openSettings(api);
    const warning = within(view).getByLabelText('Warning days') as HTMLInputElement;
    api.setSettings({ thresholds: { warningDays: 45, criticalDays: 10 } });
    act(() => api.pushState());
    expect(warning.value).toBe('45');
    await user.clear(warning);
    await user.type(warning, '60');
    api.setSettings({ intervalMinutes: 90 });
    act(() => api.pushState());
    expect(warning.value).toBe('60');
  });

  it('clears the CA bundle with null', async () => {
    const api = new EngineApi();
    api.setSettings({ caBundlePath: '/etc/ssl/old.pem' });
    const { user, view } = await openSettings(api);
    await user.clear(within(view).getByLabelText('Extra CA bundle'));
    await user.click(within(view).getByRole('button', { name: 'Save settings' }));
    expect(api.callsTo('settings:update')).toEqual([{ patch: { caBundlePath: null } }]);
  });

  it('shows validation errors instead of saving', async () => {
    const { user, api, view } = await openSettings();
    const critical = within(view).getByLabelText('Critical days');
    await user.clear(critical);
    await user.type(critical, '45');
    await user.clear(within(view).getByLabelText('Check interval (minutes)'));
    await user.type(within(view).getByLabelText('Check interval (minutes)'), '1');
    await user.click(within(view).getByRole('button', { name: 'Save settings' }));
    expect(api.callsTo('settings:update')).toEqual([]);
    expect(critical.getAttribute('aria-invalid')).toBe('true');
    expect(within(view).getByText('Critical (45 days) must be fewer than warning (30 days).')).toBeTruthy();
    expect(within(view).getByText('Enter a whole number of minutes from 5 to 43200 (30 days).')).toBeTruthy();
  });

  it("shows the engine's refusal", async () => {
    const api = new EngineApi();
    const { user, view } = await openSettings(api);
    api.failNext('settings:update', 'The CA bundle /nope.pem cannot be read.', 'INVALID_REQUEST');
    await user.type(within(view).getByLabelText('Extra CA bundle'), '/nope.pem');
    await user.click(within(view).getByRole('button', { name: 'Save settings' }));
    expect((await within(view).findByRole('alert')).textContent).toBe(
      'The CA bundle /nope.pem cannot be read.',
    );
  });

  it('sends a test notification and says whether it was delivered', async () => {
    const api = new EngineApi();
    const { user, view } = await openSettings(api);
    await user.click(within(view).getByRole('button', { name: 'Send test notification' }));
    expect(api.callsTo('notifications:test')).toEqual([{}]);
    expect(within(view).getByText(/Test notification sent/)).toBeTruthy();
    api.notifier.deliver = false;
    await user.click(within(view).getByRole('button', { name: 'Send test notification' }));
    expect(
      await within(view).findByText(/The system did not show the notification: the desktop refused it/),
    ).toBeTruthy();
  });

  it('pauses and resumes notifications', async () => {
    const api = new EngineApi();
    const { user, view } = await openSettings(api);
    await user.selectOptions(within(view).getByRole('combobox', { name: 'Pause for' }), '1 day');
    const before = Date.now();
    await user.click(within(view).getByRole('button', { name: 'Pause notifications' }));
    const [{ until }] = api.callsTo('notifications:pause') as [{ until: string }];
    expect(Date.parse(until) - before).toBeGreaterThanOrEqual(86_400_000);
    expect(Date.parse(until) - before).toBeLessThan(86_400_000 + 60_000);
    expect(
      await within(view).findByText(/Paused until .*\(in 1 day\)|Paused until .*\(tomorrow\)/),
    ).toBeTruthy();
    // The banner offers the way back from every view.
    expect(screen.getByText(/Notifications are paused until/)).toBeTruthy();
    await user.click(within(view).getByRole('button', { name: 'Resume notifications' }));
    expect(api.callsTo('notifications:pause').at(-1)).toEqual({ until: null });
    await waitFor(() => expect(screen.queryByText(/Notifications are paused until/)).toBeNull());
  });
});
