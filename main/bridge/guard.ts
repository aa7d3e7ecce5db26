// Who may talk to the bridge: requests addressed to this loopback port by name (a DNS-rebinding page names its
// own host), from the bridge's own origin when a browser says where it comes from, with the session token.
import { createHash, timingSafeEqual } from 'node:crypto';

const names = (port: number) => [`127.0.0.1:${port}`, `localhost:${port}`];

/** The Host header must name this port on loopback; a rebinding attack arrives with the attacker's name. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && names(port).includes(host.toLowerCase());
}

/** Browsers send Origin on cross-origin requests and on POSTs; when present it must be the bridge's own. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return names(port).some((n) => origin.toLowerCase() === `http://${n}`);
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1];
}

/** Compares digests so neither the length nor the content of the token leaks through timing. */
export function tokenMatches(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}
