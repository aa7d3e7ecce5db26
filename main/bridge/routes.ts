// The bridge's routes: the Host/Origin wall first, then the page (without the token as built, holding no secret;
// with it, the window's first screen written in), the event stream and the contract calls (token, JSON body, the
// IPC schemas).
import type http from 'node:http';
import { HandlerError, type Handlers } from '../shared/contract';
import { answerCall, fail, readJson, type CallAnswer } from './api';
import type { EventHub } from './events';
import { bearerToken, hostAllowed, originAllowed, tokenMatches } from './guard';
import { SECURITY_HEADERS, serveStatic } from './static';

export interface RouterDeps {
  /** Known once the server listens. */
  port: () => number;
  token: string;
  handlers: Handlers;
  hub: EventHub;
  rendererDir: string;
  log: (line: string) => void;
  /**
   * index.html with the window's first screen written into it for a page in `locale`, or null when there is none
   * to write (the page then paints its own once its calls are answered).
   */
  firstScreen?: (indexHtml: string, locale: string | undefined) => string | null;
}

/**
 * The page's language from its request's Accept-Language (the browser's first choice, as `navigator.language`
 * names it), or undefined when it names none this runtime knows.
 */
export function pageLocale(acceptLanguage: string | undefined): string | undefined {
  const first = acceptLanguage?.split(',')[0]?.split(';')[0]?.trim();
  if (!first || first === '*') return undefined;
  try {
    return Intl.getCanonicalLocales(first)[0];
  } catch {
    return undefined;
  }
}

function sendJson(res: http.ServerResponse, answer: CallAnswer, extra: Record<string, string> = {}): void {
  res.writeHead(answer.status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    ...extra,
  });
  res.end(JSON.stringify(answer.body));
}

export function createRouter(deps: RouterDeps) {
  const { token, handlers, hub, rendererDir, log } = deps;
  const route = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const port = deps.port();
    if (!hostAllowed(req.headers.host, port) || !originAllowed(req.headers.origin, port))
      return sendJson(
        res,
        fail(403, 'FORBIDDEN', 'The bridge answers only pages it served itself, at 127.0.0.1 or localhost.'),
      );
    const { pathname, searchParams } = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendJson(res, fail(405, 'INVALID_REQUEST', 'Only GET here.'), { allow: 'GET, HEAD' });
      // The watchlist is written into the page only for the address the bridge printed, which carries the token:
      // anyone else on this computer gets the page as built.
      const firstScreen = deps.firstScreen;
      const entitled =
        firstScreen &&
        (pathname === '/' || pathname === '/index.html') &&
        tokenMatches(searchParams.get('token'), token);
      return serveStatic(
        req,
        res,
        rendererDir,
        pathname,
        entitled ? (html) => firstScreen(html, pageLocale(req.headers['accept-language'])) : undefined,
      );
    }
    // EventSource cannot send headers, so the stream alone also takes the token as a query parameter (as the page
    // does, above).
    const given =
      bearerToken(req.headers.authorization) ??
      (pathname === '/api/events' ? searchParams.get('token') : null);
    if (!tokenMatches(given, token))
      return sendJson(
        res,
        fail(401, 'FORBIDDEN', 'Missing or wrong bridge token: open the URL the bridge printed.'),
        {
          'www-authenticate': 'Bearer',
        },
      );
    if (pathname === '/api/events') {
      if (req.method !== 'GET')
        return sendJson(res, fail(405, 'INVALID_REQUEST', 'Only GET here.'), { allow: 'GET' });
      return hub.add(res);
    }
    const channel = /^\/api\/call\/([^/]+)$/.exec(pathname)?.[1];
    if (channel === undefined) return sendJson(res, fail(404, 'INVALID_REQUEST', 'No such endpoint.'));
    if (req.method !== 'POST')
      return sendJson(res, fail(405, 'INVALID_REQUEST', 'Calls are POST requests.'), { allow: 'POST' });
    // A JSON content type cannot be sent by a plain HTML form, one more wall against cross-site posts.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return sendJson(res, fail(415, 'INVALID_REQUEST', 'Calls must be sent as application/json.'));
    let payload: unknown;
    try {
      payload = await readJson(req);
    } catch (error) {
      const message = error instanceof HandlerError ? error.message : 'The request could not be read.';
      return sendJson(res, fail(400, 'INVALID_REQUEST', message));
    }
    let name: string;
    try {
      name = decodeURIComponent(channel);
    } catch {
      name = channel;
    }
    return sendJson(res, await answerCall(handlers, name, payload, log));
  };
  return (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> =>
    route(req, res).catch((error: unknown) => {
      log(`request failed: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) sendJson(res, fail(500, 'FAILED', 'The bridge failed to answer.'));
      else res.destroy();
    });
}
