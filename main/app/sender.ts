// Decides whether an IPC message comes from the app's own page: the top frame of the app's own window, showing
// the page the app loaded. A null frame (navigated or destroyed meanwhile) or any other origin is refused.

export interface SenderFrame {
  readonly url: string;
  readonly origin: string;
  readonly parent: unknown;
}

export interface SenderEvent {
  readonly sender: unknown;
  readonly senderFrame: SenderFrame | null;
}

/**
 * The origin as Chromium serialises it. file: origins are "file://"; a custom scheme registered as standard
 * (the app's `app://certwatch`) is scheme://host. WHATWG URL (Node) says "null" for both, which would match nothing.
 */
export function originOf(url: URL): string {
  if (url.protocol === 'file:') return 'file://';
  if (url.origin === 'null' && url.host) return `${url.protocol}//${url.host}`;
  return url.origin;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Chromium and Node may spell one file differently: percent-escapes, and the case of a Windows drive letter. */
function samePath(a: string, b: string): boolean {
  const norm = (p: string) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(p);
    } catch {
      return p;
    }
    return decoded.replace(/^\/([a-z]):\//i, (_m, drive: string) => `/${drive.toUpperCase()}:/`);
  };
  return norm(a) === norm(b);
}

export function createSenderCheck(deps: {
  /** The URL the window loads (app://certwatch/index.html, file:///…/index.html, or a vetted dev server). */
  appUrl: string;
  isAppContents: (contents: unknown) => boolean;
}): (event: SenderEvent) => boolean {
  const app = new URL(deps.appUrl);
  const appOrigin = originOf(app);
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || frame.origin !== appOrigin) return false;
    if (!deps.isAppContents(event.sender)) return false;
    const url = parse(frame.url);
    if (!url || originOf(url) !== appOrigin) return false;
    // Every file:// page shares one origin, so for files the page itself must be the app's.
    return app.protocol !== 'file:' || samePath(url.pathname, app.pathname);
  };
}
