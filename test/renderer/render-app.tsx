// Renders the whole window on the real engine (see engine-api.ts) and waits until the watchlist has loaded.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../renderer/App';
import { EngineApi } from './engine-api';

export async function renderApp(api: EngineApi = new EngineApi()) {
  const user = userEvent.setup();
  const utils = render(<App api={api} />);
  await screen.findByRole('heading', { name: 'Watchlist', level: 2 });
  return { user, api, ...utils };
}

/** The grid's body rows (the header row excluded), in display order. */
export function bodyRows(): HTMLElement[] {
  return screen.getAllByRole('row').filter((row) => row.closest('.grid-body'));
}

/** The host:port column of each body row, in display order. */
export function shownTargets(): string[] {
  return bodyRows().map((row) => row.querySelector('.cell-target')?.textContent ?? '');
}
