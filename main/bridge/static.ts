// Serves the window built in bridge mode (read-only, inside its folder only) with the same CSP the Electron
// app sets, plus the headers a browser tab needs and Electron's file:// page did not.
import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

export const BRIDGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * No Cross-Origin-Opener-Policy, as the Electron window has none: the page opens no windows, listens to no
 * messages and holds no frames, and another site that opened it gets a page without the token (a new tab has
 * its own sessionStorage), so an opener's handle reaches nothing. `same-origin` would make Chromium move the tab
 * to a new renderer process on its first navigation, some 60 ms before the first paint on two cores.
 */
export const SECURITY_HEADERS = {
  'content-security-policy': BRIDGE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

/**
 * The CSP a page is sent with: BRIDGE_CSP, with the hash of each inline <script> the page carries added to
 * script-src and of each inline <style> to style-src (the bridge build inlines the page's start and its
 * stylesheet, vite.config.ts). A hash allows exactly that text; anything else inline stays refused.
 */
export function pagePolicy(html: string): string {
  const hashes = (tag: string) =>
    [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))]
      .map((m) => ` 'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`)
      .join('');
  return BRIDGE_CSP.replace("script-src 'self'", `script-src 'self'${hashes('script')}`).replace(
    "style-src 'self'",
    `style-src 'self'${hashes('style')}`,
  );
}

/** Files up to this size are answered from memory. */
const CACHED_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The page's files as last read, by path, read again when their size or time changes (a rebuild). Answered in
 * one write, the bundle reaches the browser whole even while the bridge computes the window's state, which the
 * page asks for as soon as its first script runs.
 */
const cache = new Map<string, { mtimeMs: number; size: number; body: Buffer }>();

async function contents(file: string, info: Stats): Promise<Buffer | null> {
  if (info.size > CACHED_MAX_BYTES) return null;
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit.body;
  const body = await readFile(file).catch(() => null);
  if (body && body.length === info.size) cache.set(file, { mtimeMs: info.mtimeMs, size: info.size, body });
  return body;
}

/** Each cached page's policy, worked out once per build of it (the page's Buffer stays while its file does). */
const policies = new WeakMap<Buffer, string>();

function policyOf(built: Buffer): string {
  let policy = policies.get(built);
  if (policy === undefined) policies.set(built, (policy = pagePolicy(built.toString('utf8'))));
  return policy;
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

/** The file a URL path names inside `root`, or null when it would step outside it. */
export function fileFor(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = path.posix.normalize(decoded === '/' ? '/index.html' : decoded).replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  const inside = path.relative(root, file);
  return inside && !inside.startsWith('..') && !path.isAbsolute(inside) ? file : null;
}

/**
 * Answers GET/HEAD of `pathname` inside `root`. `page`, when given, may rewrite an HTML page before it is sent
 * (the bridge writes the window's first screen into index.html); null leaves the page as built.
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  pathname: string,
  page?: (html: string) => string | null,
): Promise<void> {
  const file = fileFor(root, pathname);
  if (!file) return plain(res, 404, 'Not found.');
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    if (pathname === '/')
      return plain(
        res,
        503,
        'The window is not built yet: run `npm run dev:web`, which builds it in bridge mode.',
      );
    return plain(res, 404, 'Not found.');
  }
  const isPage = path.extname(file) === '.html';
  // A page is read before its headers: its policy names the hashes of what it carries inline.
  const built = isPage || req.method !== 'HEAD' ? await contents(file, info) : null;
  if (isPage && (!built || built.length !== info.size))
    return plain(res, 503, 'The window is being rebuilt: reload.');
  const rewritten = isPage && built && page ? page(built.toString('utf8')) : null;
  const body = rewritten === null ? built : Buffer.from(rewritten, 'utf8');
  const size = rewritten === null ? info.size : body!.length;
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    // The built page's: what a rewrite writes in is escaped text, never a script or a stylesheet.
    ...(isPage && built ? { 'content-security-policy': policyOf(built) } : {}),
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': size,
  });
  if (req.method === 'HEAD') return void res.end();
  if (body && body.length === size) return void res.end(body);
  createReadStream(file).pipe(res);
}
