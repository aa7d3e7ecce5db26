// `npm run dev:web`: builds the web bridge and the window in bridge mode, starts the bridge on 127.0.0.1 with the
// real engine and a throw-away watchlist, and prints the URL (token included) to open in any browser.
// Options: --port N (default: a free port), --store FILE (the same store file as the CLI's --store; default a
// throw-away watchlist). Anything that stops it from starting is one sentence on stderr and exit code 3.
/* global console, process, setTimeout, URL */
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { buildBridge } from './build.mjs';

const EXIT_START = 3;

/** One sentence, never a stack: the same promise the CLI makes. */
function fail(sentence) {
  process.stderr.write(`certwatch dev:web: ${sentence}\n`);
  process.exit(EXIT_START);
}

const KNOWN = new Set(['--port', '--store']);

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i];
    if (!KNOWN.has(name)) fail(`unknown option ${JSON.stringify(name)}; use --port N and/or --store FILE.`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) fail(`${name} needs a value.`);
    i += 1;
    if (name === '--port') {
      const port = Number(value);
      if (!/^\d+$/.test(value) || port < 1 || port > 65535)
        fail(`--port ${JSON.stringify(value)} is not a port number (1–65535).`);
      options.port = port;
    } else options.store = path.resolve(value);
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const root = fileURLToPath(new URL('..', import.meta.url));

let bridge;
try {
  await buildBridge();
  const { startBridge } = await import(pathToFileURL(path.join(root, 'dist/bridge/server.js')).href);
  bridge = await startBridge({
    ...(options.port ? { port: options.port } : {}),
    ...(options.store ? { storeFile: options.store } : {}),
  });
} catch (error) {
  // BridgeStartError and StoreError already are one sentence; anything else gets its first line only.
  const message = String(error instanceof Error ? error.message : error).split('\n')[0];
  fail(
    error instanceof Error && (error.name === 'BridgeStartError' || error.name === 'StoreError')
      ? message
      : `the web bridge could not start: ${message}`,
  );
}

console.log(`
Certwatch web bridge (development only; listens on 127.0.0.1, answers only with its token)
  Open: ${bridge.url}
  Watchlist: ${options.store ?? 'a temporary folder, removed on exit'}
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
