// The window's frame: loading, load failure with retry, engine messages, and following state:changed.
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/App';
import { askFirstState } from '../../renderer/api/first-state';
import { MissingBridge } from '../../renderer/components/layout/StatusScreens';
import { windowState } from '../../main/shared/window-state';
import { EngineApi } from './engine-api';
import { renderApp, shownTargets } from './render-app';

describe('App', () => {
  it('shows a loading state until the watchlist arrives', async () => {
    const api = new EngineApi([{ target: 'example.com', daysLeft: 40 }]);
    let release!: () => void;
    api.stateGate = new Promise((resolve) => (release = resolve));
    render(<App api={api} />);
    expect(screen.getByRole('status').textContent).toMatch(/Loading your watchlist/);
    await act(async () => release());
    expect(await screen.findByRole('grid', { name: 'Watchlist' })).toBeTruthy();
  });

  it('shows the watchlist on its first render when the entry’s early answer is already in', async () => {
    const api = new EngineApi([{ target: 'example.com', daysLeft: 40 }]);
    const first = askFirstState(api);
    await first.promise;
    render(<App api={api} first={first} />);
    expect(screen.queryByText(/Loading your watchlist/)).toBeNull();
    expect(screen.getByRole('grid', { name: 'Watchlist' })).toBeTruthy();
    expect(shownTargets()).toEqual(['example.com:443']);
    // That answer stands for the window's own request.
    expect(api.callsTo('window:state')).toHaveLength(1);
  });

  it('waits for the entry’s early answer instead of asking again when it is still on its way', async () => {
    const api = new EngineApi([{ target: 'example.com', daysLeft: 40 }]);
    let release!: () => void;
    api.stateGate = new Promise((resolve) => (release = resolve));
    const first = askFirstState(api);
    render(<App api={api} first={first} />);
    expect(screen.getByRole('status').textContent).toMatch(/Loading your watchlist/);
    await act(async () => release());
    expect(await screen.findByRole('grid', { name: 'Watchlist' })).toBeTruthy();
    expect(api.callsTo('window:state')).toHaveLength(1);
  });

  it('explains a failed load and retries on request', async () => {
    const api = new EngineApi([{ target: 'example.com', daysLeft: 40 }]);
    api.failNext('window:state', 'The store file is locked by another process.');
    const user = userEvent.setup();
    render(<App api={api} />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The store file is locked by another process.',
    );
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('grid', { name: 'Watchlist' })).toBeTruthy();
  });

  it('turns a broken bridge (rejected call) into a visible error', async () => {
    const api = new EngineApi();
    api.call = () => Promise.reject(new Error('bridge closed'));
    render(<App api={api} />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/did not answer \(bridge closed\)/);
  });

  it('explains what is wrong when the page runs without the bridge', () => {
    render(<MissingBridge />);
    expect(screen.getByRole('heading', { name: 'Certwatch cannot start here' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/window\.certwatch/);
  });

  it('shows messages from the engine', async () => {
    // A store file that is not JSON: the engine keeps it aside, starts afresh and says so.
    await renderApp(new EngineApi([], { damagedStore: true }));
    const notes = screen.getAllByRole('note').map((n) => n.textContent ?? '');
    expect(notes.join('\n')).toMatch(/store file was damaged\. The damaged file was kept, unchanged, as /);
  });

  it('follows state:changed pushes and ignores stale ones', async () => {
    const api = new EngineApi([{ target: 'a.example.com', daysLeft: 40 }]);
    await renderApp(api);
    const stale = api.state();
    api.seed({ target: 'b.example.com', daysLeft: 10 });
    act(() => api.pushState());
    expect(shownTargets()).toEqual(['b.example.com:443', 'a.example.com:443']);
    act(() => api.emit('state:changed', windowState({ ...stale, revision: 0 })));
    expect(shownTargets()).toEqual(['b.example.com:443', 'a.example.com:443']);
  });

  it('switches views from the navigation', async () => {
    const { user } = await renderApp(new EngineApi([{ target: 'example.com', daysLeft: 40 }]));
    const nav = screen.getByRole('navigation', { name: 'Views' });
    await user.click(within(nav).getByRole('button', { name: 'Overview' }));
    expect(screen.getByRole('heading', { name: 'Overview' })).toBeTruthy();
    expect(within(nav).getByRole('button', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');
    await user.click(within(nav).getByRole('button', { name: 'Settings' }));
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeTruthy();
  });
});
