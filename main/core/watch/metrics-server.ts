// The HTTP endpoint Prometheus scrapes: `GET /metrics` answers OpenMetrics when the scraper asks for it (Accept)
// and the classic Prometheus text otherwise; a port that cannot be opened is one sentence.
import http from 'node:http';
import type { ListenAddress } from './listen-address';
import type { MetricsFormat, MetricsRenderer } from './metrics';

export { isLoopback, parseListenAddress, type ListenAddress } from './listen-address';

/**
 * Picks the format from an Accept header by its q-values: OpenMetrics when the scraper prefers it (Prometheus
 * does), the Prometheus text format otherwise, including when there is no Accept header (curl, old scrapers).
 */
export function negotiateFormat(accept: string | undefined): MetricsFormat {
  if (!accept) return 'prometheus';
  let openmetrics = 0;
  let prometheus = 0;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (type === 'application/openmetrics-text') openmetrics = Math.max(openmetrics, q);
    else if (type === 'text/plain' || type === 'text/*' || type === '*/*')
      prometheus = Math.max(prometheus, q);
  }
  return openmetrics > 0 && openmetrics >= prometheus ? 'openmetrics' : 'prometheus';
}

export interface MetricsServer {
  /** `http://127.0.0.1:9793/metrics`, with the port actually bound. */
  url: string;
  address: ListenAddress;
  close(): Promise<void>;
}

/** Why the port could not be opened, in one sentence (by error code, never by message text). */
export function bindErrorSentence(error: NodeJS.ErrnoException, where: string): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `cannot serve metrics on ${where}: the port is already in use (is another certwatch or exporter running?)`;
    case 'EACCES':
      return `cannot serve metrics on ${where}: permission denied (ports below 1024 need privileges; choose a higher port)`;
    case 'EADDRNOTAVAIL':
      return `cannot serve metrics on ${where}: this computer has no such address`;
    case 'EAFNOSUPPORT':
      return `cannot serve metrics on ${where}: this computer has no IPv6`;
    default:
      return `cannot serve metrics on ${where}: ${error.code ?? error.message}`;
  }
}

export class MetricsBindError extends Error {}

const hostPort = (a: { host: string; port: number }) =>
  a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;

const INDEX = `<!doctype html><title>Certwatch metrics</title><h1>Certwatch</h1><p><a href="metrics">Metrics</a></p>\n`;

/** Starts listening; rejects with a MetricsBindError (one sentence) when the address cannot be bound. */
export function startMetricsServer(options: {
  address: ListenAddress;
  metrics: MetricsRenderer;
  log?: (line: string) => void;
}): Promise<MetricsServer> {
  const { metrics, log } = options;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Only GET and HEAD.\n');
      return;
    }
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : INDEX);
      return;
    }
    if (path !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found; the metrics are at /metrics.\n');
      return;
    }
    metrics
      .render(negotiateFormat(req.headers.accept))
      .then(({ contentType, body }) => {
        res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      })
      .catch((error: Error) => {
        log?.(`metrics could not be rendered: ${error.message}`);
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('The metrics could not be rendered; see the log.\n');
      });
  });
  // A scraper that stops talking must not hold a socket for ever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return new Promise((resolve, reject) => {
    const where = hostPort(options.address);
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new MetricsBindError(bindErrorSentence(error, where))),
    );
    server.listen({ host: options.address.host, port: options.address.port, ipv6Only: false }, () => {
      const bound = server.address();
      const port = typeof bound === 'object' && bound ? bound.port : options.address.port;
      const address = { ...options.address, port };
      const urlHost = address.host === '::' || address.host === '0.0.0.0' ? 'localhost' : address.host;
      server.on('error', (error: Error) => log?.(`metrics server: ${error.message}`));
      resolve({
        url: `http://${hostPort({ host: urlHost, port })}/metrics`,
        address,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
