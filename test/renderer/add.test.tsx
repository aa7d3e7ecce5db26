// Adding hosts: one with a label and tags, or a pasted list with a per-line preview before saving and the
// engine's per-line report after.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EngineApi } from './engine-api';
import { renderApp, shownTargets } from './render-app';

async function openAdd(
  api = new EngineApi([{ target: 'shop.example.com', daysLeft: 12, status: 'warning' }]),
) {
  const app = await renderApp(api);
  await app.user.click(screen.getByRole('button', { name: 'Add…' }));
  return { ...app, dialog: screen.getByRole('dialog', { name: 'Add to the watchlist' }) };
}

describe('adding one host', () => {
  it('adds the host, saves label and tags, and opens its details', async () => {
    const { user, api, dialog } = await openAdd();
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Host or URL'));
    await user.type(within(dialog).getByLabelText('Host or URL'), 'https://api.example.com:8443/health');
    expect(within(dialog).getByText('Will check api.example.com:8443.')).toBeTruthy();
    await user.type(within(dialog).getByLabelText('Label (optional)'), 'Public API');
    await user.type(within(dialog).getByLabelText('Tags (optional)'), 'prod, api');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsTo('entries:add')).toEqual([{ text: 'https://api.example.com:8443/health' }]);
    const id = api.entries[1]!.id;
    expect(api.callsTo('entries:update')).toEqual([
      { id, patch: { label: 'Public API', tags: ['prod', 'api'] } },
    ]);
    expect(shownTargets()).toContain('api.example.com:8443');
    expect(await screen.findByRole('complementary', { name: 'Public API' })).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Messages' }).textContent).toMatch(
      /Added https:\/\/api\.example\.com:8443\/health/,
    );
  });

  it('shows why a host is refused before sending anything', async () => {
    const { user, api, dialog } = await openAdd();
    const input = within(dialog).getByLabelText('Host or URL');
    await user.type(input, 'gopher://example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByText(/the scheme "gopher:\/\/" is not one Certwatch can check/)).toBeTruthy();
    expect(api.callsTo('entries:add')).toEqual([]);

    await user.clear(input);
    await user.type(input, 'shop.example.com');
    expect(within(dialog).getByText('shop.example.com:443 is already in the watchlist.')).toBeTruthy();
  });

  it("shows the engine's answer when it refuses the host", async () => {
    const api = new EngineApi();
    const { user, dialog } = await openAdd(api);
    // Another process (certwatch add, say) adds the host after the window last heard from the engine: the
    // preview cannot know, the engine refuses it.
    api.addFromAnotherProcess('intranet.example.com');
    await user.type(within(dialog).getByLabelText('Host or URL'), 'intranet.example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    const report = within(dialog).getByRole('list', { name: 'Result of each line' });
    expect(report.textContent).toMatch(/Line 1.*"intranet\.example\.com:443" is already in the watchlist/);
    expect(screen.getByRole('dialog')).toBeTruthy();
  });
});

describe('pasting a list', () => {
  const PASTE = [
    '# production',
    'example.com',
    'https://www.example.com/login',
    '',
    'bad host name',
    'smtp://mail.example.com',
    'shop.example.com',
    'example.com:70000',
    'example.com # again',
  ].join('\n');

  it('previews every line with what it will check or why not', async () => {
    const { user, dialog } = await openAdd();
    await user.click(within(dialog).getByRole('radio', { name: 'Paste a list' }));
    const box = within(dialog).getByLabelText('Hosts, one per line');
    await user.click(box);
    await user.paste(PASTE);
    const preview = within(dialog).getByRole('list', { name: 'Preview of pasted lines' });
    const lines = within(preview)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(lines).toEqual([
      '✗Line 5Invalid target "bad host name": it contains spaces.',
      '✗Line 7shop.example.com:443 is already in the watchlist.',
      '✗Line 8Invalid target "example.com:70000": the port "70000" must be a number from 1 to 65535.',
      '✗Line 9Same as line 2 (example.com:443).',
      '✓Line 2Will check example.com:443',
      '✓Line 3Will check www.example.com:443',
      '✓Line 6Will check smtp://mail.example.com:25',
    ]);
    expect(within(dialog).getByText(/3 lines ready to add, 4 lines with problems/)).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Add 3 entries' })).toBeTruthy();
  });

  it('sends the text and shows the per-line report, keeping the refused lines to fix', async () => {
    const { user, api, dialog } = await openAdd();
    await user.click(within(dialog).getByRole('radio', { name: 'Paste a list' }));
    const box = within(dialog).getByLabelText('Hosts, one per line') as HTMLTextAreaElement;
    await user.click(box);
    await user.paste(PASTE);
    await user.click(within(dialog).getByRole('button', { name: 'Add 3 entries' }));

    expect(api.callsTo('entries:add')).toEqual([{ text: PASTE }]);
    expect(within(dialog).getByText(/Added 3 entries; 4 lines not added/)).toBeTruthy();
    // One list in input order, numbered as pasted: no second (preview) list with other numbers.
    const report = within(dialog).getByRole('list', { name: 'Result of each line' });
    expect(within(dialog).getAllByRole('list')).toHaveLength(1);
    const items = within(report)
      .getAllByRole('listitem')
      .map((li) => li.textContent ?? '');
    expect(items.filter((t) => t.startsWith('✗'))).toHaveLength(4);
    expect(items.filter((t) => t.startsWith('✓'))).toHaveLength(3);
    const numbers = items.map((t) => Number(/Line (\d+)/.exec(t)?.[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(report.textContent).toMatch(/Line 7"shop\.example\.com:443" is already in the watchlist\./);
    expect(box.value).toBe(
      ['bad host name', 'shop.example.com', 'example.com:70000', 'example.com'].join('\n'),
    );
    expect(shownTargets()).toEqual(
      expect.arrayContaining(['example.com:443', 'www.example.com:443', 'smtp://mail.example.com:25']),
    );
  });

  it('closes and confirms when every line was added', async () => {
    const { user, dialog } = await openAdd();
    await user.click(within(dialog).getByRole('radio', { name: 'Paste a list' }));
    await user.click(within(dialog).getByLabelText('Hosts, one per line'));
    await user.paste('a.example.com\nb.example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Add 2 entries' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('status', { name: 'Messages' }).textContent).toMatch(/Added 2 entries\./);
  });

  it('closes with Escape and returns focus to the Add button', async () => {
    const { user } = await openAdd();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Add…' }));
  });
});

describe('names without a dot need a confirmation', () => {
  it('refuses "intranet" with a hint until the box is ticked, then sends the confirmation along', async () => {
    const { user, api, dialog } = await openAdd();
    const input = within(dialog).getByLabelText('Host or URL');
    await user.type(input, 'intranet:8443');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(within(dialog).getByText(/"intranet" is a single-label name \(no dot\)/)).toBeTruthy();
    expect(api.callsTo('entries:add')).toEqual([]);

    await user.click(within(dialog).getByRole('checkbox', { name: /Allow names without a dot/ }));
    expect(within(dialog).getByText('Will check intranet:8443.')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(api.callsTo('entries:add')).toEqual([{ text: 'intranet:8443', allowSingleLabel: true }]);
  });

  it('the paste preview refuses typo targets as the engine does', async () => {
    const { user, dialog } = await openAdd();
    await user.click(within(dialog).getByRole('radio', { name: /Paste a list/ }));
    await user.click(within(dialog).getByLabelText('Hosts, one per line'));
    await user.paste('ftp//broken\n0x7f.1\nhttps\napi.example.com');
    expect(within(dialog).getByText(/did you mean "ftp:\/\/broken"\?/)).toBeTruthy();
    expect(within(dialog).getByText(/"0x7f.1" is not a valid IPv4 address/)).toBeTruthy();
    expect(within(dialog).getByText(/"https" is a URL scheme, not a host name/)).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Add 1 entry' })).toBeTruthy();
    expect(within(dialog).queryByRole('checkbox', { name: /Allow names without a dot/ })).toBeNull();
  });
});

describe('adding a second site on a shared address', () => {
  it('takes an SNI name, previews by that name, and the engine keeps both entries', async () => {
    const { user, api, dialog } = await openAdd(
      new EngineApi([{ target: '10.0.0.7:8443', sni: 'shop.example.com', daysLeft: 40 }]),
    );
    await user.type(within(dialog).getByLabelText('Host or URL'), '10.0.0.7:8443');
    expect(within(dialog).getByText('Will check 10.0.0.7:8443.')).toBeTruthy();
    const sni = within(dialog).getByLabelText('SNI name (optional)');
    await user.type(sni, 'Shop.example.com');
    expect(
      within(dialog).getByText('shop.example.com at 10.0.0.7:8443 is already in the watchlist.'),
    ).toBeTruthy();
    await user.clear(sni);
    await user.type(sni, 'blog.example.com');
    expect(within(dialog).getByText('Will check blog.example.com at 10.0.0.7:8443.')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsTo('entries:add')).toEqual([{ text: '10.0.0.7:8443', sni: 'blog.example.com' }]);
    expect(api.entries.map((e) => e.sni)).toEqual(['shop.example.com', 'blog.example.com']);
    expect(shownTargets()).toEqual(
      expect.arrayContaining(['shop.example.com at 10.0.0.7:8443', 'blog.example.com at 10.0.0.7:8443']),
    );
  });
});
