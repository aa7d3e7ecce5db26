// The window itself, as a chunk of its own: React and every view. main.tsx loads it after starting the state
// request, and index.html loads it as a script too (vite.config.ts), so code and data download side by side.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { CertwatchApi } from '../main/shared/contract';
import { App } from './App';
import type { FirstState } from './api/first-state';
import { MissingBridge } from './components/layout/StatusScreens';

/** Mounts the window on the API the preload (or web bridge) exposed, or explains why it cannot. */
export function mount(container: HTMLElement, api: CertwatchApi | undefined, first?: FirstState): void {
  createRoot(container).render(
    <StrictMode>{api ? <App api={api} first={first} /> : <MissingBridge />}</StrictMode>,
  );
}
