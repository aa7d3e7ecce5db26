// The OS proxy for a URL, as Chromium resolves it (PAC scripts, WPAD, GNOME/KDE/macOS/Windows settings), so
// a corporate laptop's checks take the same route as its browser. Hands the answer to the core's parser.
import type { ProxyServer } from '../core/probe/proxy';
import { proxyFromPac } from '../core/probe/proxy';

export interface ProxyResolver {
  resolveProxy(url: string): Promise<string>;
}

export function systemProxyFrom(
  session: () => ProxyResolver,
): (url: string) => Promise<ProxyServer | undefined> {
  return async (url) => proxyFromPac(await session().resolveProxy(url));
}
