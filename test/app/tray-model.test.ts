// The tray's icon, tooltip and menu for each mix of statuses, as the user sees them.
import { describe, expect, it } from 'vitest';
import {
  formatWhen,
  pauseUntil,
  trayMenuModel,
  trayStatus,
  type TrayMenuItem,
} from '../../main/app/tray-model';
import { appState, entry } from './state';
import type { Status } from '../../main/shared/types';

const NOW = new Date(2026, 10, 24, 14, 5).getTime(); // local time, 24 Nov 2026 14:05

const withStatuses = (...statuses: (Status | 'pending')[]) =>
  appState(statuses.map((status) => entry({ status, daysLeft: status === 'pending' ? null : 60 })));

function labels(items: TrayMenuItem[]): string[] {
  return items.map((i) => (i.kind === 'separator' ? '---' : i.label));
}

function item(items: TrayMenuItem[], label: string): TrayMenuItem {
  const found = items.find((i) => i.kind !== 'separator' && i.label === label);
  if (!found) throw new Error(`no "${label}" in ${labels(items).join(' | ')}`);
  return found;
}

describe('tray icon status', () => {
  it.each([
    [[], 'ok'],
    [['ok', 'ok'], 'ok'],
    [['ok', 'warning'], 'warning'],
    [['ok', 'error'], 'error'],
    [['warning', 'error'], 'error'],
    [['error', 'critical'], 'critical'],
    [['ok', 'expired'], 'critical'],
    [['warning', 'invalid'], 'critical'],
    [['pending'], 'checking'],
    [['ok', 'pending'], 'checking'],
    [['pending', 'warning'], 'warning'],
  ] as [(Status | 'pending')[], string][])('%j shows %s', (statuses, expected) => {
    expect(trayStatus(withStatuses(...statuses))).toBe(expected);
  });

  it('shows checking while checks run and everything known is fine', () => {
    const state = appState([entry({ id: 'a', status: 'ok' })], { checking: ['a'] });
    expect(trayStatus(state)).toBe('checking');
  });

  it('never hides a known problem behind the checking icon', () => {
    const state = appState([entry({ id: 'a', status: 'expired' })], { checking: ['a'] });
    expect(trayStatus(state)).toBe('critical');
  });

  it('ignores entries that are turned off', () => {
    const state = appState([entry({ status: 'ok' }), entry({ status: 'expired', enabled: false })]);
    expect(trayStatus(state)).toBe('ok');
  });
});

describe('tooltip and summary line', () => {
  it('counts statuses worst first', () => {
    const model = trayMenuModel(withStatuses('ok', 'ok', 'warning', 'expired', 'error'), { now: NOW });
    expect(model.tooltip).toBe('Certwatch\n1 expired · 1 unreachable · 1 expiring soon · 2 OK');
    // Linux AppIndicator shows no tooltip: the same line heads the menu.
    expect(model.items[0]).toEqual({
      kind: 'info',
      label: '1 expired · 1 unreachable · 1 expiring soon · 2 OK',
    });
  });

  it('says when the watchlist is empty', () => {
    expect(trayMenuModel(appState([]), { now: NOW }).tooltip).toBe('Certwatch\nNo certificates watched yet');
  });

  it('mentions running checks and a pause', () => {
    const paused = new Date(2026, 10, 24, 15, 5).toISOString();
    const state = appState([entry({ id: 'a' })], { checking: ['a'], pausedUntil: paused });
    expect(trayMenuModel(state, { now: NOW }).tooltip).toBe(
      'Certwatch\n1 OK\nChecking 1…\nNotifications paused until 15:05',
    );
  });

  it('stays within the 127 characters Windows shows', () => {
    const state = appState([entry({ status: 'ok' })], {
      pausedUntil: new Date(2027, 0, 1).toISOString(),
      checking: Array.from({ length: 100_000 }, (_, i) => `x${i}`),
      entries: ['ok', 'warning', 'critical', 'expired', 'invalid', 'error', 'pending'].map((s) =>
        entry({ status: s as Status }),
      ),
    });
    expect(trayMenuModel(state, { now: NOW }).tooltip.length).toBeLessThanOrEqual(127);
  });
});

describe('menu', () => {
  it('lists the five soonest-expiring entries with days left, each opening its details', () => {
    const entries = [
      entry({ id: 'far', host: 'far.example', daysLeft: 300 }),
      entry({ id: 'gone', host: 'gone.example', daysLeft: -3, status: 'expired' }),
      entry({ id: 'today', host: 'today.example', daysLeft: 0, status: 'critical' }),
      entry({ id: 'one', label: 'Shop', daysLeft: 1, status: 'critical' }),
      entry({ id: 'mid', host: 'mid.example', daysLeft: 20, status: 'warning' }),
      entry({ id: 'bad', host: 'bad.example', daysLeft: 90, status: 'invalid' }),
      entry({ id: 'unknown', host: 'new.example', daysLeft: null, status: 'pending' }),
      entry({ id: 'off', host: 'off.example', daysLeft: -100, enabled: false }),
      entry({
        id: 'mail',
        target: 'smtp://mail.example:25',
        host: 'mail.example',
        port: 25,
        starttls: 'smtp',
        daysLeft: 45,
      }),
    ];
    const { items } = trayMenuModel(appState(entries), { now: NOW });
    const listed = items.filter((i) => i.kind === 'action' && i.action.type === 'open-entry');
    expect(listed.map((i) => (i.kind === 'action' ? [i.label, i.action] : []))).toEqual([
      ['gone.example — expired 3 days ago', { type: 'open-entry', id: 'gone' }],
      ['today.example — expires today', { type: 'open-entry', id: 'today' }],
      ['Shop — 1 day left', { type: 'open-entry', id: 'one' }],
      ['mid.example — 20 days left', { type: 'open-entry', id: 'mid' }],
      ['smtp://mail.example:25 — 45 days left', { type: 'open-entry', id: 'mail' }],
    ]);
  });

  it('marks a certificate that is refused although far from expiry', () => {
    const { items } = trayMenuModel(
      appState([entry({ host: 'bad.example', daysLeft: 90, status: 'invalid' })]),
      {
        now: NOW,
      },
    );
    expect(labels(items)).toContain('bad.example — 90 days left · invalid');
  });

  it('has every command, in order, so Linux (which ignores clicks on the icon) reaches all of it', () => {
    const { items } = trayMenuModel(appState([entry({ host: 'a.example', daysLeft: 10 })]), { now: NOW });
    expect(labels(items)).toEqual([
      '1 OK',
      '---',
      'a.example — 10 days left',
      '---',
      'Check all now',
      'Quick check…',
      'Pause notifications',
      '---',
      'Open Certwatch',
      'Run self-test',
      'Launch at login',
      '---',
      'Quit Certwatch',
    ]);
    expect(item(items, 'Run self-test')).toMatchObject({ enabled: true, action: { type: 'self-test' } });
    expect(item(items, 'Check all now')).toMatchObject({ enabled: true, action: { type: 'check-all' } });
    expect(item(items, 'Quick check…')).toMatchObject({ action: { type: 'quick-check' } });
    expect(item(items, 'Open Certwatch')).toMatchObject({ action: { type: 'open-window' } });
    expect(item(items, 'Quit Certwatch')).toMatchObject({ action: { type: 'quit' } });
  });

  it('cannot check all when nothing is watched', () => {
    const { items } = trayMenuModel(appState([]), { now: NOW });
    expect(item(items, 'Check all now')).toMatchObject({ enabled: false });
    expect(labels(items)).not.toContain('No results yet');
  });

  it('says when no entry has a result yet', () => {
    const { items } = trayMenuModel(withStatuses('pending'), { now: NOW });
    expect(labels(items)).toContain('No results yet');
  });

  it('shows how many checks are running', () => {
    const state = appState([entry({ id: 'a' }), entry({ id: 'b' })], { checking: ['a', 'b'] });
    expect(labels(trayMenuModel(state, { now: NOW }).items)).toContain('Check all now (checking 2…)');
  });

  it('offers pausing for an hour or until tomorrow morning, and resuming only while paused', () => {
    const running = trayMenuModel(appState([]), { now: NOW }).items;
    const menu = item(running, 'Pause notifications');
    expect(menu.kind).toBe('submenu');
    if (menu.kind !== 'submenu') return;
    expect(labels(menu.items)).toEqual(['For 1 hour', 'Until tomorrow 08:00', '---', 'Resume notifications']);
    expect(item(menu.items, 'For 1 hour')).toMatchObject({ action: { type: 'pause', choice: 'hour' } });
    expect(item(menu.items, 'Until tomorrow 08:00')).toMatchObject({
      action: { type: 'pause', choice: 'tomorrow' },
    });
    expect(item(menu.items, 'Resume notifications')).toMatchObject({ enabled: false });

    const pausedUntil = new Date(2026, 10, 25, 8, 0).toISOString();
    const paused = trayMenuModel(appState([], { pausedUntil }), { now: NOW }).items;
    const pausedMenu = item(paused, 'Notifications paused until tomorrow 08:00');
    if (pausedMenu.kind !== 'submenu') throw new Error('not a submenu');
    expect(item(pausedMenu.items, 'Resume notifications')).toMatchObject({
      enabled: true,
      action: { type: 'resume' },
    });
  });

  it('ticks Launch at login from the setting', () => {
    const off = trayMenuModel(appState([]), { now: NOW }).items;
    expect(item(off, 'Launch at login')).toMatchObject({ kind: 'checkbox', checked: false });
    const state = appState([]);
    state.settings.launchAtLogin = true;
    expect(item(trayMenuModel(state, { now: NOW }).items, 'Launch at login')).toMatchObject({
      checked: true,
    });
  });
});

describe('pause times', () => {
  it('an hour from now, or tomorrow at 08:00 local time', () => {
    expect(pauseUntil('hour', NOW)).toBe(NOW + 3_600_000);
    expect(pauseUntil('tomorrow', NOW)).toBe(new Date(2026, 10, 25, 8, 0).getTime());
    const lateNight = new Date(2026, 11, 31, 23, 30).getTime();
    expect(pauseUntil('tomorrow', lateNight)).toBe(new Date(2027, 0, 1, 8, 0).getTime());
  });

  it('reads as a time today, tomorrow, or a date', () => {
    expect(formatWhen(new Date(2026, 10, 24, 9, 7).getTime(), NOW)).toBe('09:07');
    expect(formatWhen(new Date(2026, 10, 25, 8, 0).getTime(), NOW)).toBe('tomorrow 08:00');
    expect(formatWhen(new Date(2026, 11, 2, 18, 30).getTime(), NOW)).toBe('2026-12-02 18:30');
  });
});

describe('self-test in the tray', () => {
  const report = (probeFailure: string | null, levels: ('ok' | 'warn' | 'fail')[]) => ({
    running: false,
    report: {
      checks: levels.map((level, i) => ({ id: `c${i}`, label: `Check ${i}`, level, detail: 'd' })),
      failed: levels.includes('fail'),
      probeFailure,
      ranAt: new Date(NOW).toISOString(),
    },
  });

  it('shows a broken probe as one sentence and the grey icon, not as a red or unreachable watchlist', () => {
    const state = {
      ...appState([
        entry({ host: 'a.example', status: 'error', daysLeft: 10 }),
        entry({ host: 'b.example', status: 'critical', daysLeft: 3 }),
      ]),
      selfTest: report('could not check a test server on 127.0.0.1: INVALID_COMMAND', ['fail']),
    };
    const model = trayMenuModel(state, { now: NOW });
    expect(model.status).toBe('error');
    expect(labels(model.items).slice(0, 2)).toEqual([
      'Checks are not working on this computer: could not check a test server on 127.0.0.1: INVALID_COMMAND',
      '---',
    ]);
    expect(labels(model.items)).not.toContain('1 critical · 1 unreachable');
    expect(labels(model.items)).toContain('a.example — 10 days left');
    expect(model.tooltip).toContain('Checks are not working on this computer');
    expect(item(model.items, 'Run self-test again (1 failed at 14:05)')).toMatchObject({
      enabled: true,
      action: { type: 'self-test' },
    });
  });

  it('keeps the usual status when the self-test passed, and says so in its menu item', () => {
    const state = {
      ...appState([entry({ status: 'critical', daysLeft: 3 })]),
      selfTest: report(null, ['ok', 'warn']),
    };
    const model = trayMenuModel(state, { now: NOW });
    expect(model.status).toBe('critical');
    expect(labels(model.items)).toContain('Run self-test again (passed, 1 warning at 14:05)');
  });

  it('greys the item out while the self-test runs, and shows a notification notice on top', () => {
    const state = {
      ...appState([]),
      selfTest: { running: true, report: null },
      notificationNotice: 'Notifications are blocked: …',
    };
    const model = trayMenuModel(state, { now: NOW });
    expect(labels(model.items)[0]).toBe('Notifications are blocked: …');
    expect(item(model.items, 'Running self-test…')).toMatchObject({ enabled: false });
  });
});
