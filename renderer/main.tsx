// Entry point: mounts the window on the API the preload (or web bridge) exposed, or explains why it cannot.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
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

const api = window.certwatch;
createRoot(container).render(<StrictMode>{api ? <App api={api} /> : <MissingBridge />}</StrictMode>);
