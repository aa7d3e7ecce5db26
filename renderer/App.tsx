// The window's root: everything below talks to Certwatch only through the `api` given here.
import type { CertwatchApi } from '../main/shared/contract';
import { ApiProvider } from './api/ApiContext';
import { Shell } from './app/Shell';

export function App({ api }: { api: CertwatchApi }) {
  return (
    <ApiProvider api={api}>
      <Shell />
    </ApiProvider>
  );
}
