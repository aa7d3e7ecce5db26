// Entry point: mounts the window on the API the preload (or web bridge) exposed, or explains why it cannot.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { CertwatchApi } from '../main/shared/contract';
import { App } from './App';
import { bridgeApi } from './api/bridge-client';
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

// Imported with the page, not as a chunk fetched after it: the first `state:get` starts one round trip sooner.
// The app build drops it (the condition is the constant false there, and the module has no side effects).
mount(__CERTWATCH_BRIDGE__ && !window.certwatch ? bridgeApi() : window.certwatch);
