// How an entry is named to a person, on every surface (window table, tray, `certwatch list`, the watch log,
// notifications): its label, else the address as typed with the SNI name first when it differs
// (`shop.example.com at 127.0.0.1:8443`), so two names served from one address never read the same.
// Browser-safe (no Node imports): the renderer and the engine both use it.
import { displayText } from './untrusted-text';

/** Longest name a line carries; the details show the rest. */
const NAME_LIMIT = 80;

export interface Nameable {
  host: string;
  port: number;
  sni?: string | null;
  label?: string | null;
}

/** `host:port`, `[v6]:port`, a file path (port 0), or the host alone for port 443. */
export function shortAddress(e: Pick<Nameable, 'host' | 'port'>): string {
  if (e.port === 443 || e.port === 0) return e.host;
  return e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
}

/** The SNI name when it is not the host itself (case aside), else undefined. */
export function distinctSni(e: Pick<Nameable, 'host' | 'sni'>): string | undefined {
  const sni = e.sni?.trim();
  return sni && sni.toLowerCase() !== e.host.toLowerCase() ? sni : undefined;
}

/**
 * `address`, or `sni at address` when the entry sends an SNI name other than its host. `address` defaults to
 * the short address; the table and `list` pass the full target (`smtp://mail:587`) instead. Made safe to show.
 */
export function targetName(e: Pick<Nameable, 'host' | 'port' | 'sni'>, address = shortAddress(e)): string {
  const safeAddress = displayText(address, NAME_LIMIT);
  const sni = distinctSni(e);
  return sni ? `${displayText(sni, NAME_LIMIT)} at ${safeAddress}` : safeAddress;
}

/** The entry as the user knows it: its label when set, else its target name. */
export function entryName(e: Nameable, address?: string): string {
  const label = e.label?.trim();
  if (label) return displayText(label, NAME_LIMIT);
  return targetName(e, address);
}
