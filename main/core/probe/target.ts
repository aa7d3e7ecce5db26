// Turns what a person types (host, host:port, [v6]:port, URLs such as smtp://host, certificate file paths)
// into a normalised Target. Parsing never throws: a bad input comes back as an error sentence that names it.
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { domainToASCII, fileURLToPath } from 'node:url';
import { STARTTLS_PROTOCOLS, type StarttlsProtocol, type Target } from '../../shared/types';
import { SCHEMES } from '../../shared/schemes';
import { displayText } from '../../shared/untrusted-text';
import { checkHost, parseNetworkTarget, type GrammarDeps } from '../../shared/target-grammar';

export { SCHEMES };
export { DEFAULT_PORT } from '../../shared/target-grammar';

/** The shared grammar with Node's IDNA conversion. */
export const NODE_GRAMMAR: GrammarDeps = { toAscii: (host) => domainToASCII(host) };

export interface TargetOptions {
  starttls?: StarttlsProtocol;
  sni?: string;
  /** Base of relative file paths (`./cert.pem`); defaults to the working directory. */
  cwd?: string;
  /** What `~/` means; defaults to the user's home directory. */
  home?: string;
  /** Accept a name without a dot (`intranet`); people confirm it explicitly (`--allow-single-label`). */
  allowSingleLabel?: boolean;
  /** A saved entry: the typo rules for new input (single-label names, scheme names) do not apply. */
  stored?: boolean;
}

/** A local path as people type it: absolute, `./`, `../`, `~/`, or a Windows drive path. */
const FILE_PATH = /^(\/|\.{1,2}[\\/]|~[\\/]|[a-z]:[\\/])/i;

export type ParseResult = { ok: true; target: Target } | { ok: false; error: string };

export function isStarttlsProtocol(value: string): value is StarttlsProtocol {
  return (STARTTLS_PROTOCOLS as readonly string[]).includes(value);
}

export function parseTarget(raw: string, options: TargetOptions = {}): ParseResult {
  const input = raw.trim();
  // The input may come from a file: its control characters are shown, never passed on.
  const fail = (why: string): ParseResult => ({
    ok: false,
    error: `Invalid target "${displayText(input || raw, 120)}": ${displayText(why, 400)}.`,
  });
  if (!input) return fail('it is empty');
  if (/^file:/i.test(input) || FILE_PATH.test(input)) return parseFileTarget(input, options, fail);
  if (/\s/.test(input)) return fail('it contains spaces');

  const network = parseNetworkTarget(input, NODE_GRAMMAR, {
    allowSingleLabel: options.allowSingleLabel,
    stored: options.stored,
  });
  if ('error' in network) return fail(network.error);

  const target: Target = { input, host: network.host, port: network.port };
  const starttls = options.starttls ?? network.starttls;
  if (starttls) target.starttls = starttls;
  if (options.sni) {
    const sni = normaliseHost(options.sni);
    if ('error' in sni) return fail(`the SNI name: ${sni.error}`);
    if (isIP(sni.host)) return fail('the SNI name must be a DNS name, not an IP address');
    if (sni.host !== target.host) target.sni = sni.host;
  }
  return { ok: true, target };
}

/** `file:///abs/cert.pem` or a bare path: the certificate file is read, no network involved. */
function parseFileTarget(
  input: string,
  options: TargetOptions,
  fail: (why: string) => ParseResult,
): ParseResult {
  let path: string;
  if (/^file:/i.test(input)) {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      return fail('it is not a valid file:// URL');
    }
    if (url.hostname && url.hostname !== 'localhost')
      return fail(`only local files can be watched, not files on "${url.hostname}"`);
    try {
      path = fileURLToPath(url);
    } catch (error) {
      return fail((error as Error).message);
    }
  } else if (/^~[\\/]/.test(input)) {
    path = resolvePath(options.home ?? homedir(), input.slice(2));
  } else {
    path = resolvePath(options.cwd ?? process.cwd(), input);
  }
  if (options.starttls) return fail('a certificate file has no STARTTLS dialogue');
  if (options.sni) return fail('a certificate file is not checked against a server name');
  return { ok: true, target: { input, host: path, port: 0, file: path } };
}

/** One host on its own (an SNI name, say): the shared rules, with names without a dot allowed by default. */
export function normaliseHost(
  raw: string,
  options: { allowSingleLabel?: boolean } = { allowSingleLabel: true },
): { host: string } | { error: string } {
  return checkHost(raw, NODE_GRAMMAR, options);
}

/** The name a client sends as SNI and checks the certificate against; undefined for a bare IP. */
export function serverName(target: Target): string | undefined {
  if (target.sni) return target.sni;
  return isIP(target.host) ? undefined : target.host;
}

/** host:port, with brackets around IPv6, for display and as a stable key; a certificate file (port 0) is its path. */
export function formatHostPort(host: string, port: number): string {
  if (port === 0) return host;
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
