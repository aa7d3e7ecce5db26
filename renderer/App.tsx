// The window's root: everything below talks to Certwatch only through the `api` given here.
import type { CertwatchApi } from '../main/shared/contract';
import { ApiProvider } from './api/ApiContext';
import type { FirstState } from './api/first-state';
import { Shell } from './app/Shell';

/** `first`: the first state, already asked for by the entry (main.tsx); absent, the window asks itself. */
export function App({ api, first }: { api: CertwatchApi; first?: FirstState | undefined }) {
  return (
    <ApiProvider api={api}>
      <Shell first={first} />
    </ApiProvider>
  );
}
