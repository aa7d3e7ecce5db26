// Export (JSON, CSV, .ics calendar) saved as a download, and import with its per-line report.
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { EngineApi } from './engine-api';
import { renderApp, shownTargets } from './render-app';

/** The engine dates its exports (UTC). */
const TODAY = new Date().toISOString().slice(0, 10);

describe('export', () => {
  it.each([
    ['Watchlist as JSON', 'json', `certwatch-watchlist-${TODAY}.json`],
    ['Watchlist as CSV', 'csv', `certwatch-watchlist-${TODAY}.csv`],
    ['Expiry calendar (.ics)', 'ics', `certwatch-expiries-${TODAY}.ics`],
  ] as const)('%s asks main for the file and downloads it', async (label, format, fileName) => {
    const api = new EngineApi([{ target: 'example.com', daysLeft: 20 }]);
    const { user } = await renderApp(api);
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:certwatch/1');
    await user.click(screen.getByRole('button', { name: 'Export' }));
    await user.click(screen.getByRole('button', { name: label }));

    expect(api.callsTo('watchlist:export')).toEqual([{ format }]);
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe(fileName);
    expect(clicked[0]!.getAttribute('href')).toBe('blob:certwatch/1');
    expect((created.mock.calls[0]![0] as Blob).size).toBeGreaterThan(0);
    expect(screen.getByRole('status', { name: 'Messages' }).textContent).toMatch(`Saved ${fileName}.`);
  });

  it('reports a failed export', async () => {
    const api = new EngineApi([{ target: 'example.com', daysLeft: 20 }]);
    const { user } = await renderApp(api);
    api.failNext('watchlist:export', 'Disk full.');
    await user.click(screen.getByRole('button', { name: 'Export' }));
    await user.click(screen.getByRole('button', { name: 'Watchlist as CSV' }));
    expect(screen.getByRole('status', { name: 'Messages' }).textContent).toMatch(
      /Export failed: Disk full\./,
    );
  });
});

describe('import', () => {
  it('imports a chosen file and reports the lines it refused', async () => {
    const api = new EngineApi([{ target: 'shop.example.com', daysLeft: 20 }]);
    const { user } = await renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Import…' }));
    const dialog = screen.getByRole('dialog', { name: 'Import a watchlist' });
    const csv = 'target,label\napi.example.com,API\nshop.example.com,Shop\nbad host,Nope\n';
    await user.upload(
      within(dialog).getByLabelText('File'),
      new File([csv], 'watchlist.csv', { type: 'text/csv' }),
    );
    expect(
      ((await within(dialog).findByDisplayValue(/api\.example\.com/)) as HTMLTextAreaElement).value,
    ).toBe(csv);
    expect((within(dialog).getByLabelText('Format') as HTMLSelectElement).value).toBe('csv');
    await user.click(within(dialog).getByRole('button', { name: 'Import' }));

    expect(api.callsTo('watchlist:import')).toEqual([{ text: csv, format: 'csv' }]);
    expect(within(dialog).getByText(/Added 1 entry; 2 lines not added/)).toBeTruthy();
    const refused = within(dialog).getByRole('list', { name: 'Result of each line' });
    expect(refused.textContent).toMatch(/Line 3.*already in the watchlist/);
    expect(refused.textContent).toMatch(/Line 4.*contains spaces/);
    expect(shownTargets()).toContain('api.example.com:443');
  });

  it('sends the confirmation for names without a dot only when the box is ticked', async () => {
    const { user, api } = await renderApp(new EngineApi());
    await user.click(screen.getByRole('button', { name: 'Import…' }));
    const dialog = screen.getByRole('dialog', { name: 'Import a watchlist' });
    await user.type(within(dialog).getByLabelText('Or paste the contents'), 'intranet:8443');
    await user.click(within(dialog).getByRole('checkbox', { name: /Allow names without a dot/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Import' }));
    expect(api.callsTo('watchlist:import')).toEqual([
      { text: 'intranet:8443', format: 'auto', allowSingleLabel: true },
    ]);
  });

  it('asks for something to import', async () => {
    const { user, api } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Import…' }));
    const dialog = screen.getByRole('dialog', { name: 'Import a watchlist' });
    await user.click(within(dialog).getByRole('button', { name: 'Import' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/Choose a file or paste/);
    expect(api.callsTo('watchlist:import')).toEqual([]);
  });
});
