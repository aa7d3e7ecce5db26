// The window explains a certificate whose ACME renewal is overdue: the engine's sentence, then what to do.
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EngineApi } from './engine-api';
import { probeResult } from './fixtures';
import { renderApp } from './render-app';

const MESSAGE =
  "Automatic renewal should already have happened: the certificate comes from Let's Encrypt, an ACME CA whose clients renew with a third of the lifetime left, and less than a third of its lifetime of 6 days is left. Look at the ACME client on this server (certbot, cert-manager, Caddy or Traefik) and its log for why it did not renew.";

describe('details: renewal overdue', () => {
  it('shows the sentence, what to do and the renewal checklist', async () => {
    const api = new EngineApi();
    api.seed({
      id: 'shop',
      target: 'shop.example.com',
      result: probeResult({
        target: 'shop.example.com',
        daysLeft: 1,
        status: 'ok',
        problems: [{ code: 'RENEWAL_OVERDUE', message: MESSAGE }],
      }),
    });
    await renderApp(api);
    act(() => api.emit('navigate:entry', { id: 'shop' }));
    const panel = await screen.findByRole('complementary');
    const problems = await within(panel).findByRole('list', { name: 'Problems' });
    expect(within(problems).getByText('Automatic renewal overdue')).toBeTruthy();
    expect(within(problems).getByText(MESSAGE)).toBeTruthy();
    expect(problems.textContent).toMatch(
      /What to do: On the server, find out why the ACME client did not renew/,
    );
    expect(within(panel).getByText(/^Expires in \d+ hours/)).toBeTruthy();
    // Renewal is due, so the checklist is open.
    const checklist = within(panel).getByText('Renewal checklist').closest('details');
    expect(checklist?.open).toBe(true);
  });
});
