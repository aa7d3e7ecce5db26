// Editing an entry: only changed fields are sent, cleared fields clear, and both the form's and the
// engine's validation errors are shown.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EngineApi } from './engine-api';
import { renderApp } from './render-app';

function seeded() {
  return new EngineApi([
    {
      id: 'shop',
      target: 'shop.example.com',
      daysLeft: 12,
      status: 'warning',
      label: 'Shop',
      tags: ['prod'],
      owner: 'Web team',
      notes: 'Renewed by certbot on web-1.',
      thresholds: { warningDays: 21 },
    },
  ]);
}

async function openEdit(api = seeded()) {
  const app = await renderApp(api);
  api.emit('navigate:entry', { id: 'shop' });
  const details = await screen.findByRole('complementary', { name: 'Shop' });
  await app.user.click(within(details).getByRole('button', { name: 'Edit…' }));
  const dialog = await screen.findByRole('dialog', { name: 'Edit Shop' });
  await within(dialog).findByLabelText('Label');
  return { ...app, dialog };
}

describe('editing an entry', () => {
  it('fills the form from the entry and sends only what changed', async () => {
    const { user, api, dialog } = await openEdit();
    const f = (label: string) => within(dialog).getByLabelText(label) as HTMLInputElement;
    expect(f('Label').value).toBe('Shop');
    expect(f('Tags').value).toBe('prod');
    expect(f('Owner').value).toBe('Web team');
    expect(f('Warning days').value).toBe('21');
    expect(f('Critical days').value).toBe('');
    expect(within(dialog).getByText('Blank: default (7)')).toBeTruthy();

    await user.clear(f('Label'));
    await user.type(f('Label'), 'Web shop');
    await user.type(f('Tags'), ', payments');
    await user.clear(f('Owner'));
    await user.type(f('Runbook URL'), 'https://wiki.example.com/tls');
    await user.selectOptions(within(dialog).getByLabelText('STARTTLS'), 'smtp');
    await user.type(f('SNI name'), 'www.example.com');
    await user.type(f('Critical days'), '5');
    await user.type(f('Check interval (minutes)'), '60');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Check this entry on schedule' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(api.callsTo('entries:update')).toEqual([
      {
        id: 'shop',
        patch: {
          label: 'Web shop',
          owner: '',
          runbookUrl: 'https://wiki.example.com/tls',
          tags: ['prod', 'payments'],
          starttls: 'smtp',
          sni: 'www.example.com',
          thresholds: { warningDays: 21, criticalDays: 5 },
          intervalMinutes: 60,
          enabled: false,
        },
      },
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await screen.findByRole('complementary', { name: 'Web shop' })).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Messages' }).textContent).toMatch(
      /Saved www\.example\.com at smtp:\/\/shop\.example\.com:443/,
    );
    // Disabled in the same edit: no check until it is enabled again.
    expect(api.callsTo('checks:run')).toEqual([]);
  });

  it('checks the entry again when its thresholds change, so the status follows at once', async () => {
    const { user, api, dialog } = await openEdit();
    await user.type(within(dialog).getByLabelText('Critical days'), '14');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(api.callsTo('checks:run')).toEqual([{ ids: ['shop'] }]);
    expect(screen.getByRole('status', { name: 'Messages' }).textContent).toMatch(
      /checking it again with the new settings/,
    );
  });

  it('does not check again for a change of label alone', async () => {
    const { user, api, dialog } = await openEdit();
    await user.type(within(dialog).getByLabelText('Label'), ' EU');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(api.callsTo('entries:update')).toEqual([{ id: 'shop', patch: { label: 'Shop EU' } }]);
    expect(api.callsTo('checks:run')).toEqual([]);
  });

  it('clears per-entry thresholds when both are emptied', async () => {
    const { user, api, dialog } = await openEdit();
    await user.clear(within(dialog).getByLabelText('Warning days'));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(api.callsTo('entries:update')).toEqual([{ id: 'shop', patch: { thresholds: null } }]);
  });

  it('shows field errors and sends nothing until they are fixed', async () => {
    const { user, api, dialog } = await openEdit();
    const url = within(dialog).getByLabelText('Runbook URL');
    const critical = within(dialog).getByLabelText('Critical days');
    const interval = within(dialog).getByLabelText('Check interval (minutes)');
    await user.type(url, 'wiki/tls');
    await user.type(critical, '30');
    await user.type(interval, '2');
    await user.type(within(dialog).getByLabelText('Tags'), ', a;b');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(api.callsTo('entries:update')).toEqual([]);
    expect(within(dialog).getByRole('alert').textContent).toBe(
      'Fix the highlighted fields, then save again.',
    );
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByText('Enter a web address starting with https:// (or http://).')).toBeTruthy();
    expect(critical.getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByText('Critical (30 days) must be fewer than warning (21 days).')).toBeTruthy();
    expect(within(dialog).getByText('Enter a whole number of minutes from 5 to 43200.')).toBeTruthy();
    expect(within(dialog).getByText('The tag "a;b" contains ";"; separate tags with commas.')).toBeTruthy();
    // The error is announced with the field.
    const describedBy = url.getAttribute('aria-describedby')!.split(' ');
    expect(describedBy.map((id) => document.getElementById(id)?.textContent)).toContain(
      'Enter a web address starting with https:// (or http://).',
    );
  });

  it("shows the engine's message when it refuses the change", async () => {
    const api = seeded();
    const { user, dialog } = await openEdit(api);
    api.failNext(
      'entries:update',
      'Cannot update "shop.example.com:443": "smtp://shop.example.com:443" is already in the watchlist.',
      'INVALID_REQUEST',
    );
    await user.selectOptions(within(dialog).getByLabelText('STARTTLS'), 'smtp');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/is already in the watchlist/);
    expect(screen.getByRole('dialog')).toBeTruthy();
  });

  it('closes without a call when nothing changed', async () => {
    const { user, api, dialog } = await openEdit();
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsTo('entries:update')).toEqual([]);
  });
});

describe('an entry without a label is named as typed', () => {
  it('titles the dialog with the SNI name at the address, so two names on one address read apart', async () => {
    const api = new EngineApi([
      { id: 'vip-shop', target: '10.0.0.7:8443', sni: 'shop.example.com', daysLeft: 40 },
      { id: 'vip-blog', target: '10.0.0.7:8443', sni: 'blog.example.com', daysLeft: 50 },
    ]);
    const app = await renderApp(api);
    api.emit('navigate:entry', { id: 'vip-blog' });
    const details = await screen.findByRole('complementary', { name: 'blog.example.com at 10.0.0.7:8443' });
    await app.user.click(within(details).getByRole('button', { name: 'Edit…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit blog.example.com at 10.0.0.7:8443' });
    await within(dialog).findByLabelText('Label');
    await app.user.type(within(dialog).getByLabelText('Owner'), 'Blog team');
    await app.user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved blog.example.com at 10.0.0.7:8443.')).toBeTruthy();
  });
});
