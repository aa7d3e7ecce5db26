// `npm run dev:web`: builds the web bridge and the window in bridge mode, starts the bridge on 127.0.0.1 with the
// real engine and a throw-away watchlist, and prints the URL (token included) to open in any browser.
// Options: --port N (default: a free port), --store DIR (keep a watchlist between runs).
/* global console, process, setTimeout, URL */
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { buildBridge } from './build.mjs';

function option(name) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}

const root = fileURLToPath(new URL('..', import.meta.url));
await buildBridge();
const { startBridge } = await import(pathToFileURL(path.join(root, 'dist/bridge/server.js')).href);
const port = option('--port');
const storeDir = option('--store');
const bridge = await startBridge({
  ...(port ? { port: Number(port) } : {}),
  ...(storeDir ? { storeDir: path.resolve(storeDir) } : {}),
});

console.log(`
Certwatch web bridge (development only; listens on 127.0.0.1, answers only with its token)
  Open: ${bridge.url}
  Watchlist: ${storeDir ? path.resolve(storeDir) : 'a temporary folder, removed on exit'}
  Stop with Ctrl+C.
`);

// Ctrl+C reaches us twice under npm (the terminal and npm both send it), so later signals are ignored; a
// check still running gets a few seconds to finish before the process leaves anyway.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 5000).unref();
    void bridge.close().then(() => process.exit(0));
  });
}
