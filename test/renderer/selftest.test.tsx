// The self-test in the window: a banner when checks cannot work on this computer or notifications are refused,
// and the Settings section that runs it and lists each check.
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EngineApi } from './engine-api';
import { renderApp } from './render-app';

const broken = {
  checks: [
    {
      id: 'tls-profile',
      label: 'TLS profile',
      level: 'fail' as const,
      detail: 'refused (ERR_SSL_INVALID_COMMAND)',
    },
    { id: 'notifications', label: 'Notifications', level: 'warn' as const, detail: 'no D-Bus session bus' },
    { id: 'proxy', label: 'Proxy', level: 'ok' as const, detail: 'direct' },
  ],
  failed: true,
  probeFailure: 'could not check a test server on 127.0.0.1: INVALID_COMMAND.',
  ranAt: '2026-11-24T12:00:00.000Z',
};

describe('self-test in the window', () => {
  it('shows a banner on every view when checks cannot work on this computer', async () => {
    const api = new EngineApi();
    await renderApp(api);
    expect(screen.queryByRole('alert')).toBeNull();
    api.appState = { selfTest: { running: false, report: broken } };
    act(() => api.pushState());
    expect(screen.getByRole('alert').textContent).toBe(
      'Checks are not working on this computer: could not check a test server on 127.0.0.1: INVALID_COMMAND. The results below may say nothing about the servers; see the self-test in Settings.',
    );
  });

  it('tells the user when notifications are refused or go through the helper', async () => {
    const api = new EngineApi();
    api.appState.notificationNotice =
      "The system refused Certwatch's notifications (not allowed); they now go through node-notifier's helper instead, which may look different.";
    await renderApp(api);
    expect(screen.getByText(/^The system refused Certwatch's notifications/)).toBeTruthy();
  });

  it('runs from Settings and lists each check with its outcome', async () => {
    const api = new EngineApi();
    api.selfTestReport = broken;
    const { user } = await renderApp(api);
    await user.click(
      within(screen.getByRole('navigation', { name: 'Views' })).getByRole('button', { name: 'Settings' }),
    );
    const view = await screen.findByRole('region', { name: 'Settings' });
    await user.click(within(view).getByRole('button', { name: 'Run self-test' }));
    expect(api.callsTo('selftest:run')).toEqual([{}]);
    const list = within(view).getByRole('list', { name: 'Self-test results' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Failed TLS profile: refused (ERR_SSL_INVALID_COMMAND)',
      'Warning Notifications: no D-Bus session bus',
      'OK Proxy: direct',
    ]);
    expect(within(view).getByText(/^1 of 3 checks failed/)).toBeTruthy();
  });
});
