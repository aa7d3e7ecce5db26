// The metrics endpoint's listen address: `ADDR:PORT` with an IP literal (or `localhost`), never a name to resolve,
// and whether it is loopback. Shared by `certwatch watch --metrics` and the app's metrics setting.
import { isIP } from 'node:net';
import type { MetricsSettings } from '../../shared/model';

export interface ListenAddress {
  host: string;
  port: number;
  loopback: boolean;
}

/**
 * `127.0.0.1:9793`, `[::1]:9793`, `localhost:9793`, `0.0.0.0:9793`, `:9793` (every address). Port 0 picks a
 * free port. Only IP literals and `localhost`, so a typo never reaches the resolver.
 */
export function parseListenAddress(
  text: string,
): { ok: true; value: ListenAddress } | { ok: false; error: string } {
  const trimmed = text.trim();
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(trimmed);
  const example = 'e.g. 127.0.0.1:9793 or [::1]:9793';
  if (!match) return { ok: false, error: `"${trimmed}" is not an address and port (${example})` };
  const port = Number(match[3]);
  if (port > 65535) return { ok: false, error: `port ${port} is out of range (0 to 65535)` };
  const raw = match[1] ?? match[2] ?? '';
  const host = raw === '' ? '::' : raw.toLowerCase() === 'localhost' ? '127.0.0.1' : raw;
  if (match[1] !== undefined && isIP(host) !== 6)
    return { ok: false, error: `"${raw}" in brackets is not an IPv6 address (${example})` };
  if (!isIP(host))
    return { ok: false, error: `"${raw}" is not an IP address; listen on an IP address (${example})` };
  return { ok: true, value: { host, port, loopback: isLoopback(host) } };
}

export function isLoopback(ip: string): boolean {
  if (isIP(ip) === 4) return ip.startsWith('127.');
  const lower = ip.toLowerCase();
  return lower === '::1' || lower.startsWith('::ffff:127.');
}

/** Why the app's metrics setting cannot be used, in one sentence, or undefined when it can. */
export function metricsSettingsError(m: MetricsSettings): string | undefined {
  const parsed = parseListenAddress(m.address);
  if (!parsed.ok) return `Metrics address: ${parsed.error}.`;
  if (!parsed.value.loopback && !m.allowRemote)
    return `Metrics address ${m.address.trim()} can be reached from other computers, which would show them every host, owner and tag you watch; allow other computers explicitly, or use 127.0.0.1.`;
  return undefined;
}
