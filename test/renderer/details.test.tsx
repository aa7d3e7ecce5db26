// The details panel: verdict with advice per problem, endpoints, the chain with validity bars, history,
// ownership and the actions on the entry.
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ProbeResult } from '../../main/shared/types';
import { EngineApi } from './engine-api';
import { cert, endpoint, isoIn, probeResult, record } from './fixtures';
import { renderApp } from './render-app';

const LEAF = cert({
  subject: 'CN=shop.example.com',
  issuer: "C=US, O=Let's Encrypt, CN=R11",
  sans: ['DNS:shop.example.com', 'DNS:www.shop.example.com'],
  // Half-day offsets keep whole-day counts stable while the test runs.
  notBefore: isoIn(-79.5),
  notAfter: isoIn(10.5),
  keyType: 'RSA',
  keySize: 2048,
  signatureAlgorithm: 'sha256WithRSAEncryption',
  fingerprint256:
    '11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00',
});
const INTERMEDIATE = cert({
  role: 'intermediate',
  subject: "C=US, O=Let's Encrypt, CN=R11",
  issuer: 'C=US, O=Internet Security Research Group, CN=ISRG Root X1',
  sans: [],
  notBefore: isoIn(-399.5),
  notAfter: isoIn(700.5),
  isCA: true,
  fingerprint256:
    'FE:DC:BA:98:76:54:32:10:FE:DC:BA:98:76:54:32:10:FE:DC:BA:98:76:54:32:10:FE:DC:BA:98:76:54:32:10',
});
const OLD_FP =
  '00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00';

function shopResult(): ProbeResult {
  const problems = [
    { code: 'INCOMPLETE_CHAIN' as const, message: 'The server does not send the intermediate certificate.' },
    {
      code: 'ENDPOINT_MISMATCH' as const,
      message: 'The addresses behind this name serve different certificates.',
    },
    { code: 'QUANTUM_BROKEN' as never, message: 'A problem this window has never heard of.' },
  ];
  return probeResult(
    { target: 'shop.example.com', status: 'warning', daysLeft: 10, problems },
    {
      chain: [LEAF, INTERMEDIATE],
      notes: [{ code: 'SENT_ROOT', message: 'The server also sends the root certificate.' }],
      endpoints: [
        endpoint({
          address: '203.0.113.10',
          daysLeft: 10,
          fingerprint256: LEAF.fingerprint256,
          status: 'warning',
        }),
        endpoint({
          address: '2001:db8::10',
          family: 6,
          daysLeft: 3,
          status: 'critical',
          fingerprint256: OLD_FP,
          tls: { protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' },
        }),
      ],
    },
  );
}

function seeded() {
  return new EngineApi([
    {
      id: 'shop',
      target: 'shop.example.com',
      label: 'Shop',
      owner: 'Web team',
      runbookUrl: 'https://wiki.example.com/runbooks/shop-tls',
      tags: ['prod'],
      result: shopResult(),
      history: [
        record({ at: isoIn(-30), fingerprint256: OLD_FP, daysLeft: 2, status: 'critical' }),
        record({ at: isoIn(-20), fingerprint256: LEAF.fingerprint256, daysLeft: 30 }),
        record({ at: isoIn(-10), fingerprint256: LEAF.fingerprint256, daysLeft: 20, status: 'warning' }),
        record({
          at: isoIn(-5),
          fingerprint256: null,
          daysLeft: null,
          status: 'error',
          problems: ['TIMEOUT'],
        }),
      ],
    },
    { id: 'new', target: 'new.example.com' },
  ]);
}

async function openDetails(id = 'shop', api = seeded()) {
  const app = await renderApp(api);
  act(() => api.emit('navigate:entry', { id }));
  const panel = await screen.findByRole('complementary');
  await within(panel).findByRole('heading', { name: 'Verdict' });
  return { ...app, panel };
}

describe('details panel', () => {
  it('states the verdict and explains each problem with what to do', async () => {
    const { panel } = await openDetails();
    expect(within(panel).getByRole('heading', { name: 'Shop', level: 2 })).toBeTruthy();
    expect(within(panel).getByText(/Expires in 10 days/)).toBeTruthy();
    const problems = within(panel).getByRole('list', { name: 'Problems' });
    const items = within(problems).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]!.textContent).toMatch(/Incomplete chain/);
    expect(items[0]!.textContent).toMatch(/does not send the intermediate/);
    expect(items[0]!.textContent).toMatch(/What to do: Configure the server to send the full chain/);
    expect(within(items[0]!).getByText('ssl_certificate').tagName).toBe('CODE');
    expect(items[1]!.textContent).toMatch(/Deploy the same current certificate to every address/);
    // A code this window does not know still gets a sentence and a safe next step.
    expect(items[2]!.textContent).toMatch(/A problem this window has never heard of\./);
    expect(items[2]!.textContent).toMatch(/What to do: .*Check now/);
    const notes = within(panel).getByRole('list', { name: 'Notes' });
    expect(notes.textContent).toMatch(/Root sent.*drop it from the chain file/);
  });

  it('offers the renewal checklist naming the SANs and every endpoint', async () => {
    const { panel } = await openDetails();
    const checklist = within(panel).getByText('Renewal checklist').closest('details')!;
    expect(checklist.open).toBe(true);
    const steps = within(checklist).getAllByRole('checkbox');
    expect(steps).toHaveLength(5);
    expect(checklist.textContent).toMatch(/covering shop\.example\.com/);
    expect(checklist.textContent).toMatch(/every node \(203\.0\.113\.10, 2001:db8::10\)/);
    expect(checklist.textContent).toMatch(/Check now and confirm every endpoint/);
  });

  it('lists every endpoint and flags the one serving another certificate', async () => {
    const { panel } = await openDetails();
    const section = within(panel).getByRole('region', { name: 'Endpoints' });
    expect(within(section).getByText(/serve 2 different certificates/)).toBeTruthy();
    const table = within(section).getByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByRole('rowheader').textContent).toBe('203.0.113.10');
    expect(within(rows[0]!).queryByText(/different certificate/)).toBeNull();
    expect(within(rows[1]!).getByRole('rowheader').textContent).toBe('[2001:db8::10]');
    expect(within(rows[1]!).getByText('Critical')).toBeTruthy();
    expect(within(rows[1]!).getByText(/different certificate/)).toBeTruthy();
    expect(within(rows[1]!).getByText('TLSv1.2')).toBeTruthy();
  });

  it('shows the chain with validity bars, key, signature, fingerprints and Copy PEM', async () => {
    const { user, panel } = await openDetails();
    const chain = within(panel).getByRole('list', { name: 'Certificates' });
    const leaf = within(chain).getByRole('article', { name: 'Leaf certificate shop.example.com' });
    const bar = within(leaf).getByRole('meter', { name: 'Validity elapsed' });
    expect(bar.getAttribute('aria-valuenow')).toBe('88');
    expect(bar.getAttribute('aria-valuetext')).toBe('88% elapsed, 10 of 90 days left');
    expect(within(leaf).getByText('RSA 2048 bits')).toBeTruthy();
    expect(within(leaf).getByText('sha256WithRSAEncryption')).toBeTruthy();
    expect(within(leaf).getByText('DNS:www.shop.example.com')).toBeTruthy();
    expect(within(leaf).getByText(LEAF.fingerprint256)).toBeTruthy();
    // SHA-1 is computed from the PEM in the window.
    expect(await within(leaf).findByText(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/)).toBeTruthy();
    const intermediate = within(chain).getByRole('article', { name: 'Intermediate certificate R11' });
    expect(within(intermediate).getByRole('meter').getAttribute('aria-valuetext')).toMatch(
      /^\d+% elapsed, 700 of 1100 days left$/,
    );

    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await user.click(within(leaf).getByRole('button', { name: 'Copy PEM of shop.example.com' }));
    expect(writeText).toHaveBeenCalledWith(LEAF.pem);
    expect(within(leaf).getByRole('status').textContent).toBe('PEM copied to the clipboard.');
  });

  it('shows the history of checks with certificate changes', async () => {
    const { panel } = await openDetails();
    const section = within(panel).getByRole('region', { name: 'History' });
    expect(within(section).getByText('4 checks; the certificate changed 1 time.')).toBeTruthy();
    expect(within(section).getByRole('list', { name: 'Certificate changes' }).textContent).toMatch(
      /New certificate seen/,
    );
    const rows = within(within(section).getByRole('table')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(4);
    expect(within(rows[0]!).getByText('Error')).toBeTruthy();
    // History in words: the headline, never the raw code.
    expect(within(rows[0]!).getByText('Timed out')).toBeTruthy();
    expect(within(rows[0]!).queryByText('TIMEOUT')).toBeNull();
    expect(within(rows[2]!).getByText(/renewed/)).toBeTruthy();
    expect(within(rows[3]!).queryByText(/renewed/)).toBeNull();
  });

  it('shows owner and opens the runbook through main', async () => {
    const { user, api, panel } = await openDetails();
    const about = within(panel).getByRole('region', { name: 'Ownership and checks' });
    expect(within(about).getByText('Web team')).toBeTruthy();
    const open = vi.spyOn(window, 'open');
    await user.click(within(about).getByRole('link', { name: 'https://wiki.example.com/runbooks/shop-tls' }));
    expect(api.callsTo('app:open-external')).toEqual([{ url: 'https://wiki.example.com/runbooks/shop-tls' }]);
    expect(open).not.toHaveBeenCalled();
  });

  it('checks the entry now and shows it is checking', async () => {
    const { user, api, panel } = await openDetails();
    const release = api.holdChecks();
    await user.click(within(panel).getByRole('button', { name: 'Check now' }));
    expect(api.callsTo('checks:run')).toEqual([{ ids: ['shop'] }]);
    expect(api.probed).toEqual(['shop.example.com:443']);
    const checking = await within(panel).findByRole('button', { name: 'Checking…' });
    expect((checking as HTMLButtonElement).disabled).toBe(true);
    release();
    expect(await within(panel).findByRole('button', { name: 'Check now' })).toBeTruthy();
  });

  it('picks up a finished check', async () => {
    const api = seeded();
    const { panel } = await openDetails('shop', api);
    api.probeResults.set('shop.example.com:443', probeResult({ target: 'shop.example.com', daysLeft: 89 }));
    await act(() => api.watcher.checkAll());
    act(() => api.pushState());
    expect(await within(panel).findByText(/Expires in 89 days/)).toBeTruthy();
    expect(within(panel).queryByRole('list', { name: 'Problems' })).toBeNull();
    expect(within(panel).getByText(/No problems/)).toBeTruthy();
  });

  it('snoozes alerts', async () => {
    const { user, api, panel } = await openDetails();
    await user.click(within(panel).getByRole('button', { name: 'Snooze alerts' }));
    await user.click(within(panel).getByRole('button', { name: 'For 1 week' }));
    expect(api.callsTo('entries:snooze')).toEqual([{ id: 'shop', kind: '1w' }]);
    expect(await within(panel).findByText('Alerts snoozed')).toBeTruthy();
  });

  it('designs the never-checked state', async () => {
    const { panel } = await openDetails('new');
    expect(within(panel).getByText(/Not checked yet\. Press/)).toBeTruthy();
    expect(within(panel).getByText('No certificate was received on the last check.')).toBeTruthy();
    expect(within(panel).getByText('No checks recorded yet.')).toBeTruthy();
    expect(within(panel).getByText(/Add an owner and a runbook link/)).toBeTruthy();
  });

  it('explains an entry that cannot be loaded', async () => {
    const api = seeded();
    await renderApp(api);
    act(() => api.emit('navigate:entry', { id: 'gone' }));
    const panel = await screen.findByRole('complementary');
    expect((await within(panel).findByRole('alert')).textContent).toMatch(
      /Could not load the details: No watchlist entry/,
    );
    expect(within(panel).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('closes with Escape and hands focus back to the entry row', async () => {
    const { user, panel } = await openDetails();
    within(panel).getByRole('button', { name: 'Check now' }).focus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('complementary')).toBeNull();
    expect((document.activeElement as HTMLElement).getAttribute('role')).toBe('row');
    expect(document.activeElement?.textContent).toMatch(/shop\.example\.com/);
  });
});
