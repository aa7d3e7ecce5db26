// The facts the self-test reports about this computer, read without side effects: which roots the trust store
// holds and which it had to skip, how a notification reaches the desktop, and which proxy checks go through.
import { X509Certificate } from 'node:crypto';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import type { ProxySettings } from '../probe/proxy';
import { systemRoots } from '../probe/trust';
import type { RouteInfo, TrustInfo } from './doctor';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Counts what each source gives and what this runtime cannot read (a key it cannot load counts as unreadable). */
export function trustInfoFrom(sources: { name: string; pems: string[] }[]): TrustInfo {
  const seen = new Set<string>();
  let skipped = 0;
  const counted = sources.map(({ name, pems }) => {
    let count = 0;
    for (const block of pems.flatMap((p) => p.match(PEM_BLOCK) ?? [])) {
      try {
        const cert = new X509Certificate(block);
        void cert.publicKey.asymmetricKeyType; // BoringSSL throws here for keys it does not support
        seen.add(cert.fingerprint256);
        count++;
      } catch {
        skipped++;
      }
    }
    return { name, count };
  });
  return { sources: counted, size: seen.size, skipped };
}

/** The sources main/core/probe/trust.ts builds its store from: Node's roots, the OS store where Node reads it, a bundle. */
export function defaultTrustSources(bundle?: {
  path: string;
  pem: string;
}): { name: string; pems: string[] }[] {
  const out = [{ name: "Node's bundled roots", pems: [...tls.rootCertificates] }];
  // The same OS roots trust.ts adds: the runtime's own reader, or the distribution's bundle file on older Node.
  const system = systemRoots();
  if (system.source)
    out.push({
      name: system.source === 'runtime' ? 'the OS store' : `the OS store (${system.source})`,
      pems: system.pems,
    });
  if (bundle) out.push({ name: `CA bundle ${bundle.path}`, pems: [bundle.pem] });
  return out;
}

/** A program on PATH, as a shell would find it. */
export function findExecutable(
  name: string,
  env: NodeJS.ProcessEnv,
  platform = process.platform,
): string | undefined {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD').split(';') : [''];
  for (const dir of dirs)
    for (const ext of exts) {
      const file = path.join(dir, name + ext);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  return undefined;
}

export interface CliRouteDeps {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  which: (name: string) => string | undefined;
  exists?: (file: string) => boolean;
}

/** How `certwatch watch` would deliver a notification here (node-notifier picks the backend per platform). */
export function cliNotificationRoute(deps: CliRouteDeps): RouteInfo {
  const exists = deps.exists ?? existsSync;
  if (deps.platform === 'darwin')
    return { level: 'ok', detail: "Notification Center, through node-notifier's terminal-notifier" };
  if (deps.platform === 'win32')
    return { level: 'ok', detail: "Windows toasts, through node-notifier's SnoreToast" };
  const notifySend = deps.which('notify-send');
  if (!notifySend)
    return {
      level: 'warn',
      detail:
        'notify-send is not installed (Debian/Ubuntu: libnotify-bin), so `certwatch watch` cannot show notifications; rely on its exit codes',
    };
  const bus = deps.env.DBUS_SESSION_BUS_ADDRESS;
  if (!bus)
    return {
      level: 'warn',
      detail: `${notifySend} is installed, but no D-Bus session bus is set (DBUS_SESSION_BUS_ADDRESS), so notifications reach no desktop; rely on exit codes or set it (see README, cron)`,
    };
  const socket = /^unix:path=([^,;]+)/.exec(bus)?.[1];
  if (socket && !exists(socket))
    return {
      level: 'warn',
      detail: `DBUS_SESSION_BUS_ADDRESS names ${socket}, which does not exist: no desktop session is listening`,
    };
  return { level: 'ok', detail: `${notifySend} over the D-Bus session bus at ${bus}` };
}

export type MacSignature = 'developer-id' | 'ad-hoc' | 'unsigned' | 'unknown';

/** Reads `codesign -dv --verbose=2 <app>`'s report (it writes to stderr). */
export function macSignatureFrom(codesignOutput: string): MacSignature {
  if (/not signed at all/i.test(codesignOutput)) return 'unsigned';
  if (/^Signature=adhoc/im.test(codesignOutput)) return 'ad-hoc';
  if (/^Authority=Developer ID Application/im.test(codesignOutput)) return 'developer-id';
  return 'unknown';
}

export interface AppRouteDeps {
  platform: NodeJS.Platform;
  /** Electron's Notification.isSupported(). */
  supported: boolean;
  /** macOS only: how the running app is signed. */
  signature?: MacSignature;
  /** What the notifier has seen since start: set once a notification failed or fell back. */
  notice?: string | null;
}

/** How the app delivers a notification here, and whether macOS is likely to refuse it. */
export function appNotificationRoute(deps: AppRouteDeps): RouteInfo {
  if (deps.notice) return { level: 'warn', detail: deps.notice };
  if (!deps.supported)
    return {
      level: 'warn',
      detail:
        "Electron cannot notify on this desktop; notifications go through node-notifier's helper instead",
    };
  if (deps.platform === 'darwin' && deps.signature !== 'developer-id')
    return {
      level: 'warn',
      detail: `this build is ${deps.signature === 'ad-hoc' ? 'only ad-hoc signed' : deps.signature === 'unsigned' ? 'not signed' : 'not known to be signed'}: macOS may refuse its notifications, and Certwatch then sends them through node-notifier's terminal-notifier`,
    };
  return { level: 'ok', detail: "Electron's Notification (the desktop's notification service)" };
}

/** The proxy a direct-TLS target goes through, and where that choice came from. */
export function describeProxy(
  result: { ok: true; settings: ProxySettings } | { ok: false; error: string },
  origin: string,
): RouteInfo {
  if (!result.ok) return { level: 'fail', detail: `${result.error}: checks cannot run until it is fixed` };
  const { https, noProxy } = result.settings;
  if (!https) return { level: 'ok', detail: `direct (${origin} names no proxy)` };
  const except = noProxy.length ? `; not for ${noProxy.join(', ')} (NO_PROXY)` : '';
  return {
    level: 'ok',
    detail: `${https.url} for TLS targets, from ${origin}${except}; STARTTLS targets connect directly`,
  };
}
