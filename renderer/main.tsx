// Entry point: mounts the window on the API the preload (or web bridge) exposed, or explains why it cannot.
// First import: the API (and in bridge mode the state request) exists before React is even evaluated.
import { earlyApi } from './api/early';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { CertwatchApi } from '../main/shared/contract';
import { App } from './App';
import { MissingBridge } from './components/layout/StatusScreens';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/table.css';
import './styles/dialog.css';
import './styles/details.css';
import './styles/overview.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

const root = createRoot(container);
const mount = (api: CertwatchApi | undefined) =>
  root.render(<StrictMode>{api ? <App api={api} /> : <MissingBridge />}</StrictMode>);

mount(earlyApi);
