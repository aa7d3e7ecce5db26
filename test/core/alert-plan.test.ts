// Grouped notifications that cannot mislead: urgent entries are always named, the title counts them, nothing is
// listed twice, good news travels apart, and only what was shown may enter the ledger.
import { describe, expect, it } from 'vitest';
import { alertKey, recordFired, type Alert } from '../../main/core/watch/alerts';
import { entryName, notificationsFor } from '../../main/core/watch/alert-text';
import { markupBody } from '../../main/core/watch/notify';
import { notifySendArgs } from '../../main/core/watch/desktop-notifier';
import { nativeOptions } from '../../main/app/notifications';
import { DAY_MS } from '../../main/core/probe/time';
import type { Status } from '../../main/shared/types';

const NOW = Date.parse('2026-12-01T00:00:00Z');

function alert(id: string, days: number, over: Partial<Alert> = {}): Alert {
  const severity: Status = days < 0 ? 'expired' : days < 7 ? 'critical' : 'warning';
  const kind = days < 0 ? 'expired' : 'threshold';
  const reason = days < 0 ? 'expired' : `days:${days < 7 ? 7 : 30}`;
  return {
    key: alertKey(id, `FP:${id}`, over.reason ?? reason),
    entryId: id,
    kind,
    reason,
    fingerprint256: `FP:${id}`,
    severity,
    host: `${id}.example.com`,
    port: 443,
    daysLeft: days,
    msLeft: days * DAY_MS + 3_600_000,
    notAfter: new Date(NOW + days * DAY_MS).toISOString(),
    problems: [],
    muted: false,
    covers: [],
    ...over,
  };
}

describe('grouped notifications', () => {
  // Seven entries, two critical (2 and 3 days left), five expiring in 20-28 days: the case that hid the urgent two.
  const seven = [
    ...[20, 22, 24, 26, 28].map((d, i) => alert(`warn${i}`, d, { owner: 'web team' })),
    alert('crit2', 2, { owner: 'payments', runbookUrl: 'https://wiki.example.com/tls' }),
    alert('crit3', 3, { label: 'Shop API' }),
  ];

  it('names every critical entry, counts them in the title and names what did not fit by count', () => {
    const [plan, ...rest] = notificationsFor(seven);
    expect(rest).toEqual([]);
    const { text, shown, hidden } = plan!;
    expect(text.title).toBe('7 certificates need attention: 2 critical');
    expect(text.urgency).toBe('critical');
    const lines = text.body.split('\n');
    expect(lines[0]).toBe(
      'crit2.example.com expires in 2 days (owner: payments, runbook: https://wiki.example.com/tls)',
    );
    expect(lines[1]).toBe('Shop API expires in 3 days');
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('…and 2 more (2 warning, the soonest in 26 days); open Certwatch to see them');
    expect(text.entryIds).toEqual(['crit2', 'crit3', 'warn0', 'warn1', 'warn2']);
    expect(text.moreEntryIds).toEqual(['warn3', 'warn4']);
    expect(hidden.map((a) => a.entryId)).toEqual(['warn3', 'warn4']);
    // Only what the notification showed is recorded; the two it counted stay due.
    const ledger = recordFired([], shown, NOW);
    expect(ledger.map((r) => r.entryId).sort()).toEqual(['crit2', 'crit3', 'warn0', 'warn1', 'warn2']);
  });

  it('never hides an urgent entry, however many there are', () => {
    const many = Array.from({ length: 9 }, (_, i) => alert(`bad${i}`, i % 2 ? -1 : 1));
    const { text, hidden } = notificationsFor([...many, ...seven.slice(0, 5)])[0]!;
    expect(text.title).toBe('14 certificates need attention: 4 expired, 5 critical');
    for (let i = 0; i < 9; i++) expect(text.body).toContain(`bad${i}.example.com`);
    expect(hidden.every((a) => a.severity === 'warning')).toBe(true);
    expect(text.body.split('\n').at(-1)).toMatch(/^…and 5 more \(5 warning/);
  });

  it('lists each entry once, however many alerts it has', () => {
    const twice = [
      alert('a', 2),
      alert('a', 2, { kind: 'invalid', reason: 'invalid:HOSTNAME_MISMATCH', severity: 'invalid' }),
      alert('b', 20),
    ];
    const { text, shown } = notificationsFor(twice)[0]!;
    expect(text.body.split('\n')).toEqual([
      'a.example.com: certificate does not match the host name (+1 more problem)',
      'b.example.com expires in 20 days',
    ]);
    expect(shown).toHaveLength(3);
  });

  it('sends good news in its own notification, never counted as needing attention', () => {
    const renewed = alert('r', 80, { kind: 'renewed', reason: 'renewed:FP:r', severity: 'ok' });
    const recovered = alert('u', 0, { kind: 'recovered', reason: 'recovered', severity: 'ok' });
    const plans = notificationsFor([alert('w', 20), renewed, recovered]);
    expect(plans.map((p) => p.text.title)).toEqual([
      'w.example.com expires in 20 days',
      '2 certificates back to normal',
    ]);
    expect(plans.map((p) => p.text.urgency)).toEqual(['normal', 'normal']);
  });

  it('names an entry as the user knows it: label, else the SNI name at the address typed', () => {
    expect(entryName({ host: '127.0.0.1', port: 8443, sni: 'shop.example.com' })).toBe(
      'shop.example.com at 127.0.0.1:8443',
    );
    expect(entryName({ host: 'shop.example.com', port: 443, sni: 'SHOP.example.com' })).toBe(
      'shop.example.com',
    );
    expect(entryName({ host: '10.0.0.7', port: 443, label: 'Intranet' })).toBe('Intranet');
    expect(entryName({ host: '::1', port: 8443 })).toBe('[::1]:8443');
  });
});

describe('what reaches the desktop', () => {
  const hostile = {
    title: '-u low \u001b]0;pwned\u0007',
    body: 'line one <a href="https://evil.example">click</a> & more\nsecond\rline',
    entryIds: ['x'],
    urgency: 'critical' as const,
  };

  it('passes notify-send its text after `--`, escaped, with critical urgency and no timeout', () => {
    const args = notifySendArgs(hostile);
    const dashdash = args.indexOf('--');
    expect(args.slice(0, dashdash)).toEqual([
      '--app-name=Certwatch',
      '--urgency=critical',
      '--expire-time=0',
    ]);
    expect(args.slice(dashdash + 1)).toEqual([
      '-u low \\e]0;pwned\\x07',
      'line one &lt;a href="https://evil.example"&gt;click&lt;/a&gt; &amp; more\nsecond\\\\rline',
    ]);
  });

  it('gives Electron critical urgency, no timeout and a snooze button where each platform has them', () => {
    const n = { ...hostile, actions: ['open', 'snooze-1d'] as ('open' | 'snooze-1d')[] };
    expect(nativeOptions(n, 'linux')).toEqual({
      title: hostile.title.replace('\u001b', '\\e').replace('\u0007', '\\x07'),
      body: markupBody(hostile.body),
      urgency: 'critical',
      timeoutType: 'never',
    });
    expect(nativeOptions(n, 'darwin')).toMatchObject({ actions: [{ type: 'button', text: 'Snooze 1 day' }] });
    expect(nativeOptions(n, 'darwin').body).toContain('<a href=');
    expect(nativeOptions(n, 'win32')).toMatchObject({ timeoutType: 'never' });
    expect(nativeOptions({ ...n, urgency: 'normal' }, 'linux')).not.toHaveProperty('urgency');
  });
});
