// Serves the window from `app://certwatch/` instead of file://: only files inside the built renderer folder,
// every response with the CSP header, anything else refused. With file:// gone, the
// grantFileProtocolExtraPrivileges fuse is off (electron-builder.yml), so no page gets file:// powers.
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from './security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'certwatch';
/** How Chromium spells the page's origin (a standard scheme has a host, like https). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;

/**
 * Privileges for the scheme, registered before the app is ready: standard (origins, relative URLs, ES
 * modules), secure (a secure context like https), and fetch. No CORS bypass, no service workers.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

/**
 * The file inside `rendererDir` an app:// URL names, or undefined: another host, an encoded separator or dot
 * segment, a NUL, or anything that would resolve outside the folder.
 */
export function appFileFor(rendererDir: string, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined;
  // URL parsing already removed plain "..": what is left encoded is an attempt, never a real file name.
  if (/%2f|%5c|%2e|%00/i.test(parsed.pathname) || parsed.pathname.includes('\\')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  const inside = path.relative(root, file);
  if (!inside || inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
  return file;
}

export interface AppProtocolDeps {
  /** The built renderer (dist/renderer, inside the asar once packaged). */
  rendererDir: string;
  readFile: (file: string) => Promise<Uint8Array>;
  /**
   * May rewrite the window's page (index.html) before it is sent: the app writes the watchlist's first screen
   * into it, so the rows are on screen with the page's first paint. Null sends the page as built.
   */
  page?: (html: string) => string | null;
}

/** What protocol.handle() passes in; Electron's is a fetch Request. */
export interface AppRequest {
  url: string;
  method: string;
}

type Body = ConstructorParameters<typeof Response>[0];

function respond(status: number, body: Body, type = 'text/plain; charset=utf-8'): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': type,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}

/** The handler for protocol.handle('app', …): GET/HEAD of files inside the renderer folder, nothing else. */
export function createAppProtocolHandler(deps: AppProtocolDeps): (request: AppRequest) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed');
    const file = appFileFor(deps.rendererDir, request.url);
    if (!file) return respond(404, 'Not found');
    let body: Uint8Array;
    try {
      body = await deps.readFile(file);
    } catch {
      return respond(404, 'Not found');
    }
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const rewritten =
      deps.page && file === path.resolve(deps.rendererDir, 'index.html')
        ? deps.page(Buffer.from(body).toString('utf8'))
        : null;
    return respond(200, request.method === 'HEAD' ? null : ((rewritten ?? body) as Body), type);
  };
}
