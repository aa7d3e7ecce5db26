// What every web contents and the session are held to: the Content-Security-Policy, no navigation, no new
// windows, no permissions, and which URLs may leave the app (window options live in window.ts).

/**
 * Only the app's own bundled files run. No inline script, no eval, no remote hosts; the page talks to the
 * main process through the preload, never the network. Styles likewise come only from the bundle.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "worker-src 'none'",
].join('; ');

/** Links leave the app only for the web, and only to the default browser. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The one place a URL leaves the app for the default browser: http(s) only, checked here whatever the caller
 * checked, so no `file:`, `smb:` or custom-scheme handler is ever reachable from the page.
 */
export async function openInBrowser(
  shell: { openExternal(url: string): Promise<void> },
  url: string,
): Promise<boolean> {
  if (!isWebUrl(url)) return false;
  await shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK: reviewed, http(s) only (line above)
  return true;
}

/** A development server the window may load instead of the built files: plain http on this machine only. */
export function allowedDevUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
    return url.protocol === 'http:' && local && !url.username && !url.password ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** What every web contents is subject to; structural so tests can pass a small fake. */
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

/**
 * No page may open a window, navigate, redirect or attach a webview: not away, and not to another page of
 * app://certwatch/ either (the window routes inside its one page). A web link the user clicks opens in the
 * default browser instead (http/https only, so no `file:`, `smb:`, `app:` or other scheme handler is reachable).
 */
export function guardContents(contents: GuardedContents, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isWebUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (isWebUrl(url)) openExternal(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

type HeadersCallback = (response: { responseHeaders?: Record<string, string | string[]> }) => void;

export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (details: { responseHeaders?: Record<string, string[]> }, callback: HeadersCallback) => void,
    ): void;
    onBeforeRequest(
      filter: { urls: string[] },
      listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void,
    ): void;
  };
}

/**
 * The app needs no permission (camera, notifications from the page, geolocation...), so every request is
 * refused. The page comes from app://certwatch/ (protocol.ts), whose handler sends the CSP header on every
 * response; the page never needs a file:// URL, so any request for one is cancelled. The CSP is also sent
 * as a header on anything served over http(s). Only with an unpackaged development server is the header
 * left out: both policies would apply, and the server's page widens its own for hot reload.
 */
export function guardSession(session: GuardedSession, options: { devServer?: boolean } = {}): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: ['file://*/*'] }, (_details, callback) =>
    callback({ cancel: true }),
  );
  if (options.devServer) return;
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}
